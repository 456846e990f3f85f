package io.codecheck.it;

import io.codecheck.it.app.faults.FaultNames;
import io.codecheck.it.app.faults.FaultOps;
import io.codecheck.it.app.faults.FaultServlet;
import io.codecheck.it.support.AppClient;
import io.codecheck.it.support.Load;
import io.codecheck.it.support.MicroSetup;
import io.codecheck.it.support.Pools;
import io.codecheck.it.support.Reply;
import io.codecheck.it.support.Servers;
import io.codecheck.it.support.Wars;
import io.codecheck.ra.testsupport.FaultProxy;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.Await;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Server and network faults, driven from the test JVM (which owns the PostgreSQL server and the fault proxy) against
 * EJBs in Payara Micro that use {@code @Resource}-injected factories in container-managed transactions.
 */
@ExtendWith(ArquillianExtension.class)
class FaultsIT {

    private static FaultProxy proxy;

    @ArquillianResource
    URL url;

    private AppClient app;

    @Deployment(testable = false)
    static WebArchive deployment() {
        TestDatabase db = TestDatabase.get();
        try {
            proxy = FaultProxy.inFrontOf(db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> conn = Servers.connection(db);
        Pools pools = new Pools();
        pools.add(FaultNames.DIRECT).sizes(0, FaultNames.DIRECT_MAX).properties(conn)
                .property("poolName", FaultNames.DIRECT_POOL).property("applicationName", FaultNames.DIRECT_POOL)
                .property("statementTimeout", FaultNames.STATEMENT_TIMEOUT_MILLIS)
                .property("idleInTransactionTimeout", FaultNames.IDLE_IN_TRANSACTION_TIMEOUT_MILLIS)
                .property("validationInterval", FaultNames.VALIDATION_INTERVAL_MILLIS);
        int t = FaultNames.PROXIED_TIMEOUT_SECONDS;
        pools.add(FaultNames.PROXIED).sizes(0, 4).properties(conn)
                .property("serverName", proxy.host()).property("portNumber", proxy.port())
                .property("poolName", FaultNames.PROXIED_POOL).property("applicationName", FaultNames.PROXIED_POOL)
                .property("connectTimeout", t).property("loginTimeout", t).property("socketTimeout", t)
                .property("statementTimeout", 1000)
                // no validation round trip before reuse: a reused session meets the stall in its first query
                .property("validationInterval", 600_000);
        MicroSetup.prepare(List.of(), Map.of());
        return Wars.war("it-faults", pools).addClasses(FaultNames.class, FaultOps.class, FaultServlet.class);
    }

    @AfterAll
    static void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
        if (TestDatabase.get().isEmbedded()) {
            TestDatabase.get().start(); // in case a test failed while it was stopped
        }
    }

    @BeforeEach
    void client() {
        app = new AppClient(url);
    }

    @Test
    void postgresRestartWhileEightThreadsQuery_noErrorsOnceBack_noLeakedConnections() throws Exception {
        TestDatabase db = TestDatabase.get();
        // only when the tests use an external server or one in Docker (never in CI): it cannot be restarted here
        assumeTrue(db.isEmbedded(), "restarting PostgreSQL needs the embedded test server (TEST_PG_URL or "
                + "TEST_PG=testcontainers is set)");
        List<Load.Call> calls;
        long stoppedAt;
        long backAt;
        try (Load load = new Load(8, 5, () -> app.call("faults", "query"))) {
            // deliberate: the load runs normally for a while, then the server is down for a while, then back
            Thread.sleep(1_500);
            stoppedAt = System.nanoTime();
            db.stop();
            Thread.sleep(2_000);
            db.start();
            backAt = System.nanoTime();
            // deliberate: two seconds of load once the server is back
            Thread.sleep(2_000);
            // keep going until every thread has made several calls since (bounded: the machine may be loaded; the
            // assertions below say what a shortfall means)
            Await.within(Duration.ofNanos(Math.max(0, backAt + TimeUnit.SECONDS.toNanos(30) - System.nanoTime())),
                    () -> Load.startedAfter(load.snapshot(), backAt).size() >= 8 * 5);
            calls = load.stop();
        }

        List<Load.Call> before = Load.endedBefore(calls, stoppedAt);
        List<Load.Call> during = calls.stream().filter(c -> c.endNanos() >= stoppedAt && c.startNanos() <= backAt)
                .toList();
        List<Load.Call> after = Load.startedAfter(calls, backAt);
        assertTrue(before.size() >= 8, "calls before the restart: " + before.size());
        assertEquals(List.of(), Load.failed(before), "errors before the restart");
        assertTrue(!Load.failed(during).isEmpty(), "the outage must be seen by callers (else nothing was tested)");
        for (Load.Call c : Load.failed(during)) {
            assertTrue(isConnectionError(c.reply()), "error during the outage: " + c.reply());
        }
        assertTrue(after.size() >= 8 * 5, "calls after PostgreSQL was back: " + after.size());
        assertEquals(0, Load.failed(after).size(), "errors after PostgreSQL was back:"
                + Load.describe(Load.failed(after), 5));

        // no leaked connections: nothing left checked out, and the adapter's sessions are exactly the server's
        Await.until(Duration.ofSeconds(10), () -> stats(FaultNames.DIRECT_POOL).getInt("active") == 0,
                () -> "active connections after the load: " + stats(FaultNames.DIRECT_POOL));
        Await.until(Duration.ofSeconds(10), () -> stats(FaultNames.DIRECT_POOL).getInt("poolSize")
                        == backends(FaultNames.DIRECT_POOL),
                () -> "adapter sessions " + stats(FaultNames.DIRECT_POOL) + " vs server backends "
                        + backends(FaultNames.DIRECT_POOL));
        assertTrue(backends(FaultNames.DIRECT_POOL) <= FaultNames.DIRECT_MAX);
    }

    @Test
    void terminatingEveryAdapterBackend_callersThatBorrowAfterwardsSeeNoError() throws Exception {
        TestDatabase db = TestDatabase.get();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // several sessions in the pool
            List<Future<Reply>> warm = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                warm.add(pool.submit(() -> app.call("faults", "sleep", "seconds", 0.3)));
            }
            for (Future<Reply> f : warm) {
                f.get(30, TimeUnit.SECONDS).assertOk();
            }
            int pidBefore = app.call("faults", "pid").assertOk().getInt("pid");
            long validationFailuresBefore = stats(FaultNames.DIRECT_POOL).getLong("validationFailures");
            int sessions = backends(FaultNames.DIRECT_POOL);
            assertTrue(sessions >= 2, "sessions before: " + sessions);

            // idle past the validation interval, then kill every session of the pool
            Thread.sleep(FaultNames.VALIDATION_INTERVAL_MILLIS + 300L);
            assertEquals(sessions, db.terminateBackends(FaultNames.DIRECT_POOL));
            assertEquals(0, backends(FaultNames.DIRECT_POOL));

            List<Future<Reply>> afterwards = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                afterwards.add(pool.submit(() -> app.call("faults", "query")));
            }
            for (Future<Reply> f : afterwards) {
                f.get(30, TimeUnit.SECONDS).assertOk();
            }
            assertNotEquals(pidBefore, app.call("faults", "pid").assertOk().getInt("pid"));
            assertTrue(stats(FaultNames.DIRECT_POOL).getLong("validationFailures") > validationFailuresBefore,
                    "the dead sessions were found by validation and replaced");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void statementOverStatementTimeoutFailsWith57014AndThePoolKeepsWorking() {
        app.call("faults", "query").assertOk();
        long destroyedBefore = stats(FaultNames.DIRECT_POOL).getLong("destroyed");

        Reply r = app.call("faults", "sleep", "seconds", 5).assertFailed();
        assertEquals("DatabaseQueryException", r.exception(), r.toString());
        assertEquals("57014", r.sqlState(), r.toString());
        assertTrue(r.elapsedMillis() >= FaultNames.STATEMENT_TIMEOUT_MILLIS - 50
                && r.elapsedMillis() < FaultNames.STATEMENT_TIMEOUT_MILLIS + 2_000, r.toString());

        for (int i = 0; i < 5; i++) {
            app.call("faults", "query").assertOk();
        }
        assertEquals(destroyedBefore, stats(FaultNames.DIRECT_POOL).getLong("destroyed"),
                "a statement timeout must not cost the session");
    }

