package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.config.SslMode;
import io.codecheck.ra.jmx.PoolMBeanRegistration;
import io.codecheck.ra.testsupport.FaultProxy;
import io.codecheck.ra.testsupport.TestDatabase;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pool MXBean as a console sees it: over a real RMI JMX connection, with open types only (the client has no
 * project classes in what it reads), descriptions, and no secrets.
 */
class ConnectionPoolMXBeanTest {
    private static JMXConnectorServer server;
    private static JMXConnector client;
    private static MBeanServerConnection jmx;

    @BeforeAll
    static void startJmx() throws Exception {
        server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("rmi", "127.0.0.1", 0), null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        client = JMXConnectorFactory.connect(server.getAddress());
        jmx = client.getMBeanServerConnection();
    }

    @AfterAll
    static void stopJmx() throws Exception {
        client.close();
        server.stop();
    }

    @Test
    void everyAttributeIsReadableOverRemoteJmxWithDescriptionsAndNoSecrets() throws Exception {
        try (PoolFixture pool = new PoolFixture()) {
            ObjectName name = PoolMBeanRegistration.objectName(pool.applicationName);
            try (Connection c = pool.ds.getConnection()) {
                for (int i = 0; i < 5; i++) {
                    selectInt(c, "SELECT 1");
                }
                MBeanInfo info = jmx.getMBeanInfo(name);
                MBeanAttributeInfo[] attributes = info.getAttributes();
                assertEquals("PoolExhaustedCount", attributes[0].getName());
                assertEquals("Errors", attributes[1].getName());
                List<String> names = new ArrayList<>();
                for (MBeanAttributeInfo a : attributes) {
                    names.add(a.getName());
                    assertFalse(a.getDescription().equals(a.getName()), "no description for " + a.getName());
                    Object value = jmx.getAttribute(name, a.getName());
                    String text = String.valueOf(value);
                    assertFalse(text.contains(TestDatabase.APP_PASSWORD), a.getName() + " shows the password");
                    if (value != null) {
                        assertTrue(value.getClass().getName().startsWith("java.")
                                || value.getClass().getName().startsWith("javax.management.openmbean."),
                                a.getName() + " is not an open type: " + value.getClass());
                    }
                }
                assertTrue(names.containsAll(List.of("PoolSize", "ActiveConnections", "AvailableConnections",
                        "QueriesExecuted", "TransactionsExecuted", "TransactionsRolledBack", "Errors",
                        "PoolExhaustedCount", "LastError", "LastErrorTime", "ConnectionsCreated",
                        "ConnectionsDestroyed", "ValidationFailures", "LeaksDetected", "MeanBorrowWaitMillis",
                        "MaxBorrowWaitMillis", "MeanCreationMillis", "ServerName", "DatabaseName", "User",
                        "SslMode", "ReadOnly", "TargetServerType", "StatementTimeoutMillis", "BorrowWaitP50Millis",
                        "BorrowWaitP99Millis", "BorrowWaitMaxLastMinuteMillis", "CreationP50Millis",
                        "CreationP99Millis", "CreationMaxLastMinuteMillis")), names.toString());
                assertTrue((Long) jmx.getAttribute(name, "QueriesExecuted") >= 5);
                double p99 = (Double) jmx.getAttribute(name, "BorrowWaitP99Millis");
                assertTrue(p99 > 0 && p99 <= (Double) jmx.getAttribute(name, "BorrowWaitMaxLastMinuteMillis") + 1e-9,
                        "p99 " + p99 + " within the last minute's maximum");
                assertTrue((Double) jmx.getAttribute(name, "CreationP50Millis") > 0, "a session was opened");
                assertEquals(1, jmx.getAttribute(name, "ActiveConnections"));
                assertEquals(pool.server.user(), jmx.getAttribute(name, "User"));
                assertEquals("disable", jmx.getAttribute(name, "SslMode"));
                TabularData configuration = (TabularData) jmx.getAttribute(name, "Configuration");
                assertEquals("primary", configuration.get(new Object[] {"targetServerType"}).get("value"));
                assertEquals("auto", configuration.get(new Object[] {"sessionReset"}).get("value"));
                assertFalse(info.getDescription().isEmpty());
            }
        }
    }

    @Test
    void healthCheckResetAndSoftEvictWorkAsOperations() throws Exception {
        try (PoolFixture pool = new PoolFixture()) {
            ObjectName name = PoolMBeanRegistration.objectName(pool.applicationName);
            int before;
            Connection held = pool.ds.getConnection();
            before = selectInt(held, "SELECT pg_backend_pid()");
            int idlePid;
            try (Connection other = pool.ds.getConnection()) {
                idlePid = selectInt(other, "SELECT pg_backend_pid()");
            }

            CompositeData health = (CompositeData) jmx.invoke(name, "healthCheck", null, null);
            assertEquals("healthy", health.get("status"));
            assertTrue(((String) health.get("version")).startsWith("PostgreSQL"));
            assertEquals(Boolean.FALSE, health.get("isReplica"));

            jmx.invoke(name, "softEvictConnections", null, null);
            held.close(); // destroyed on return instead of being reused
            List<Integer> after = new ArrayList<>();
            List<Connection> again = List.of(pool.ds.getConnection(), pool.ds.getConnection());
            for (Connection c : again) {
                after.add(selectInt(c, "SELECT pg_backend_pid()"));
                c.close();
            }
            assertFalse(after.contains(before), "the connection in use was replaced when returned");
            assertFalse(after.contains(idlePid), "the idle connection was replaced before reuse");
            Await.backends(pool, 2);

            jmx.invoke(name, "resetStatistics", null, null);
            assertEquals(0L, jmx.getAttribute(name, "QueriesExecuted"));
        }
    }

