package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.CommitOutcomeUnknownException;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.DatabaseQueryException;
import io.codecheck.ra.api.DatabaseTransactionException;
import io.codecheck.ra.api.SqlStatement;
import io.codecheck.ra.api.StatementResult;
import io.codecheck.ra.testsupport.FaultProxy;
import io.codecheck.ra.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Python module's helpers, done the JCA way: query, queryOne, update, transaction, inTransaction. */
class HelpersTest {
    private PoolFixture pool;
    private String tag;

    @BeforeEach
    void setUp() throws Exception {
        pool = new PoolFixture();
        tag = pool.applicationName;
        pool.ds.update("CREATE TABLE IF NOT EXISTS jurisdiction_h (id text PRIMARY KEY, name text NOT NULL, "
                + "type text, created timestamptz DEFAULT now(), adopted date)");
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void queryReturnsOrderedRowsWithJavaTimeValues() {
        pool.ds.update("INSERT INTO jurisdiction_h (id, name, type, adopted) VALUES (?, ?, ?, ?)", tag + "-b", "Bern",
                "city", LocalDate.of(2021, 5, 1));
        pool.ds.update("INSERT INTO jurisdiction_h (id, name, type) VALUES (?, ?, ?)", tag + "-a", "Aarau", "city");

        List<Map<String, Object>> rows = pool.ds.query(
                "SELECT id, name, created, adopted FROM jurisdiction_h WHERE id LIKE ? ORDER BY name", tag + "%");

        assertEquals(2, rows.size());
        assertEquals(List.of("id", "name", "created", "adopted"), List.copyOf(rows.get(0).keySet()));
        assertEquals("Aarau", rows.get(0).get("name"));
        assertInstanceOf(OffsetDateTime.class, rows.get(0).get("created"));
        assertEquals(LocalDate.of(2021, 5, 1), rows.get(1).get("adopted"));
        assertEquals(null, rows.get(0).get("adopted"));
    }

    @Test
    void queryOneReturnsTheFirstRowOrNothing() {
        pool.ds.update("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag, "Chur");

        Optional<Map<String, Object>> found = pool.ds.queryOne("SELECT name FROM jurisdiction_h WHERE id = ?", tag);
        Optional<Map<String, Object>> missing = pool.ds.queryOne("SELECT name FROM jurisdiction_h WHERE id = ?",
                tag + "-none");

        assertEquals("Chur", found.orElseThrow().get("name"));
        assertTrue(missing.isEmpty());
    }

    @Test
    void updateReturnsTheRowCountAndErrorsKeepTheirSqlState() {
        pool.ds.update("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-1", "x");
        pool.ds.update("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-2", "x");

        assertEquals(2, pool.ds.update("UPDATE jurisdiction_h SET type = 'county' WHERE id LIKE ?", tag + "%"));
        DatabaseQueryException dup = assertThrows(DatabaseQueryException.class,
                () -> pool.ds.update("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-1", "x"));
        assertEquals("23505", dup.getSqlState());
        assertTrue(dup.getMessage().contains(pool.applicationName), "names the pool: " + dup.getMessage());
        assertEquals("42601", assertThrows(DatabaseQueryException.class,
                () -> pool.ds.query("SELEC 1")).getSqlState());
    }

    @Test
    void transactionRunsAllStatementsAndReturnsEachResult() throws Exception {
        List<StatementResult> results = pool.ds.transaction(
                SqlStatement.of("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-1", "One"),
                SqlStatement.of("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?) RETURNING id", tag + "-2", "Two"),
                SqlStatement.of("SELECT count(*) AS n FROM jurisdiction_h WHERE id LIKE ?", tag + "%"));

        assertEquals(3, results.size());
        assertFalse(results.get(0).hasRows());
        assertEquals(1, results.get(0).updateCount());
        assertEquals(tag + "-2", results.get(1).rows().get(0).get("id"));
        assertEquals(2L, results.get(2).rows().get(0).get("n"));
        assertEquals(1, pool.metrics().snapshot().transactionsCommitted());
    }

    @Test
    void aFailingStatementRollsBackTheWholeTransaction() throws Exception {
        DatabaseTransactionException e = assertThrows(DatabaseTransactionException.class, () -> pool.ds.transaction(
                SqlStatement.of("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-1", "One"),
                SqlStatement.of("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-2", null)));

        assertEquals("23502", e.getSqlState());
        assertTrue(pool.ds.query("SELECT 1 FROM jurisdiction_h WHERE id LIKE ?", tag + "%").isEmpty());
        assertEquals(1, pool.metrics().snapshot().transactionsRolledBack());
    }

    @Test
    void inTransactionCommitsWhatTheCallbackDidOrRollsItBack() {
        String id = pool.ds.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO jurisdiction_h (id, name) VALUES (?, 'cb') RETURNING id")) {
                ps.setString(1, tag + "-ok");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        IllegalStateException thrown = new IllegalStateException("application says no");
        IllegalStateException seen = assertThrows(IllegalStateException.class, () -> pool.ds.inTransaction(c -> {
            c.createStatement().execute("INSERT INTO jurisdiction_h (id, name) VALUES ('" + tag + "-no', 'cb')");
            throw thrown;
        }));

        assertEquals(tag + "-ok", id);
        assertSame(thrown, seen, "the application's own exception comes through unchanged");
        assertEquals(1, pool.ds.query("SELECT 1 FROM jurisdiction_h WHERE id LIKE ?", tag + "%").size());
    }

    @Test
    void helpersJoinAContainerTransactionInsteadOfCommitting() throws Exception {
        pool.cm.begin();
        pool.ds.update("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-1", "joined");
        pool.ds.transaction(SqlStatement.of("INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-2", "j"));
        pool.cm.rollback();

        assertTrue(pool.ds.query("SELECT 1 FROM jurisdiction_h WHERE id LIKE ?", tag + "%").isEmpty(),
                "the container's rollback undid the helpers' work");
        assertEquals(1, pool.cm.size(), "one session served the whole container transaction");
    }

    @Test
    void aConnectionLostDuringCommitIsReportedAsOutcomeUnknown() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (FaultProxy proxy = FaultProxy.inFrontOf(db);
             PoolFixture viaProxy = new PoolFixture(f -> {
                 f.setServerName(proxy.host());
                 f.setPortNumber(proxy.port());
             })) {
            proxy.dropWhenClientSends("COMMIT");
            CommitOutcomeUnknownException e = assertThrows(CommitOutcomeUnknownException.class,
                    () -> viaProxy.ds.transaction(SqlStatement.of(
                            "INSERT INTO jurisdiction_h (id, name) VALUES (?, ?)", tag + "-c", "commit")));

            assertTrue(e.getSqlState().startsWith("08"), e.getSqlState());
            assertTrue(e.getMessage().contains("may or may not"), e.getMessage());
            proxy.forward();
            assertEquals(1, viaProxy.ds.query("SELECT 1").size(), "the pool recovers with a new session");
        }
    }

    @Test
    void anUnreachableServerIsAConnectionException() throws Exception {
        try (PoolFixture nowhere = new PoolFixture(f -> {
            f.setServerName("127.0.0.1");
            f.setPortNumber(1);
            f.setConnectTimeout(2);
        })) {
            DatabaseConnectionException e = assertThrows(DatabaseConnectionException.class,
                    () -> nowhere.ds.query("SELECT 1"));
            assertEquals("08001", e.getSqlState());
            assertTrue(e.getMessage().contains(nowhere.applicationName), e.getMessage());
        }
    }

    @Test
    void plainJdbcWorksThroughTheSameFactory() throws SQLException {
        try (Connection c = pool.ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT ?::int * 2")) {
            ps.setInt(1, 21);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(42, rs.getInt(1));
                assertSame(c, ps.getConnection());
            }
        }
    }
}