    @Test
    void idleInTransactionPastTheTimeoutGivesAClearErrorAndTheSessionIsEvicted() {
        app.call("faults", "query").assertOk();
        Reply statsBefore = stats(FaultNames.DIRECT_POOL);

        Reply r = app.call("faults", "idle", "millis", FaultNames.IDLE_IN_TRANSACTION_TIMEOUT_MILLIS + 1_500)
                .assertOk();
        assertEquals("DatabaseConnectionException", r.get("idle.exception"), r.toString());
        assertEquals("25P03", r.get("idle.sqlState"), r.toString());
        assertTrue(r.get("idle.message").contains("idle-in-transaction"), r.toString());
        int pid = r.getInt("pid");
        assertEquals(0, Servers.adminLong(TestDatabase.get(), "select count(*) from pg_stat_activity where pid = ?",
                pid), "the server ended the session");

        Reply statsAfter = stats(FaultNames.DIRECT_POOL);
        assertEquals(statsBefore.getLong("destroyed") + 1, statsAfter.getLong("destroyed"),
                "the broken session was destroyed: " + statsBefore + " -> " + statsAfter);
        assertEquals(statsBefore.getLong("validationFailures"), statsAfter.getLong("validationFailures"),
                "evicted on the error itself, not found later by validation");
        for (int i = 0; i < 5; i++) {
            assertNotEquals(pid, app.call("faults", "pid").assertOk().getInt("pid"));
        }
    }

