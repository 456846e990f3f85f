package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.pg.FatalErrors;

import jakarta.resource.spi.ConnectionEvent;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which errors make the adapter tell the container to throw a session away, and which do not. */
class FatalErrorEvictionTest {
    private PoolFixture pool;

    @BeforeEach
    void setUp() throws Exception {
        pool = new PoolFixture();
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS fatal_test (id int PRIMARY KEY)");
            s.execute("DELETE FROM fatal_test");
            s.execute("INSERT INTO fatal_test VALUES (1)");
        }
        pool.cm.events().clear();
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void aTerminatedBackendFiresConnectionErrorOccurredAndIsNeverHandedOutAgain() throws Exception {
        Connection c = pool.ds.getConnection();
        selectInt(c, "SELECT 1");
        assertEquals(1, pool.terminateBackends());

        SQLException e = assertThrows(SQLException.class, () -> selectInt(c, "SELECT 1"));

        assertTrue(e.getSQLState().startsWith("57P01") || e.getSQLState().startsWith("08"), e.getSQLState());
        ConnectionEvent error = lastEvent(ConnectionEvent.CONNECTION_ERROR_OCCURRED);
        assertSame(c, error.getConnectionHandle());
        assertSame(e, error.getException());
        assertEquals(0, pool.cm.size(), "the container destroyed it");
        try (Connection next = pool.ds.getConnection()) {
            assertEquals(1, selectInt(next, "SELECT 1"), "the next caller gets a fresh session");
        }
    }

    @Test
    void aStatementTimeoutDoesNotEvict() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = 100");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(2)"));
            assertEquals("57014", e.getSQLState());
            assertEquals(1, selectInt(c, "SELECT 1"), "the session is still usable");
        }
        assertFalse(pool.cm.eventTypes().contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED));
        assertEquals(1, pool.cm.idleCount());
    }

    @Test
    void aConstraintViolationDoesNotEvict() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("INSERT INTO fatal_test VALUES (1)"));
            assertEquals("23505", e.getSQLState());
        }
        assertFalse(pool.cm.eventTypes().contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED));
        assertEquals(1, pool.cm.idleCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08003", "53300", "58030", "F0000", "XX000", "57P01", "57P02", "57P03",
            "57P05", "25P03"})
    void fatalStates(String state) {
        assertTrue(FatalErrors.isFatal(new SQLException("x", state)), state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"57014", "57000", "23505", "25006", "40001", "42P01", "25P02", "55P03"})
    void statesThatLeaveTheSessionUsable(String state) {
        assertFalse(FatalErrors.isFatal(new SQLException("x", state)), state);
    }

    @Test
    void theCauseAndNextExceptionChainsAreWalked() {
        SQLException viaCause = new SQLException("wrapper", "HY000", new SQLException("io", "08006"));
        BatchUpdateException batch = new BatchUpdateException("batch", "HY000", new int[0]);
        batch.setNextException(new SQLException("server shutting down", "57P01"));
        SQLException harmless = new SQLException("wrapper", null, new SQLException("dup", "23505"));
        SQLException cyclic = new SQLException("a", "HY000");
        SQLException other = new SQLException("b", "HY000", cyclic);
        cyclic.setNextException(other);

        assertTrue(FatalErrors.isFatal(viaCause));
        assertTrue(FatalErrors.isFatal(batch));
        assertFalse(FatalErrors.isFatal(harmless));
        assertFalse(FatalErrors.isFatal(cyclic), "a cycle ends the walk");
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
