package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.jdbc.ConnectionHandle;

import jakarta.resource.spi.ConnectionEvent;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.PgResultSet;

/**
 * Result sets lead back to the application's statement and connection handle, never to the driver's statement or the
 * pooled physical connection, and their errors are classified like the statement's.
 */
class ResultSetWrapperTest {
    private PoolFixture pool;

    @BeforeEach
    void setUp() throws Exception {
        pool = new PoolFixture();
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS rs_wrapper_test (id serial PRIMARY KEY, name text)");
            s.execute("DELETE FROM rs_wrapper_test");
        }
        pool.cm.events().clear();
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void aQueryResultLeadsBackToTheStatementAndTheHandle() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            assertLeadsBackTo(s, c, rs);
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void aPreparedQueryResultLeadsBackToTheStatementAndTheHandle() throws Exception {
        try (Connection c = pool.ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT ?::int")) {
            ps.setInt(1, 2);
            try (ResultSet rs = ps.executeQuery()) {
                assertLeadsBackTo(ps, c, rs);
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
        }
    }

    @Test
    void aCallableQueryResultLeadsBackToTheStatementAndTheHandle() throws Exception {
        try (Connection c = pool.ds.getConnection();
             CallableStatement cs = c.prepareCall("{call generate_series(1, 3)}");
             ResultSet rs = cs.executeQuery()) {
            assertLeadsBackTo(cs, c, rs);
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertEquals(3, rows);
        }
    }

    @Test
    void getResultSetAfterExecuteLeadsBackToTheStatementAndTheHandle() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("SELECT 5")) {
            assertTrue(s.execute("SELECT 4"));
            try (ResultSet rs = s.getResultSet()) {
                assertLeadsBackTo(s, c, rs);
                assertTrue(rs.next());
                assertEquals(4, rs.getInt(1));
            }
            assertTrue(ps.execute());
            try (ResultSet rs = ps.getResultSet()) {
                assertLeadsBackTo(ps, c, rs);
            }
            assertFalse(s.execute("INSERT INTO rs_wrapper_test (name) VALUES ('none')"));
            assertNull(s.getResultSet(), "no result set stays null");
        }
    }

    @Test
    void generatedKeysLeadBackToTheStatementAndTheHandle() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("INSERT INTO rs_wrapper_test (name) VALUES (?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            assertEquals(1, s.executeUpdate("INSERT INTO rs_wrapper_test (name) VALUES ('a')",
                    Statement.RETURN_GENERATED_KEYS));
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertLeadsBackTo(s, c, keys);
                assertTrue(keys.next());
                assertTrue(keys.getInt("id") > 0);
            }
            ps.setString(1, "b");
            assertEquals(1, ps.executeUpdate());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                assertLeadsBackTo(ps, c, keys);
                assertTrue(keys.next());
            }
        }
    }

    @Test
    void metaDataResultSetsHaveNoStatement() throws Exception {
        try (Connection c = pool.ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet tables = md.getTables(null, "pg_catalog", "pg_class", null)) {
                assertWrapped(tables);
                assertNull(tables.getStatement(), "JDBC: null for a result set made by DatabaseMetaData");
                assertTrue(tables.next());
                assertEquals("pg_class", tables.getString("TABLE_NAME"));
                assertNotNull(tables.unwrap(PgResultSet.class));
            }
            assertSame(c, md.getConnection());
        }
    }

    @Test
    void theDriversResultSetIsStillReachableThroughUnwrap() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            assertSame(rs, rs.unwrap(ResultSet.class));
            assertTrue(rs.isWrapperFor(PgResultSet.class));
            PgResultSet driver = rs.unwrap(PgResultSet.class);
            assertNotNull(driver);
            assertFalse(driver.getStatement().getConnection() instanceof ConnectionHandle,
                    "sanity: the driver's own result set does lead to the physical connection");
            assertFalse(rs.getStatement().getConnection() instanceof BaseConnection);
        }
    }

    @Test
    void anErrorFromAResultSetIsCountedButDoesNotEvict() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 AS one")) {
            assertTrue(rs.next());
            SQLException e = assertThrows(SQLException.class, () -> rs.getInt("no_such_column"));
            assertEquals("42703", e.getSQLState());
            assertEquals(1, pool.ds.statistics().errors());
            assertEquals(1, selectInt(c, "SELECT 1"), "the session is still usable");
        }
        assertFalse(pool.cm.eventTypes().contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED));
        assertEquals(1, pool.cm.idleCount());
    }

    @Test
    void aBackendTerminatedWhileFetchingEvictsTheConnection() throws Exception {
        Connection c = pool.ds.getConnection();
        c.setAutoCommit(false); // a cursor: the rows come fetchSize at a time, in next()
        Statement s = c.createStatement();
        s.setFetchSize(1);
        ResultSet rs = s.executeQuery("SELECT * FROM generate_series(1, 100000)");
        assertTrue(rs.next());
        assertEquals(1, pool.terminateBackends());

        SQLException e = assertThrows(SQLException.class, () -> {
            while (rs.next()) {
                rs.getInt(1);
            }
        });

        assertTrue(e.getSQLState().startsWith("57P01") || e.getSQLState().startsWith("08"), e.getSQLState());
        ConnectionEvent error = lastEvent(ConnectionEvent.CONNECTION_ERROR_OCCURRED);
        assertSame(c, error.getConnectionHandle());
        assertSame(e, error.getException());
        assertEquals(0, pool.cm.size(), "the container destroyed it");
        try (Connection next = pool.ds.getConnection()) {
            assertEquals(1, selectInt(next, "SELECT 1"), "the next caller gets a fresh session");
        }
    }

    /** The adapter's result set wrapper, not the driver's result set. */
    private static void assertWrapped(ResultSet rs) {
        assertEquals("io.codecheck.ra.jdbc.ResultSetWrapper", rs.getClass().getName());
    }

    private static void assertLeadsBackTo(Statement statement, Connection handle, ResultSet rs) throws SQLException {
        assertWrapped(rs);
        assertSame(statement, rs.getStatement(), "the statement the application created");
        assertSame(handle, rs.getStatement().getConnection(), "the handle, not the physical connection");
    }

    private ConnectionEvent lastEvent(int type) {
        ConnectionEvent found = null;
        for (ConnectionEvent e : pool.cm.events()) {
            if (e.getId() == type) {
                found = e;
            }
        }
        assertTrue(found != null, "no event " + type + " in " + pool.cm.eventTypes());
        return found;
    }
}
