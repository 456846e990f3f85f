package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codecheck.ra.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sessionReset}: code that the SQL text does not show (here a trigger) can change session state behind a
 * statement that the text proves clean. With {@code auto} (the default) that change reaches the next borrower, as
 * the README says; with {@code always} every returned session gets {@code DISCARD ALL}. One pooled session, two
 * borrowers, as in {@link IsolationTest}.
 */
class SessionResetAlwaysTest {
    private static final String TABLE = "session_reset_always_audit";
    private static final String FUNCTION = "session_reset_always_audit_trg";
    private static final int LOCK_KEY = 4711;

    private PoolFixture pool;

    @BeforeAll
    static void createObjects() throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (x int)");
            s.execute("CREATE OR REPLACE FUNCTION " + FUNCTION + "() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
                    + "PERFORM pg_advisory_lock(" + LOCK_KEY + "); "
                    + "PERFORM set_config('search_path', 'pg_catalog', false); "
                    + "RETURN NEW; END $f$");
            s.execute("CREATE TRIGGER " + TABLE + "_trg BEFORE INSERT ON " + TABLE
                    + " FOR EACH ROW EXECUTE FUNCTION " + FUNCTION + "()");
            s.execute("GRANT INSERT ON " + TABLE + " TO " + TestDatabase.get().user());
        }
    }

    @AfterAll
    static void dropObjects() throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("DROP FUNCTION IF EXISTS " + FUNCTION + "()");
        }
    }

    private PoolFixture pool(Consumer<PgManagedConnectionFactory> settings) throws Exception {
        pool = new PoolFixture(TestDatabase.get(), f -> {
            // a statement timeout, so that an advisory lock still held by another backend fails instead of hanging
            f.setStatementTimeout(4321);
            settings.accept(f);
        }, new TestConnectionManager(1, false)); // one session: B always gets A's
        return pool;
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
    }

    /** Borrower A: a plain INSERT, which the trigger turns into a session advisory lock and a new search_path. */
    private int borrowerAInserts() throws SQLException {
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            int pid = selectInt(a, "SELECT pg_backend_pid()");
            s.executeUpdate("INSERT INTO " + TABLE + " (x) VALUES (1)");
            assertEquals(1, advisoryLocks(a), "the trigger took the lock in A's session");
            assertEquals("pg_catalog", selectString(a, "SHOW search_path"), "the trigger set A's search_path");
            return pid;
        }
    }

    @Test
    void withAlwaysATriggersLockAndSearchPathDoNotReachTheNextBorrower() throws Exception {
        pool(f -> f.setSessionReset("always"));
        int pidA = borrowerAInserts();
        try (Connection b = pool.ds.getConnection()) {
            assertEquals(pidA, selectInt(b, "SELECT pg_backend_pid()"), "same session, reset rather than replaced");
            assertEquals(0, advisoryLocks(b), "advisory locks held by B's backend");
            assertEquals("\"$user\", public", selectString(b, "SHOW search_path"), "search_path");
        }
    }

    /** The documented limit of the default: implicit code is trusted, so its session changes are not undone. */
    @Test
    void withAutoImplicitCodeIsTrustedSoATriggersLockReachesTheNextBorrower() throws Exception {
        pool(f -> { }); // sessionReset unset: auto
        int pidA = borrowerAInserts();
        try (Connection b = pool.ds.getConnection()) {
            assertEquals(pidA, selectInt(b, "SELECT pg_backend_pid()"), "same session");
            assertEquals(1, advisoryLocks(b), "A's advisory lock is still held by B's backend");
            assertEquals("pg_catalog", selectString(b, "SHOW search_path"), "A's search_path reached B");
            try (Statement s = b.createStatement()) {
                s.execute("SELECT pg_advisory_unlock_all()"); // let the other test take the lock at once
            }
        }
    }

    private static int advisoryLocks(Connection c) throws SQLException {
        return selectInt(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()");
    }
}