    @Test
    void aRedeployedResourceTakesItsNameBackFromTheRetiredOne() throws Exception {
        TestConnectionManager cm = new TestConnectionManager();
        PgManagedConnectionFactory before = PoolFixture.factoryFor(TestDatabase.get(), "redeployed");
        try (Connection c = ((CodeCheckDataSourceImpl) before.createConnectionFactory(cm)).getConnection()) {
            selectInt(c, "SELECT 1");
        }
        ObjectName name = before.lifecycle().mbeanName();
        cm.shutdown(); // the application is undeployed: the container destroys its pool

        PgManagedConnectionFactory after = PoolFixture.factoryFor(TestDatabase.get(), "redeployed");
        after.createConnectionFactory(new TestConnectionManager());

        assertEquals(name, after.lifecycle().mbeanName(), "no \"(2)\" after a redeploy");
        assertEquals(null, before.lifecycle().mbeanName(), "the retired pool let go of its MBean");
        assertEquals(1, jmx.queryNames(new ObjectName("io.codecheck:type=ConnectionPool,name=\"redeployed*\""),
                null).size());
        after.shutdown();
    }

    @Test
    void aLivePoolWhoseSessionsAllDiedIsNotTakenForARetiredTwin() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(TestDatabase.get())) {
            java.util.function.Consumer<PgManagedConnectionFactory> settings = f -> {
                f.setServerName(proxy.host());
                f.setPortNumber(proxy.port());
                f.setLoginTimeout(1);
                f.setConnectTimeout(1);
                f.setValidationInterval(0); // validate on every borrow: the borrow below finds the dead session
                f.setLeakDetectionThreshold(300);
            };
            PgResourceAdapter ra = new PgResourceAdapter();
            try (PoolFixture live = new PoolFixture(settings)) {
                live.mcf.setResourceAdapter(ra);
                ObjectName name = PoolMBeanRegistration.objectName(live.applicationName);
                try (Connection c = live.ds.getConnection()) {
                    selectInt(c, "SELECT 1");
                }
                assertEquals(name, live.mcf.lifecycle().mbeanName());

                // the database restarts: every session ends, and for a while it accepts TCP but never answers
                assertEquals(1, live.terminateBackends());
                Await.backends(live, 0);
                proxy.stall();
                assertThrows(SQLException.class, live.ds::getConnection, "the server is still down");
                assertEquals(0, live.metrics().snapshot().poolSize(), "no session left");
                assertEquals(1, live.cm.size(), "the container still holds the managed connection");

                // meanwhile another resource with the same settings and poolName is deployed
                PgManagedConnectionFactory twin = PoolFixture.factoryFor(TestDatabase.get(), live.applicationName);
                settings.accept(twin);
                TestConnectionManager twinCm = new TestConnectionManager();
                twin.createConnectionFactory(twinCm);
                try {
                    assertEquals(name, live.mcf.lifecycle().mbeanName(), "the live pool keeps its MBean name");
                    assertTrue(jmx.isRegistered(name));
                    assertEquals(PoolMBeanRegistration.objectName(live.applicationName + " (2)"),
                            twin.lifecycle().mbeanName());
                    assertEquals(1, ra.livePools(), "the adapter still tracks the live pool");

                    // the server is back: the live pool borrows again, and its leak detector still reports
                    proxy.forward();
                    long leaksBefore = live.metrics().snapshot().leaksDetected();
                    try (Connection c = live.ds.getConnection()) {
                        assertEquals(1, selectInt(c, "SELECT 1"));
                        Await.until("leaks reported by the live pool", () -> live.metrics().snapshot().leaksDetected(),
                                leaksBefore + 1, Duration.ofSeconds(10));
                    }
                    assertEquals(1L, jmx.getAttribute(name, "LeaksDetected"));
                } finally {
                    twinCm.shutdown();
                    twin.shutdown();
                }
            }
        }
    }

    @Test
    void aLivePoolWhoseContainerDestroyedEveryConnectionOnlyLendsItsNameToATwin() throws Exception {
        PgResourceAdapter ra = new PgResourceAdapter();
        try (PoolFixture live = new PoolFixture(f -> f.setLeakDetectionThreshold(300))) {
            live.mcf.setResourceAdapter(ra);
            ObjectName name = PoolMBeanRegistration.objectName(live.applicationName);
            try (Connection c = live.ds.getConnection()) {
                selectInt(c, "SELECT 1");
            }
            // indistinguishable from an undeployed pool: the container destroyed every managed connection
            live.cm.shutdown();
            PgManagedConnectionFactory twin = PoolFixture.factoryFor(TestDatabase.get(), live.applicationName);
            twin.setLeakDetectionThreshold(300);
            twin.createConnectionFactory(new TestConnectionManager());
            try {
                assertEquals(name, twin.lifecycle().mbeanName(), "taken for a retired twin");
                assertEquals(null, live.mcf.lifecycle().mbeanName());

                // but it is used again: it borrows, its leak detector reports, and it has an MBean again
                long leaksBefore = live.metrics().snapshot().leaksDetected();
                try (Connection c = live.ds.getConnection()) {
                    assertEquals(1, selectInt(c, "SELECT 1"));
                    Await.until("leaks reported by the live pool", () -> live.metrics().snapshot().leaksDetected(),
                            leaksBefore + 1, Duration.ofSeconds(10));
                }
                ObjectName again = live.mcf.lifecycle().mbeanName();
                assertEquals(PoolMBeanRegistration.objectName(live.applicationName + " (2)"), again);
                assertTrue(jmx.isRegistered(again));
                assertEquals(name, twin.lifecycle().mbeanName(), "the twin keeps the name it took");
                assertEquals(1, ra.livePools());
            } finally {
                twin.shutdown();
            }
        }
    }

    @Test
    void aPoolWhoseFactoryTheContainerDroppedLosesItsMBeanAndLeakDetectorThread() throws Exception {
        PgResourceAdapter ra = new PgResourceAdapter();
        ObjectName name = useAndDropAPool(ra, "dropped");
        assertTrue(jmx.isRegistered(name), "registered while the factory is in use");
        assertEquals(1, ra.livePools());

        // containers give no signal when an application's pool goes: the factory's collection is the signal
        Await.until("the MBean of a pool whose factory is gone is registered", () -> {
            System.gc();
            return jmx.isRegistered(name);
        }, false, Duration.ofSeconds(10));
        Await.until("pools the adapter tracks", ra::livePools, 0, Duration.ofSeconds(10));
        Await.until("the leak detector thread runs", () -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("codecheck-ra-leak-detector-dropped-")), false,
                Duration.ofSeconds(10));
    }

    @Test
    void healthCheckGoesThroughAConnectionFactoryStillInUseWhenTheFirstOneIsGone() throws Exception {
        TestConnectionManager cm = new TestConnectionManager();
        PgManagedConnectionFactory mcf = PoolFixture.factoryFor(TestDatabase.get(), "several-factories");
        // containers may create a connection factory per lookup; the first one here is dropped at once
        java.lang.ref.WeakReference<Object> first = new java.lang.ref.WeakReference<>(mcf.createConnectionFactory(cm));
        Object held = mcf.createConnectionFactory(cm);
        Await.until("the dropped connection factory is collected", () -> {
            System.gc();
            return first.get() == null;
        }, true, Duration.ofSeconds(10));

        CompositeData health = (CompositeData) jmx.invoke(mcf.lifecycle().mbeanName(), "healthCheck", null, null);
        assertEquals("healthy", health.get("status"), String.valueOf(health));
        assertNotNull(held);
        cm.shutdown();
        mcf.shutdown();
    }

    /** What the container does for an application with its own resource, until the application is undeployed. */
    private static ObjectName useAndDropAPool(PgResourceAdapter ra, String poolName) throws Exception {
        TestConnectionManager cm = new TestConnectionManager();
        PgManagedConnectionFactory mcf = PoolFixture.factoryFor(TestDatabase.get(), poolName);
        mcf.setLeakDetectionThreshold(60_000);
        mcf.setResourceAdapter(ra);
        CodeCheckDataSourceImpl ds = (CodeCheckDataSourceImpl) mcf.createConnectionFactory(cm);
        try (Connection c = ds.getConnection()) {
            selectInt(c, "SELECT 1");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("codecheck-ra-leak-detector-" + poolName + "-")));
        cm.shutdown(); // undeployed: the container destroys the pool's connections and forgets the factory
        return mcf.lifecycle().mbeanName();
    }

    @Test
    void twoResourcesWithOnePoolNameGetTwoMBeansAndStoppingTheAdapterRemovesThem() throws Exception {
        PgResourceAdapter ra = new PgResourceAdapter();
        try (PoolFixture first = new PoolFixture(f -> f.setPoolName("shared-name"));
             PoolFixture second = new PoolFixture(f -> f.setPoolName("shared-name"))) {
            first.mcf.setResourceAdapter(ra);
            second.mcf.setResourceAdapter(ra);
            ObjectName one = first.mcf.lifecycle().mbeanName();
            ObjectName two = second.mcf.lifecycle().mbeanName();

            assertNotEquals(one, two);
            assertTrue(jmx.isRegistered(one) && jmx.isRegistered(two));
            assertEquals(1, jmx.queryNames(new ObjectName("io.codecheck:type=ConnectionPool,name=\"shared-name\""),
                    null).size());

            ra.stop();

            assertFalse(jmx.isRegistered(one));
            assertFalse(jmx.isRegistered(two));
        }
    }
}
