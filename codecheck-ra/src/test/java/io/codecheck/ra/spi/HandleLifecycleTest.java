package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.jdbc.ConnectionHandle;
import io.codecheck.ra.testsupport.TestDatabase;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ManagedConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Handles, their statements and the waits of the pool, when applications and containers do the unexpected: use
 * after close, association that fails, destroy() racing an application thread, a call still running or a COPY left
 * open when the session goes back.
 */
class HandleLifecycleTest {
    private PoolFixture pool;

    @BeforeAll
    static void createTable() throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS handle_copy (x int)");
            s.execute("GRANT ALL ON handle_copy TO " + TestDatabase.get().user());
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        pool = new PoolFixture(f -> {
            f.setStatementTimeout(60_000);
            f.setValidationTimeout(1000);
        });
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    private ManagedConnection newManagedConnection() throws ResourceException {
        return pool.mcf.createManagedConnection(null, null);
    }

    // ---- a closed handle and everything made through it refuse use ----

    @Test
    void statementsResultSetsAndMetadataOfAClosedHandleFailWith08003() throws Exception {
        Connection c = pool.ds.getConnection();
        Statement s = c.createStatement();
        s.setFetchSize(1);
        ResultSet rs = s.executeQuery("SELECT 1");
        var metaData = c.getMetaData();
        c.close();

        assertEquals("08003", assertThrows(SQLException.class, () -> s.execute("SELECT 1")).getSQLState());
        assertEquals("08003", assertThrows(SQLException.class, rs::next).getSQLState());
        assertEquals("08003", assertThrows(SQLException.class, metaData::getUserName).getSQLState());
        assertEquals("08003", assertThrows(SQLException.class,
                () -> metaData.getTables(null, null, "%", null)).getSQLState());
    }

    @Test
    void aMetadataResultSetOfAClosedHandleRefuses() throws Exception {
        Connection c = pool.ds.getConnection();
        ResultSet tables = c.getMetaData().getTables(null, null, "%", null);
        c.close();
        assertEquals("08003", assertThrows(SQLException.class, tables::next).getSQLState());
    }

