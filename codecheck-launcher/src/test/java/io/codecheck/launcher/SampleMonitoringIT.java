package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.launcher.jmx.JmxRole;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.Await;
import io.codecheck.testkit.FreePorts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.Test;

/**
 * Monitoring of the running sample as an operator sees it: the pool MXBeans read over remote JMX from this JVM
 * (Payara Micro is another process), MicroProfile readiness and Prometheus metrics. The sample runs against a
 * database this test owns, so that it can stop and start it.
 */
class SampleMonitoringIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Two sessions per pool: Flyway needs two of the read-write pool's; one sleep holds half the read-only one. */
    private static final int POOL_MAX = 2;

    @Test
    void poolsAreObservableOverJmxMetricsAndHealth() throws Exception {
        TestDatabase db = TestDatabase.get();
        // the database must be up at deployment: Payara validates the WAR's persistence unit by connecting
        try (RunningSample sample = SampleLauncher.start(settings(db), Console.system())) {
            assertEquals(200, status(sample.apiUri("jurisdictions")));
            db.stop(); // the running sample says why it is unhealthy, and recovers
            try {
                // the pooled sessions are cut first (57P01); then no new one can be opened, and health says so
                await("health reports the unreachable database (08001)", () -> {
                    try {
                        HttpResponse<String> r = get(sample.apiUri("health"));
                        return r.statusCode() == 503 && r.body().contains("\"unhealthy\"")
                                && r.body().contains("08001") ? 1 : 0;
                    } catch (Exception e) {
                        return 0;
                    }
                }, 1);
                assertEquals(503, status(sample.baseUri().resolve("/health/ready")));
            } finally {
                db.start();
            }
            await("health once the database is back", () -> status(sample.apiUri("health")), 200);

            try (JMXConnector monitor = connect(sample, JmxRole.MONITOR);
                 JMXConnector operator = connect(sample, JmxRole.OPERATOR)) {
                checkOverJmx(sample, db, monitor.getMBeanServerConnection(), operator.getMBeanServerConnection());
                checkJmxRoles(sample, monitor.getMBeanServerConnection(), operator.getMBeanServerConnection());
            }
            checkMetricsAndReadiness(sample, db);

            // no adapter session left once Micro has stopped
            sample.stopMicro();
            try (Connection admin = db.openAdminConnection()) {
                await("adapter sessions after Micro stopped", () -> adapterSessions(admin), 0);
            }
        }
    }

    /** Reads as {@code monitor} ({@code server}); the operations as {@code operator}. */
    private static void checkOverJmx(RunningSample sample, TestDatabase db, MBeanServerConnection server,
                                     MBeanServerConnection operator) throws Exception {
        ObjectName readOnly = new ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadOnly\"");
        ObjectName readWrite = new ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadWrite\"");
        assertEquals(Set.of(readOnly, readWrite), server.queryNames(new ObjectName("io.codecheck:*"), null));

        // N queries: QueriesExecuted grows by at least N
        long queriesBefore = (Long) server.getAttribute(readOnly, "QueriesExecuted");
        for (int i = 0; i < 20; i++) {
            assertEquals(200, get(sample.apiUri("jurisdictions")).statusCode());
        }
        assertTrue((Long) server.getAttribute(readOnly, "QueriesExecuted") >= queriesBefore + 20);

        // a forced statement timeout: Errors + 1, LastError names 57014
        long errorsBefore = (Long) server.getAttribute(readOnly, "Errors");
        HttpResponse<String> timedOut = get(sample.apiUri("demo/sleep?seconds=8"));
        assertEquals(504, timedOut.statusCode(), timedOut.body());
        assertEquals(errorsBefore + 1, (Long) server.getAttribute(readOnly, "Errors"));
        assertTrue(((String) server.getAttribute(readOnly, "LastError")).contains("57014"));

        // demo/sleep runs one call at a time, so it alone can no longer exhaust the read-only pool: a second
        // sleep is turned away at once with 429. Exhaustion is still real: one sleep and one catalogue read that
        // waits on a table lock held here take both sessions, and the next read waits DB_POOL_MAX_WAIT_MILLIS and
        // gets 503, PoolExhaustedCount + 1. The sleep answering 200 also shows that the 57014 above released the
        // endpoint's permit.
        long exhaustedBefore = (Long) server.getAttribute(readOnly, "PoolExhaustedCount");
        CompletableFuture<HttpResponse<String>> sleeper;
        CompletableFuture<HttpResponse<String>> blockedRead;
        try (Connection admin = db.openAdminConnection(); Statement lock = admin.createStatement()) {
            admin.setAutoCommit(false);
            lock.execute("LOCK TABLE jurisdiction IN ACCESS EXCLUSIVE MODE");
            sleeper = HTTP.sendAsync(request(sample.apiUri("demo/sleep?seconds=4")),
                    HttpResponse.BodyHandlers.ofString());
            blockedRead = HTTP.sendAsync(request(sample.apiUri("jurisdictions")), HttpResponse.BodyHandlers.ofString());
            await("both read-only sessions held", () -> (Integer) attribute(server, readOnly, "ActiveConnections"),
                    POOL_MAX);
            HttpResponse<String> secondSleep = get(sample.apiUri("demo/sleep?seconds=1"));
            assertEquals(429, secondSleep.statusCode(), secondSleep.body());
            assertTrue(secondSleep.body().startsWith("{\"error\":"), secondSleep.body());
            assertTrue(secondSleep.headers().firstValue("Retry-After").isPresent(), secondSleep.headers().toString());
            HttpResponse<String> starved = get(sample.apiUri("jurisdictions"));
            assertEquals(503, starved.statusCode(), starved.body());
            admin.rollback();
        }
        assertEquals(200, blockedRead.get().statusCode(), blockedRead.get().body());
        assertEquals(200, sleeper.get().statusCode(), sleeper.get().body());
        assertEquals(exhaustedBefore + 1, (Long) server.getAttribute(readOnly, "PoolExhaustedCount"));
        assertEquals(200, get(sample.apiUri("demo/sleep?seconds=0")).statusCode(), "the permit is free again");

        // operations
        CompositeData health = (CompositeData) operator.invoke(readWrite, "healthCheck", null, null);
        assertEquals("healthy", health.get("status"));
        assertEquals(Boolean.FALSE, health.get("isReplica"));
        long createdBefore = (Long) server.getAttribute(readOnly, "ConnectionsCreated");
        operator.invoke(readOnly, "softEvictConnections", null, null);
        assertEquals(200, get(sample.apiUri("jurisdictions")).statusCode());
        assertTrue((Long) server.getAttribute(readOnly, "ConnectionsCreated") > createdBefore,
                "a soft-evicted connection was replaced before reuse");

        // every attribute readable, none shows a secret; print the listing a console shows
        for (ObjectName pool : List.of(readOnly, readWrite)) {
            System.out.println("== " + pool);
            for (MBeanAttributeInfo a : server.getMBeanInfo(pool).getAttributes()) {
                String value = String.valueOf(server.getAttribute(pool, a.getName()));
                assertFalse(value.contains(db.password()), a.getName() + " shows the password");
                System.out.println("   " + a.getName() + " = " + value);
            }
        }
    }

    /**
     * The login and the two roles against the running sample: no anonymous or wrong login (whose password the
     * refusal does not quote); monitor reads the pools and invokes nothing; operator invokes the pool operations
     * and nothing else (DiagnosticCommand would let it run code in Micro's JVM).
     */
    private static void checkJmxRoles(RunningSample sample, MBeanServerConnection monitor,
                                      MBeanServerConnection operator) throws Exception {
        JMXServiceURL url = new JMXServiceURL(sample.jmxServiceUrl());
        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url).close(), "anonymous login");
        String wrong = "Wr0ng" + sample.jmxCredentials().password(JmxRole.MONITOR);
        SecurityException refused = assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"monitor", wrong})).close());
        assertFalse(String.valueOf(refused.getMessage()).contains(wrong), refused.getMessage());
        assertFalse(String.valueOf(refused.getMessage()).contains(sample.jmxCredentials().password(JmxRole.MONITOR)),
                refused.getMessage());

        ObjectName pool = new ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadWrite\"");
        ObjectName diagnostic = new ObjectName("com.sun.management:type=DiagnosticCommand");
        ObjectName memory = new ObjectName("java.lang:type=Memory");
        Object[] noOptions = {null};
        String[] stringArray = {String[].class.getName()};

        assertTrue((Integer) monitor.getAttribute(pool, "PoolSize") >= 0);
        monitor.getAttribute(pool, "Configuration");
        assertThrows(SecurityException.class, () -> monitor.invoke(pool, "softEvictConnections", null, null));
        assertThrows(SecurityException.class, () -> monitor.invoke(pool, "resetStatistics", null, null));
        assertThrows(SecurityException.class, () -> monitor.invoke(diagnostic, "vmVersion", noOptions, stringArray));

        operator.invoke(pool, "softEvictConnections", null, null);
        operator.invoke(pool, "resetStatistics", null, null);
        assertEquals(0L, (Long) monitor.getAttribute(pool, "Errors"), "resetStatistics cleared the counters");
        assertThrows(SecurityException.class, () -> operator.invoke(diagnostic, "vmVersion", noOptions, stringArray));
        assertThrows(SecurityException.class, () -> operator.invoke(diagnostic, "help", noOptions, stringArray));
        assertThrows(SecurityException.class, () -> operator.invoke(memory, "gc", null, null));
        assertThrows(SecurityException.class, () -> operator.unregisterMBean(pool));
        assertTrue(monitor.isRegistered(pool));
    }

    private static JMXConnector connect(RunningSample sample, JmxRole role) throws Exception {
        return JMXConnectorFactory.connect(new JMXServiceURL(sample.jmxServiceUrl()), Map.of(JMXConnector.CREDENTIALS,
                new String[] {role.user(), sample.jmxCredentials().password(role)}));
    }

    private static void checkMetricsAndReadiness(RunningSample sample, TestDatabase db) throws Exception {
        // platform metrics in Prometheus format
        HttpResponse<String> metrics = get(sample.baseUri().resolve("/metrics"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("codecheck_pool_queries_executed_total")
                && metrics.body().contains("pool=\"ReadOnly\"")
                && metrics.body().contains("codecheck_pool_exhausted_total")
                && metrics.body().contains("codecheck_pool_borrow_wait_p99"), metrics.body());

        // readiness follows the database
        URI ready = sample.baseUri().resolve("/health/ready");
        assertEquals(200, get(ready).statusCode());
        db.stop();
        try {
            await("readiness DOWN while the database is stopped", () -> status(ready), 503);
        } finally {
            db.start();
        }
        await("readiness UP once the database is back", () -> status(ready), 200);
    }

    private static LauncherSettings settings(TestDatabase db) {
        Map<String, String> env = new HashMap<>(System.getenv());
        RunningSample.CONNECTION_VARIABLES.forEach(env::remove);
        env.put("DB_HOST", db.host());
        env.put("DB_PORT", Integer.toString(db.port()));
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password());
        env.put("DB_NAME", db.database());
        env.put("DB_SSLMODE", "disable");
        env.put("DB_POOL_MIN", "1");
        env.put("DB_POOL_MAX", Integer.toString(POOL_MAX));
        env.put("DB_POOL_MAX_WAIT_MILLIS", "1000");
        env.put("DB_STATEMENT_TIMEOUT", "6000");
        Set<Integer> ports = new HashSet<>();
        while (ports.size() < 3) {
            ports.add(FreePorts.loopback());
        }
        Integer[] p = ports.toArray(new Integer[0]);
        Path workDir = Path.of(System.getProperty("codecheck.workDir")).resolveSibling("e2e-monitoring");
        return LauncherSettings.fromEnvironment(env, Path.of(System.getProperty("codecheck.rar")),
                        Path.of(System.getProperty("codecheck.war")), Path.of(System.getProperty("codecheck.microJar")),
                        workDir)
                .withPorts(p[0], p[1], p[2])
                .withDataDir(workDir.resolve("data")) // the JMX credentials; not the user's ~/.codecheck-ra
                .withStartupTimeout(Duration.ofSeconds(150));
    }

    private static Object attribute(MBeanServerConnection server, ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, IntSupplier actual, int expected) {
        Await.until(Duration.ofSeconds(30), () -> actual.getAsInt() == expected,
                () -> what + ": expected " + expected + ", last " + actual.getAsInt());
    }

    private static int status(URI uri) {
        try {
            return get(uri).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int adapterSessions(Connection admin) {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'codecheck-ra'")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(request(uri), HttpResponse.BodyHandlers.ofString());
    }
}
