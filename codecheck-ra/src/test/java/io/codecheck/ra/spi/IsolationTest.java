package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.codecheck.ra.jdbc.ConnectionHandle;
import io.codecheck.ra.testsupport.TestDatabase;

import java.nio.charset.StandardCharsets;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * One pooled session, two borrowers: whatever borrower A ran, borrower B gets a session that looks freshly opened for
 * its resource. Each test is one way an application can change a session (the rows of issue 9 first), checked
 * against a real server with {@link #assertFresh}.
 */
class IsolationTest {
    private static final String STATEMENT_TIMEOUT = "4321ms";

    private PoolFixture pool;

    @BeforeAll
    static void createObjects() throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement s = admin.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_priv') THEN "
                    + "CREATE ROLE audit_priv NOLOGIN; END IF; END $$");
            s.execute("GRANT audit_priv TO " + TestDatabase.get().user());
            s.execute("CREATE OR REPLACE FUNCTION take_job(id int) RETURNS boolean LANGUAGE sql "
                    + "AS 'SELECT pg_try_advisory_lock(id)'");
            s.execute("CREATE OR REPLACE FUNCTION become_auditor() RETURNS text LANGUAGE sql "
                    + "AS $f$SELECT set_config('role', 'audit_priv', false)$f$");
            s.execute("CREATE OR REPLACE PROCEDURE lift_timeout() LANGUAGE plpgsql "
                    + "AS $p$BEGIN PERFORM set_config('statement_timeout', '0', false); END $p$");
            s.execute("CREATE TABLE IF NOT EXISTS isolation_copy (x int)");
            s.execute("CREATE TABLE IF NOT EXISTS isolation_serial (id serial PRIMARY KEY, v int)");
            s.execute("GRANT ALL ON isolation_serial, isolation_serial_id_seq TO " + TestDatabase.get().user());
            s.execute("GRANT ALL ON isolation_copy TO " + TestDatabase.get().user());
        }
    }

    private PoolFixture pool(Consumer<PgManagedConnectionFactory> settings) throws Exception {
        pool = new PoolFixture(TestDatabase.get(), f -> {
            f.setStatementTimeout(4321);
            settings.accept(f);
        }, new TestConnectionManager(1, false)); // one session: B always gets A's, reset or replaced
        return pool;
    }

    private PoolFixture pool() throws Exception {
        return pool(f -> { });
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
    }

    // ---- the rows of the issue ----

    @Test
    void aBatchedSetRole() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.addBatch("SET ROLE audit_priv");
            s.executeBatch();
            assertEquals("audit_priv", selectString(a, "SELECT current_user"));
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aMultiStatementString() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("SELECT 1; SET ROLE audit_priv");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aSetBehindANestedComment() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("/* a /* nested */ comment */ SET statement_timeout = 0");
            assertEquals("0", selectString(a, "SHOW statement_timeout"));
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void selectIntoTemp() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("SELECT 42 AS secret INTO TEMP leaked_tmp");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aFunctionTakingASessionAdvisoryLock() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("SELECT take_job(42)");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void setRoleThroughTheUnwrappedDriverConnection() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection()) {
            Connection driver = (Connection) a.unwrap(PGConnection.class);
            try (Statement s = driver.createStatement()) {
                s.execute("SET ROLE audit_priv");
            }
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aCopyLeftOpenDoesNotHangTheNextBorrower() throws Exception {
        pool();
        Connection a = pool.ds.getConnection();
        CopyIn copy = a.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY isolation_copy FROM STDIN");
        byte[] row = "1\n".getBytes(StandardCharsets.US_ASCII);
        copy.writeToCopy(row, 0, row.length);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            a.close(); // mid-COPY
            assertNextBorrowerGetsAFreshSession();
        });
    }

    @Test
    void readOnlyModeAlwaysCannotLiftAReadOnlyResource() throws Exception {
        pool(f -> {
            f.setReadOnly(true);
            f.setDriverProperties("readOnlyMode=always");
        });
        try (Connection a = pool.ds.getConnection()) {
            a.setReadOnly(true);
            assertEquals("on", selectString(a, "SHOW default_transaction_read_only"));
        }
        try (Connection b = pool.ds.getConnection(); Statement s = b.createStatement()) {
            assertEquals("on", selectString(b, "SHOW default_transaction_read_only"));
            assertEquals(true, b.isReadOnly());
            SQLException e = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE ro_escape (x int)"));
            assertEquals("25006", e.getSQLState());
        }
    }

    @Test
    void metadataOfAClosedHandleRefusesAndNeverRunsInTheNextBorrowersSession() throws Exception {
        pool();
        DatabaseMetaData metaData;
        try (Connection a = pool.ds.getConnection()) {
            metaData = a.getMetaData();
            metaData.getUserName();
        }
        try (Connection b = pool.ds.getConnection()) {
            b.setAutoCommit(false);
            selectInt(b, "SELECT 1");
            SQLException e = assertThrows(SQLException.class, () -> metaData.getTables(null, null, "%", null));
            assertEquals("08003", e.getSQLState());
            assertThrows(SQLException.class, metaData::getUserName);
            b.rollback();
        }
    }

    // ---- the other ways of the list ----

    @Test
    void aFunctionCallingSetConfig() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); PreparedStatement ps = a.prepareStatement(
                "SELECT become_auditor()")) {
            ps.executeQuery().close();
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aPreparedBatchOfSetConfig() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); PreparedStatement ps = a.prepareStatement(
                "SELECT set_config('statement_timeout', ?, false)")) {
            ps.setString(1, "0");
            ps.addBatch();
            ps.executeBatch();
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aDoBlock() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("DO $$ BEGIN PERFORM set_config('role', 'audit_priv', false); END $$");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aProcedureCall() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("CALL lift_timeout()");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aCallableStatement() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection();
             CallableStatement cs = a.prepareCall("{? = call become_auditor()}")) {
            cs.registerOutParameter(1, java.sql.Types.VARCHAR);
            cs.execute();
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void listenPrepareAndAHoldableCursor() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("LISTEN isolation_channel");
            s.execute("PREPARE leaked_plan AS SELECT 1");
            s.execute("DECLARE leaked_cursor CURSOR WITH HOLD FOR SELECT 1");
            s.execute("CREATE TEMP TABLE leaked_temp (x int)");
            s.execute("SELECT pg_advisory_lock(7)");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void notificationsTheDriverAlreadyReceivedAreNotHandedToTheNextBorrower() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("LISTEN isolation_news");
            try (Connection admin = TestDatabase.get().openAdminConnection();
                 Statement n = admin.createStatement()) {
                n.execute("NOTIFY isolation_news, 'for A only'");
            }
            selectInt(a, "SELECT 1"); // the driver reads the notification with this answer
        }
        try (Connection b = pool.ds.getConnection()) {
            org.postgresql.PGNotification[] left = b.unwrap(PGConnection.class).getNotifications();
            assertEquals(0, left == null ? 0 : left.length, "A's notifications");
        }
    }

    @Test
    void setSessionAuthorization() throws Exception {
        pool(f -> {
            f.setUser(TestDatabase.get().adminUser());
            f.setPassword(TestDatabase.get().adminPassword());
        });
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("SET SESSION AUTHORIZATION " + TestDatabase.get().user());
            assertEquals(TestDatabase.get().user(), selectString(a, "SELECT session_user"));
        }
        try (Connection b = pool.ds.getConnection()) {
            assertEquals(TestDatabase.get().adminUser(), selectString(b, "SELECT session_user"));
            assertEquals(TestDatabase.get().adminUser(), selectString(b, "SELECT current_user"));
        }
    }

    @Test
    void largeObjectsThroughTheDriverApi() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection()) {
            a.setAutoCommit(false);
            LargeObjectManager lom = a.unwrap(PGConnection.class).getLargeObjectAPI();
            long oid = lom.createLO();
            lom.open(oid).write(new byte[] {1, 2, 3});
            try (Statement s = a.createStatement()) {
                s.execute("SET ROLE audit_priv");
            }
            a.commit();
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aPlainBorrowerPaysNoReset() throws Exception {
        pool();
        int pid;
        try (Connection a = pool.ds.getConnection();
             PreparedStatement ps = a.prepareStatement("SELECT count(*) FROM pg_class WHERE relname = ?")) {
            pid = selectInt(a, "SELECT pg_backend_pid()");
            ps.setString(1, "pg_class");
            ps.executeQuery().close();
            assertEquals(false, ((ConnectionHandle) a).owner(PgManagedConnection.HANDLE_KEY).session().needsServerReset());
        }
        try (Connection b = pool.ds.getConnection()) {
            assertEquals(pid, selectInt(b, "SELECT pg_backend_pid()"), "the same session, reused");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    // ---- found by review ----

    @Test
    void sequenceValuesOfOneBorrowerAreNotSeenByTheNext() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("INSERT INTO isolation_serial (v) VALUES (1)");
        }
        try (Connection b = pool.ds.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> selectInt(b, "SELECT lastval()"));
            assertEquals("55000", e.getSQLState(), "lastval is not yet defined in a fresh session");
        }
    }

    @Test
    void anIdFetchedWithNextvalIsNotSeenByTheNextBorrower() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection()) {
            selectInt(a, "SELECT nextval('isolation_serial_id_seq')::int");
        }
        try (Connection b = pool.ds.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> selectInt(b, "SELECT lastval()"));
            assertEquals("55000", e.getSQLState());
        }
    }

    @Test
    void sequenceValuesOfAContainerTransactionAreResetWithItsCommit() throws Exception {
        pool();
        pool.cm.begin();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("INSERT INTO isolation_serial (v) VALUES (2)");
        }
        pool.cm.commit();
        assertEquals(1, pool.metrics().snapshot().transactionsCommitted());
        try (Connection b = pool.ds.getConnection()) {
            assertEquals(1, selectInt(b, "SELECT count(*) FROM isolation_serial WHERE v = 2"), "committed");
            SQLException e = assertThrows(SQLException.class, () -> selectInt(b, "SELECT lastval()"));
            assertEquals("55000", e.getSQLState(), "lastval is not yet defined in a fresh session");
        }
    }

    @Test
    void aPreparedInsertRunInSeveralTransactionsLeavesNoSequenceValue() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection();
             PreparedStatement ps = a.prepareStatement("INSERT INTO isolation_serial (v) VALUES (?)")) {
            a.setAutoCommit(false);
            for (int chunk = 0; chunk < 2; chunk++) {
                ps.setInt(1, 10 + chunk);
                ps.addBatch();
                ps.executeBatch();
                a.commit();
            }
            a.setAutoCommit(true);
        }
        try (Connection b = pool.ds.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> selectInt(b, "SELECT lastval()"));
            assertEquals("55000", e.getSQLState());
        }
    }

    @Test
    void selectIntoAfterABareLabelSpelledInsert() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("SELECT (42) insert INTO pg_temp.leaked_label");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void aLargeObjectKeptPastTheBorrowCannotReachTheNextBorrower() throws Exception {
        pool();
        Connection a = pool.ds.getConnection();
        a.setAutoCommit(false);
        long oid = selectInt(a, "SELECT lo_from_bytea(0, '\\x010203'::bytea)::int");
        java.sql.Blob blob;
        try (Statement s = a.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT " + oid + "::oid")) {
            rs.next();
            blob = rs.getBlob(1);
            assertEquals(3, blob.length());
        }
        a.commit();
        a.setAutoCommit(true);
        a.close();
        try (Connection b = pool.ds.getConnection()) {
            b.setAutoCommit(false);
            selectInt(b, "SELECT 1");
            assertThrows(SQLException.class, blob::length, "A's blob has no session any more");
            assertEquals(1, selectInt(b, "SELECT 1"), "B's transaction is unharmed");
            b.rollback();
        }
    }

    @Test
    void aCarriageReturnEndsALineComment() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("SELECT 1 --\r;SET ROLE audit_priv");
            assertEquals("audit_priv", selectString(a, "SELECT current_user"));
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void selectIntoAfterAWordSpelledInsert() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement()) {
            s.execute("SELECT 42 AS insert INTO pg_temp.leaked_probe");
        }
        assertNextBorrowerGetsAFreshSession();
    }

    @Test
    void arraysLeadNoWayBackToTheDriversConnection() throws Exception {
        pool();
        try (Connection a = pool.ds.getConnection(); Statement s = a.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT ARRAY[1, 2], ARRAY[3]::int[]")) {
            rs.next();
            assertEquals(null, rs.getArray(1).getResultSet().getStatement());
            assertEquals(null, ((java.sql.Array) rs.getObject(2)).getResultSet().getStatement());
            java.sql.Array made = a.createArrayOf("int4", new Object[] {5, 6});
            assertEquals(null, made.getResultSet().getStatement());
            try (PreparedStatement ps = a.prepareStatement("SELECT 5 = ANY(?)")) {
                ps.setArray(1, made); // the driver's own array is bound
                try (java.sql.ResultSet any = ps.executeQuery()) {
                    any.next();
                    assertEquals(true, any.getBoolean(1));
                }
            }
            assertEquals(false, ((ConnectionHandle) a).owner(PgManagedConnection.HANDLE_KEY).session().isExposed());
        }
    }

    // ---- what "fresh" means ----

    private void assertNextBorrowerGetsAFreshSession() throws Exception {
        try (Connection b = pool.ds.getConnection()) {
            assertFresh(b);
        }
    }

    private void assertFresh(Connection b) throws SQLException {
        String user = TestDatabase.get().user();
        assertEquals(user, selectString(b, "SELECT current_user"), "current_user");
        assertEquals(user, selectString(b, "SELECT session_user"), "session_user");
        assertEquals(STATEMENT_TIMEOUT, selectString(b, "SHOW statement_timeout"), "statement_timeout");
        assertEquals(pool.applicationName, selectString(b, "SHOW application_name"), "application_name");
        assertEquals("\"$user\", public", selectString(b, "SHOW search_path"), "search_path");
        assertEquals("off", selectString(b, "SHOW default_transaction_read_only"), "default_transaction_read_only");
        assertEquals(0, selectInt(b, "SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()"),
                "temporary tables");
        assertEquals(0, selectInt(b, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND pid = pg_backend_pid()"), "advisory locks");
        assertEquals(0, selectInt(b, "SELECT count(*) FROM pg_listening_channels()"), "LISTEN");
        assertEquals(0, selectInt(b, "SELECT count(*) FROM pg_prepared_statements WHERE from_sql"), "PREPARE");
        assertEquals(0, selectInt(b, "SELECT count(*) FROM pg_cursors WHERE is_holdable"), "cursors WITH HOLD");
        assertEquals(true, b.getAutoCommit(), "autocommit");
        assertEquals(Connection.TRANSACTION_READ_COMMITTED, b.getTransactionIsolation(), "isolation");
        try (Statement s = b.createStatement()) {
            s.execute("SELECT 1 FROM isolation_copy LIMIT 1"); // the session answers: no COPY left open
        }
        assertEquals(0, selectInt(b, "SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid()"
                + " AND state = 'active' AND query ILIKE 'COPY%'"), "COPY");
    }
}