    @Test
    void anArrayOfAClosedHandleRefuses() throws Exception {
        Connection c = pool.ds.getConnection();
        java.sql.Array array;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ARRAY[1, 2]")) {
            rs.next();
            array = rs.getArray(1);
        }
        c.close();
        assertEquals("08003", assertThrows(SQLException.class, array::getResultSet).getSQLState());
        assertEquals("08003", assertThrows(SQLException.class, array::getArray).getSQLState());
    }

    // ---- associateConnection ----

    @Test
    void aFailedAssociationLeavesTheHandleWithItsOwner() throws Exception {
        ManagedConnection first = newManagedConnection();
        ManagedConnection second = newManagedConnection();
        Connection h = (Connection) first.getConnection(null, null);
        second.destroy();

        assertThrows(ResourceException.class, () -> second.associateConnection(h));

        assertSame(first, ((ConnectionHandle) h).owner(PgManagedConnection.HANDLE_KEY));
        assertEquals(1, ((PgManagedConnection) first).handleCount());
        assertEquals(1, selectInt(h, "SELECT 1"), "the handle still works on its session");
        first.destroy();
    }

    @Test
    void aSuccessfulAssociationClosesStatementsOfTheSessionLeftBehind() throws Exception {
        ManagedConnection first = newManagedConnection();
        ManagedConnection second = newManagedConnection();
        Connection h = (Connection) first.getConnection(null, null);
        int secondPid;
        try (Connection probe = (Connection) second.getConnection(null, null)) {
            secondPid = selectInt(probe, "SELECT pg_backend_pid()");
        }
        Statement old = h.createStatement();

        second.associateConnection(h);

        assertTrue(old.isClosed(), "a statement of the old session cannot follow the handle");
        assertThrows(SQLException.class, () -> old.execute("SELECT 1"));
        assertEquals(secondPid, selectInt(h, "SELECT pg_backend_pid()"), "the handle now runs on the new session");
        assertEquals(0, ((PgManagedConnection) first).handleCount());
        first.destroy();
        second.destroy();
    }

    // ---- shareable handles ----

    @Test
    void closingOneOfTwoHandlesOfASessionLeavesTheOtherAlone() throws Exception {
        ManagedConnection mc = newManagedConnection();
        Connection h1 = (Connection) mc.getConnection(null, null);
        Connection h2 = (Connection) mc.getConnection(null, null);
        Statement s2 = h2.createStatement();
        h1.createStatement();

        h1.close();

        assertEquals(1, selectInt(h2, "SELECT 1"));
        try (ResultSet rs = s2.executeQuery("SELECT 2")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
        mc.destroy();
    }

    /**
     * Payara's associate-with-thread pool can hand a session to the next borrower between marking it free and calling
     * cleanup() for the previous borrower (README, "Pool options on Payara"). Replayed here in one thread, this pins
     * what the adapter then does, and why it cannot do otherwise: cleanup() invalidates every handle, so the next
     * borrower's statement fails (08003 here; the driver's "This statement has been closed" when cleanup() closes the
     * statement while a call is already past the handle's check, as in the benchmark); and the close of a handle
     * that cleanup() invalidated is not reported, since after cleanup() the session is the container's again.
     */
    @Test
    void aCleanupArrivingAfterTheNextBorrowInvalidatesThatBorrowersHandle() throws Exception {
        ManagedConnection mc = newManagedConnection();
        ManagedConnectionContractTest.Recorder recorder = new ManagedConnectionContractTest.Recorder();
        mc.addConnectionEventListener(recorder);
        Connection first = (Connection) mc.getConnection(null, null);
        first.close(); // the container marks the session free ...
        Connection second = (Connection) mc.getConnection(null, null); // ... another thread takes it ...
        var statement = second.prepareStatement("SELECT 1");

        mc.cleanup(); // ... and only then cleans up after the first borrower

        SQLException e = assertThrows(SQLException.class, statement::executeQuery);
        assertEquals("08003", e.getSQLState(), e.getMessage()); // "codecheck-ra connection handle is closed"
        assertTrue(second.isClosed());
        second.close();
        List<ConnectionEvent> closedEvents = recorder.events.stream()
                .filter(event -> event.getId() == ConnectionEvent.CONNECTION_CLOSED).toList();
        assertEquals(1, closedEvents.size(), "only the first handle's close is reported");
        assertSame(first, closedEvents.get(0).getConnectionHandle());
        mc.destroy();
    }

    // ---- destroy racing an application thread ----

    @Test
    void destroyRacingAnApplicationThreadAlwaysClosesTheSession() throws Exception {
        for (int round = 0; round < 20; round++) {
            ManagedConnection mc = newManagedConnection();
            Connection h = (Connection) mc.getConnection(null, null);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            CountDownLatch running = new CountDownLatch(1);
            Thread app = new Thread(() -> {
                List<Statement> open = new ArrayList<>();
                running.countDown();
                while (!stop.get()) {
                    try {
                        Statement s = h.createStatement();
                        open.add(s);
                        s.execute("SELECT 1");
                    } catch (SQLException expected) {
                        return; // the handle is gone: that is what the application sees
                    } catch (RuntimeException e) {
                        unexpected.set(e);
                        return;
                    }
                }
            });
            app.start();
            running.await();
            Thread.sleep(round % 5);
            mc.destroy(); // must not throw (a ConcurrentModificationException, say)
            stop.set(true);
            app.join(5000);
            assertEquals(null, unexpected.get(), "application thread");
        }
        Await.backends(pool, 0);
    }

    @Test
    void destroyRacingStatementCreationNeverThrowsAndClosesTheSession() throws Exception {
        for (int round = 0; round < 100; round++) {
            ManagedConnection mc = newManagedConnection();
            Connection h = (Connection) mc.getConnection(null, null);
            for (int i = 0; i < 200; i++) {
                h.createStatement(); // a long list of open statements for destroy() to close
            }
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch running = new CountDownLatch(1);
            Thread app = new Thread(() -> {
                running.countDown();
                while (!stop.get()) {
                    try {
                        h.createStatement();
                    } catch (SQLException | RuntimeException gone) {
                        return;
                    }
                }
            });
            app.start();
            running.await();
            try {
                mc.destroy(); // iterates the handle's statements while the application adds to them
            } finally {
                stop.set(true);
                app.join(5000);
            }
        }
        Await.backends(pool, 0);
    }

    @Test
    void aConnectionErrorEventFiresOnceWhenTwoHandlesFailTogether() throws Exception {
        ManagedConnection mc = newManagedConnection();
        ManagedConnectionContractTest.Recorder recorder = new ManagedConnectionContractTest.Recorder();
        mc.addConnectionEventListener(recorder);
        Connection h1 = (Connection) mc.getConnection(null, null);
        Connection h2 = (Connection) mc.getConnection(null, null);
        pool.terminateBackends();

        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<?> a = CompletableFuture.runAsync(() -> fail(start, h1));
        CompletableFuture<?> b = CompletableFuture.runAsync(() -> fail(start, h2));
        start.countDown();
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);

        long errors = recorder.events.stream().filter(e -> e.getId() == ConnectionEvent.CONNECTION_ERROR_OCCURRED)
                .count();
        assertEquals(1, errors);
        mc.destroy();
    }

    @Test
    void twoThreadsReportingAFatalErrorAtOnceFireOneEvent() throws Exception {
        for (int round = 0; round < 300; round++) {
            PgManagedConnection mc = (PgManagedConnection) newManagedConnection();
            ManagedConnectionContractTest.Recorder recorder = new ManagedConnectionContractTest.Recorder();
            mc.addConnectionEventListener(recorder);
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            SQLException dead = new SQLException("terminating connection", "57P01");
            Runnable report = () -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                mc.fatalError(null, dead);
            };
            CompletableFuture<?> other = CompletableFuture.runAsync(report);
            report.run();
            other.get(10, TimeUnit.SECONDS);
            assertEquals(1, recorder.events.size(), "round " + round);
            mc.destroy();
        }
    }

    private static void fail(CountDownLatch start, Connection h) {
        try {
            start.await();
            selectInt(h, "SELECT 1");
        } catch (SQLException | InterruptedException expected) {
            // the backend was terminated
        }
    }

    // ---- every wait is bounded ----

    @Test
    void aQueryStillRunningWhenTheHandleIsClosedDoesNotHoldUpTheNextBorrower() throws Exception {
        Connection a = pool.ds.getConnection();
        Statement s = a.createStatement();
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try {
                return s.execute("SELECT pg_sleep(30)");
            } catch (SQLException e) {
                return e;
            }
        });
        closingFromAnotherThreadDoesNotWait(a, running, "the query", () -> activeSleeps());
    }

    @Test
    void aFetchStillRunningWhenTheHandleIsClosedDoesNotHoldUpTheNextBorrower() throws Exception {
        pool.close();
        pool = new PoolFixture(pool.server, f -> f.setStatementTimeout(60_000), new TestConnectionManager(1, false));
        Connection a = pool.ds.getConnection();
        a.setAutoCommit(false);
        Statement s = a.createStatement();
        s.setFetchSize(1); // a portal: each next() past the first row asks the server for the next one
        ResultSet rs = s.executeQuery("SELECT pg_sleep(CASE WHEN n = 1 THEN 0 ELSE 20 END) FROM generate_series(1, 3) n");
        rs.next();
        CompletableFuture<Object> fetching = CompletableFuture.supplyAsync(() -> {
            try {
                return rs.next();
            } catch (SQLException e) {
                return e;
            }
        });
        closingFromAnotherThreadDoesNotWait(a, fetching, "the fetch", () -> activeSleeps());
    }

    @Test
    void aCommitStillRunningWhenTheHandleIsClosedDoesNotHoldUpTheNextBorrower() throws Exception {
        pool.close();
        pool = new PoolFixture(pool.server, f -> f.setStatementTimeout(60_000), new TestConnectionManager(1, false));
        try (Connection admin = pool.server.openAdminConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS handle_slow_commit (x int)");
            s.execute("GRANT ALL ON handle_slow_commit TO " + pool.server.user());
            s.execute("CREATE OR REPLACE FUNCTION handle_slow_check() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$f$BEGIN PERFORM pg_sleep(20); RETURN NULL; END$f$");
            s.execute("DROP TRIGGER IF EXISTS handle_slow ON handle_slow_commit");
            s.execute("CREATE CONSTRAINT TRIGGER handle_slow AFTER INSERT ON handle_slow_commit DEFERRABLE "
                    + "INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION handle_slow_check()");
        }
        Connection a = pool.ds.getConnection();
        a.setAutoCommit(false);
        try (Statement s = a.createStatement()) {
            s.execute("INSERT INTO handle_slow_commit VALUES (1)");
        }
        CompletableFuture<Object> committing = CompletableFuture.supplyAsync(() -> {
            try {
                a.commit();
                return "committed";
            } catch (SQLException e) {
                return e;
            }
        });
        closingFromAnotherThreadDoesNotWait(a, committing, "the commit", () -> activeQueries("COMMIT"));
    }

    /**
     * While {@code call} runs on {@code a}'s session (seen as one active backend query), another thread closes
     * {@code a}: the close and the next borrow take no longer than 3 s, the call fails rather than finishing, and the
     * backend stops running it.
     */
    private void closingFromAnotherThreadDoesNotWait(Connection a, CompletableFuture<Object> call, String what,
            java.util.concurrent.Callable<Integer> activeOnTheServer) throws Exception {
        Await.until(what + " runs", activeOnTheServer, 1, Duration.ofSeconds(10));
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            a.close();
            try (Connection b = pool.ds.getConnection()) {
                assertEquals(1, selectInt(b, "SELECT 1"));
            }
        });
        Object outcome = call.get(25, TimeUnit.SECONDS);
        assertTrue(outcome instanceof SQLException, what + " fails rather than finishing: " + outcome);
        Await.until(what + " is gone from the server", activeOnTheServer, 0, Duration.ofSeconds(10));
    }

    private int activeQueries(String query) throws SQLException {
        try (Connection admin = pool.server.openAdminConnection()) {
            return selectInt(admin, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                    + pool.applicationName + "' AND query LIKE '%" + query + "' AND state = 'active'");
        }
    }

    private int activeSleeps() throws SQLException {
        try (Connection admin = pool.server.openAdminConnection()) {
            return selectInt(admin, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                    + pool.applicationName + "' AND query LIKE 'SELECT pg_sleep%' AND state = 'active'");
        }
    }

    @Test
    void destroyOfASessionWithACopyLeftOpenReturnsAtOnceAndEndsTheBackend() throws Exception {
        ManagedConnection mc = newManagedConnection();
        Connection h = (Connection) mc.getConnection(null, null);
        CopyIn copy = h.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY handle_copy FROM STDIN");
        byte[] row = "1\n".getBytes(StandardCharsets.US_ASCII);
        copy.writeToCopy(row, 0, row.length);

        assertTimeoutPreemptively(Duration.ofSeconds(3), mc::destroy);
        Await.backends(pool, 0);
    }

    @Test
    void aCopyLeftOpenByABorrowerIsNeverValidatedOrResetButReplaced() throws Exception {
        Connection a = pool.ds.getConnection();
        CopyIn copy = a.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY handle_copy FROM STDIN");
        byte[] row = "1\n".getBytes(StandardCharsets.US_ASCII);
        copy.writeToCopy(row, 0, row.length);
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            a.close();
            assertEquals(1, pool.cm.idleCount());
            try (Connection b = pool.ds.getConnection()) {
                assertEquals(1, selectInt(b, "SELECT 1"));
            }
        });
    }
}
