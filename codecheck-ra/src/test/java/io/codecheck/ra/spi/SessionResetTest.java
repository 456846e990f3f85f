package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.jdbc.ConnectionHandle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one borrower changes in a session does not reach the next one, and the adapter's own session settings
 * (timeouts, read-only) survive the reset because they are startup parameters.
 */
class SessionResetTest {
    private PoolFixture pool;

    @BeforeEach
    void setUp() throws Exception {
        pool = new PoolFixture(f -> {
            f.setStatementTimeout(4321);
            f.setIdleInTransactionTimeout(54321);
        });
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void sessionSettingsAreServerSideFromTheStart() throws Exception {
        try (Connection c = pool.ds.getConnection()) {
            assertEquals("4321ms", selectString(c, "SHOW statement_timeout"));
            assertEquals("54321ms", selectString(c, "SHOW idle_in_transaction_session_timeout"));
            assertEquals(pool.applicationName, selectString(c, "SHOW application_name"));
        }
    }

    @Test
    void settingsChangedWithSqlAreResetForTheNextBorrower() throws Exception {
        int pid;
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            pid = selectInt(c, "SELECT pg_backend_pid()");
            s.execute("SET statement_timeout = 999999");
            s.execute("SET search_path = pg_catalog");
            s.execute("CREATE TEMP TABLE scratch (x int)");
            s.execute("SELECT set_config('application_name', 'changed', false)");
        }
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            assertEquals(pid, selectInt(c, "SELECT pg_backend_pid()"), "same session reused");
            assertEquals("4321ms", selectString(c, "SHOW statement_timeout"));
            assertEquals("\"$user\", public", selectString(c, "SHOW search_path"));
            assertEquals(pool.applicationName, selectString(c, "SHOW application_name"));
            assertThrows(SQLException.class, () -> s.execute("SELECT * FROM scratch"), "temp table dropped");
        }
    }

    @Test
    void jdbcSessionChangesAreResetForTheNextBorrower() throws Exception {
        try (Connection c = pool.ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setSchema("pg_catalog");
            c.setReadOnly(true);
        }
        try (Connection c = pool.ds.getConnection()) {
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertEquals("public", c.getSchema());
            assertFalse(c.isReadOnly());
            c.setNetworkTimeout(Runnable::run, 1234);
            c.setHoldability(java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT);
        }
        try (Connection c = pool.ds.getConnection()) {
            assertEquals(pool.mcf.runtime().settings().socketTimeoutSeconds() * 1000, c.getNetworkTimeout());
            assertEquals(java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT, c.getHoldability());
        }
    }

    @Test
    void preparedStatementsKeepWorkingAfterAReset() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (Connection c = pool.ds.getConnection()) {
                for (int i = 0; i < 6; i++) { // past pgjdbc's prepareThreshold: a server-side prepared statement
                    try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
                        ps.setInt(1, i);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertEquals(i + 1, rs.getInt(1));
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET work_mem = '8MB'"); // forces DISCARD ALL on return
                }
            }
        }
    }

    @Test
    void anUntouchedSessionGoesBackWithoutAReset() throws Exception {
        try (Connection c = pool.ds.getConnection()) {
            selectInt(c, "SELECT 1");
            assertFalse(((ConnectionHandle) c).owner(PgManagedConnection.HANDLE_KEY).session().needsServerReset());
        }
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("set TimeZone = 'UTC'");
            assertTrue(((ConnectionHandle) c).owner(PgManagedConnection.HANDLE_KEY).session().needsServerReset());
        }
    }
}