    @Test
    void aServerThatAcceptsTcpButNeverAnswers_everyCallReturnsWithinItsTimeoutPlusOneSecond() throws Exception {
        long limitMillis = TimeUnit.SECONDS.toMillis(FaultNames.PROXIED_TIMEOUT_SECONDS) + 1_000;
        app.call("faults", "proxied").assertOk(); // one session through the proxy, reused below without validation
        proxy.stall();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // first the pooled session (socketTimeout), then new sessions (loginTimeout)
            for (int i = 0; i < 3; i++) {
                assertStalledCallWithin(app.call("faults", "proxied"), limitMillis);
            }
            List<Future<Reply>> concurrent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                concurrent.add(pool.submit(() -> app.call("faults", "proxied")));
            }
            for (Future<Reply> f : concurrent) {
                assertStalledCallWithin(f.get(30, TimeUnit.SECONDS), limitMillis);
            }
        } finally {
            proxy.forward();
            pool.shutdownNow();
        }
        app.call("faults", "proxied").assertOk();
    }

    /**
     * A statement that failed for connection reasons is a DatabaseConnectionException. When the server went away
     * between the statement and the container's COMMIT, the EJB container reports the failed commit itself, as an
     * EJBException whose XAException carries the adapter's LocalTransactionException (as text, not as a cause):
     * accepted when that names a connection SQLState (class 08, or 57P0x: the server shut down).
     */
    private static boolean isConnectionError(Reply r) {
        if ("DatabaseConnectionException".equals(r.exception())) {
            return true;
        }
        return "EJBException".equals(r.exception()) && CONTAINER_COMMIT_LOST_CONNECTION.matcher(
                r.get("chainMessages")).find();
    }

    private static final Pattern CONTAINER_COMMIT_LOST_CONNECTION = Pattern.compile(
            "XAException: jakarta\\.resource\\.spi\\.LocalTransactionException: codecheck-ra pool "
                    + FaultNames.DIRECT_POOL + ": commit failed: .*\\(SQLState (08...|57P0.)\\)");

    private static void assertStalledCallWithin(Reply r, long limitMillis) {
        r.assertFailed();
        assertEquals("DatabaseConnectionException", r.exception(), r.toString());
        // measured in the container around the EJB call; the HTTP round trip on top gets a second of slack
        assertTrue(r.elapsedMillis() <= limitMillis, "took " + r.elapsedMillis() + " ms > " + limitMillis + ": " + r);
        assertTrue(r.clientMillis() <= limitMillis + 1_000, "took " + r.clientMillis() + " ms at the client: " + r);
    }

    private Reply stats(String pool) {
        return app.call("faults", "stats", "pool", FaultNames.DIRECT_POOL.equals(pool) ? "direct" : "proxied")
                .assertOk();
    }

    private static int backends(String applicationName) {
        try {
            return TestDatabase.get().countBackends(applicationName);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
