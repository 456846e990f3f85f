package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.DatabaseException;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.api.SqlStatement;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.PgBouncerServer;
import io.codecheck.testkit.RepositoryFiles;

import jakarta.resource.spi.ManagedConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Consumer;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adapter behind a real PgBouncer (the installed {@code /usr/sbin/pgbouncer}) on loopback, in front of the test
 * server, in session and in transaction pooling, each with the {@code pgbouncer.ini} that docs/pgbouncer.md shows.
 * The transaction pooler has one server connection per pool, so that every client's transactions share it: what one
 * client leaves in the session, the next one would see.
 */
class PgBouncerTest {
    private static PgBouncerServer session;
    private static PgBouncerServer transaction;

    @BeforeAll
    static void startPgBouncers() throws Exception {
        Assumptions.assumeTrue(PgBouncerServer.installed(), PgBouncerServer.NOT_INSTALLED);
        TestDatabase db = TestDatabase.get();
        Map<String, String> users = Map.of(db.user(), db.password());
        session = PgBouncerServer.start(iniFromDocs("session"), Map.of(), db.database(), db.host(), db.port(), users);
        transaction = PgBouncerServer.start(iniFromDocs("transaction"), Map.of("default_pool_size", "1"),
                db.database(), db.host(), db.port(), users);
        try (Connection c = db.openConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bouncer_t (id serial PRIMARY KEY, v text)");
        }
    }

    @AfterAll
    static void stopPgBouncers() {
        if (session != null) {
            session.stop();
        }
        if (transaction != null) {
            transaction.stop();
        }
    }

    /** The ini block after {@code <!-- pgbouncer.ini MODE -->} in docs/pgbouncer.md. */
    static String iniFromDocs(String mode) {
        return RepositoryFiles.fencedBlock(RepositoryFiles.read("docs/pgbouncer.md"),
                "<!-- pgbouncer.ini " + mode + " -->", "ini");
    }

    private static PoolFixture pool(String mode, Consumer<PgManagedConnectionFactory> more) throws Exception {
        PgBouncerServer bouncer = mode.equals("session") ? session : transaction;
        return new PoolFixture(f -> {
            f.setServerName(bouncer.host());
            f.setPortNumber(bouncer.port());
            f.setPoolerMode(mode);
            more.accept(f);
        });
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void withoutPoolerModeNoSessionOpensThroughPgBouncer() throws Exception {
        try (PoolFixture p = pool("none", f -> f.setPortNumber(transaction.port()))) {
            DatabaseException e = assertThrows(DatabaseException.class, () -> p.ds.query("SELECT 1"));
            assertTrue(String.valueOf(e.getMessage()).contains("options"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"session", "transaction"})
    void helpersPlainJdbcAndHealthWork(String mode) throws Exception {
        try (PoolFixture p = pool(mode, f -> { })) {
            assertEquals(1, ((Number) p.ds.query("SELECT 1 AS one").get(0).get("one")).intValue());
            assertEquals(1, p.ds.update("INSERT INTO bouncer_t (v) VALUES (?)", mode));
            p.ds.transaction(SqlStatement.of("INSERT INTO bouncer_t (v) VALUES (?)", mode + "-tx"),
                    SqlStatement.of("UPDATE bouncer_t SET v = v WHERE v = ?", mode + "-tx"));
            try (Connection c = p.ds.getConnection()) {
                assertEquals("30s", one(c, "SHOW statement_timeout"), "auto-commit statement");
                assertEquals("1min", one(c, "SHOW idle_in_transaction_session_timeout"));
                c.setAutoCommit(false);
                assertEquals("30s", one(c, "SHOW statement_timeout"), "explicit transaction");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bouncer_t (v) VALUES (?)")) {
                    for (int i = 0; i < 8; i++) { // past pgjdbc's prepareThreshold of 5
                        ps.setString(1, mode + "-ps" + i);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                c.setAutoCommit(true);
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM bouncer_t WHERE v LIKE ?")) {
                    for (int i = 0; i < 8; i++) {
                        ps.setString(1, mode + "-ps%");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertTrue(rs.getInt(1) >= 8);
                        }
                    }
                }
            }
            HealthStatus health = p.ds.health();
            assertTrue(health.healthy(), String.valueOf(health));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"session", "transaction"})
    void statementTimeoutHoldsInAutoCommitAndInTransactions(String mode) throws Exception {
        try (PoolFixture p = pool(mode, f -> f.setStatementTimeout(300))) {
            DatabaseException e = assertThrows(DatabaseException.class, () -> p.ds.query("SELECT pg_sleep(3)"));
            assertEquals("57014", e.getSqlState());
            try (Connection c = p.ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals("57014", assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(3)"))
                        .getSQLState(), "auto-commit");
                c.setAutoCommit(false);
                assertEquals("57014", assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(3)"))
                        .getSQLState(), "transaction");
                c.rollback();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"session", "transaction"})
    void readOnlyGuardHolds(String mode) throws Exception {
        try (PoolFixture p = pool(mode, f -> f.setReadOnly(true))) {
            DatabaseException e = assertThrows(DatabaseException.class,
                    () -> p.ds.update("INSERT INTO bouncer_t (v) VALUES ('ro')"));
            assertEquals("25006", e.getSqlState());
            try (Connection c = p.ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals("25006", assertThrows(SQLException.class,
                        () -> s.execute("INSERT INTO bouncer_t (v) VALUES ('ro')")).getSQLState(), "auto-commit");
                c.setAutoCommit(false);
                assertEquals("25006", assertThrows(SQLException.class,
                        () -> s.execute("INSERT INTO bouncer_t (v) VALUES ('ro')")).getSQLState(), "transaction");
                c.rollback();
                if (mode.equals("transaction")) {
                    c.setAutoCommit(true);
                    s.execute("BEGIN READ WRITE"); // the application's own BEGIN: still read-only
                    assertEquals("25006", assertThrows(SQLException.class,
                            () -> s.execute("INSERT INTO bouncer_t (v) VALUES ('ro')")).getSQLState(), "BEGIN as SQL");
                    s.execute("ROLLBACK");
                }
            }
        }
    }

    @Test
    void sessionModeSetsTheSettingsAgainAfterDiscardAll() throws Exception {
        try (PoolFixture p = pool("session", f -> f.setStatementTimeout(1111))) {
            try (Connection c = p.ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = 5"); // allowed: the session is this client's
                assertEquals("5ms", one(c, "SHOW statement_timeout"));
            }
            try (Connection c = p.ds.getConnection()) {
                assertEquals("1111ms", one(c, "SHOW statement_timeout"), "reset and set again on return");
            }
        }
    }

    /** One server connection behind both pools: each transaction sees its own resource's settings, never the other's. */
    @Test
    void transactionModeKeepsEachClientsSettingsToItsTransactions() throws Exception {
        try (PoolFixture a = pool("transaction", f -> f.setStatementTimeout(1111));
             PoolFixture b = pool("transaction", f -> f.setStatementTimeout(2222));
             Connection ca = a.ds.getConnection(); Connection cb = b.ds.getConnection()) {
            assertEquals(one(ca, "SELECT pg_backend_pid()"), one(cb, "SELECT pg_backend_pid()"),
                    "both clients share the one server connection");
            for (int i = 0; i < 3; i++) {
                assertEquals("1111ms", one(ca, "SHOW statement_timeout"));
                assertEquals("2222ms", one(cb, "SELECT current_setting('statement_timeout')"));
            }
            try (Statement s = ca.createStatement()) {
                ca.setAutoCommit(false);
                s.execute("SET LOCAL statement_timeout = 7"); // allowed: ends with the transaction
                assertEquals("7ms", one(ca, "SHOW statement_timeout"));
                ca.commit();
                ca.setAutoCommit(true);
            }
            assertEquals("2222ms", one(cb, "SHOW statement_timeout"), "SET LOCAL of the other client");
            // sequences: the other client's lastval() must not answer this client's insert
            try (Statement s = ca.createStatement()) {
                s.executeUpdate("INSERT INTO bouncer_t (v) VALUES ('seq')");
            }
            SQLException lastval = assertThrows(SQLException.class, () -> one(cb, "SELECT lastval()"));
            assertEquals("55000", lastval.getSQLState(), lastval.getMessage());
        }
    }

    @Test
    void transactionModeRefusesSessionStateInABatchToo() throws Exception {
        try (PoolFixture a = pool("transaction", f -> f.setStatementTimeout(1111));
             Connection c = a.ds.getConnection(); Statement s = c.createStatement()) {
            s.addBatch("INSERT INTO bouncer_t (v) VALUES ('batch')");
            SQLException refused = assertThrows(SQLException.class, () -> {
                s.addBatch("SET work_mem = '1MB'");
                s.executeBatch();
            });
            assertEquals("0A000", refused.getSQLState(), refused.getMessage());
            assertEquals("1111ms", one(c, "SHOW statement_timeout"), "the session is still usable and as configured");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET statement_timeout = 5", "SET SESSION search_path = public", "RESET ALL",
        "SET ROLE app", "SELECT set_config('statement_timeout', '5', false)", "LISTEN bouncer",
        "PREPARE p AS SELECT 1", "CREATE TEMP TABLE bouncer_tmp (i int)", "SELECT pg_advisory_lock(42)",
        "SELECT pg_try_advisory_lock_shared(1, 2)", "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
        "SELECT 1; SET work_mem = '1MB'", "/* hidden */ SET work_mem = '1MB'"})
    void transactionModeRefusesSessionState(String sql) throws Exception {
        try (PoolFixture a = pool("transaction", f -> f.setStatementTimeout(1111));
             PoolFixture b = pool("transaction", f -> f.setStatementTimeout(2222));
             Connection ca = a.ds.getConnection(); Connection cb = b.ds.getConnection();
             Statement s = ca.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql));
            assertEquals("0A000", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("poolerMode=transaction"), refused.getMessage());
            assertEquals("2222ms", one(cb, "SHOW statement_timeout"));
            assertEquals("off", one(cb, "SHOW default_transaction_read_only"));
        }
    }

    @Test
    void transactionModeAllowsTransactionScopedForms() throws Exception {
        try (PoolFixture a = pool("transaction", f -> { });
             Connection c = a.ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL search_path = public");
            s.execute("SELECT set_config('application_name', 'x', true)");
            s.execute("SELECT pg_advisory_xact_lock(42)");
            s.execute("CREATE TEMP TABLE bouncer_tmp (i int) ON COMMIT DROP");
            c.commit();
            SQLException refused = assertThrows(SQLException.class, () -> c.setSchema("public"));
            assertEquals("0A000", refused.getSQLState());
            assertTrue(refused.getMessage().contains("SET LOCAL"), refused.getMessage());
        }
    }

    @Test
    void xaWorksInTransactionMode() throws Exception {
        try (PoolFixture p = pool("transaction", f -> f.setTransactionSupportLevel("XATransaction"))) {
            Xid xid = XaTestKit.xid(4711);
            ManagedConnection mc = p.mcf.createManagedConnection(null, null);
            try {
                XAResource xa = mc.getXAResource();
                xa.start(xid, XAResource.TMNOFLAGS);
                try (Connection c = (Connection) mc.getConnection(null, null); Statement s = c.createStatement()) {
                    assertEquals("30s", one(c, "SHOW statement_timeout"), "the branch has the resource's settings");
                    s.executeUpdate("INSERT INTO bouncer_t (v) VALUES ('xa')");
                }
                xa.end(xid, XAResource.TMSUCCESS);
                assertEquals(XAResource.XA_OK, xa.prepare(xid));
                assertEquals(1, XaTestKit.prepared(xid));
                xa.commit(xid, false);
                assertEquals(0, XaTestKit.prepared(xid));
            } finally {
                mc.destroy();
            }
            assertTrue(((Number) p.ds.query("SELECT count(*) AS n FROM bouncer_t WHERE v = 'xa'").get(0)
                    .get("n")).intValue() > 0, "committed");
        }
    }
}
