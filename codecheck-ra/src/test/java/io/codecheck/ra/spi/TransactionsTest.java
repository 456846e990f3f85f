package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.jdbc.ConnectionHandle;

import jakarta.resource.spi.ConnectionEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Local transactions: demarcated by the container through the LocalTransaction (no events), or by the application
 * on its handle (LOCAL_TRANSACTION_* events); and never a session back in the pool with a transaction open.
 */
class TransactionsTest {
    private PoolFixture pool;

    @BeforeEach
    void setUp() throws Exception {
        pool = new PoolFixture();
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tx_test (id int PRIMARY KEY, owner text)");
        }
        pool.cm.events().clear();
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void aContainerTransactionCommitsWithoutLocalTransactionEvents() throws Exception {
        String owner = pool.applicationName;
        pool.cm.begin();
        try (Connection c = pool.ds.getConnection()) {
            insert(c, 1, owner);
            assertEquals(0, countFromOutside(owner), "not visible before commit");
        }
        try (Connection shared = pool.ds.getConnection()) {
            insert(shared, 2, owner);
        }
        pool.cm.commit();

        assertEquals(2, countFromOutside(owner));
        assertEquals(List.of(ConnectionEvent.CONNECTION_CLOSED, ConnectionEvent.CONNECTION_CLOSED),
                pool.cm.eventTypes());
        assertEquals(1, pool.cm.size(), "both handles shared one session");
        assertEquals(1, pool.metrics().snapshot().transactionsCommitted());
    }

    @Test
    void aContainerRollbackUndoesEveryStatement() throws Exception {
        String owner = pool.applicationName;
        pool.cm.begin();
        try (Connection c = pool.ds.getConnection()) {
            insert(c, 1, owner);
            insert(c, 2, owner);
        }
        pool.cm.rollback();

        assertEquals(0, countFromOutside(owner));
        assertEquals(1, pool.metrics().snapshot().transactionsRolledBack());
    }

    @Test
    void theApplicationCannotCompleteAContainerTransaction() throws Exception {
        pool.cm.begin();
        try (Connection c = pool.ds.getConnection()) {
            assertEquals("2D000", assertThrows(SQLException.class, c::commit).getSQLState());
            assertEquals("2D000", assertThrows(SQLException.class, c::rollback).getSQLState());
            assertEquals("2D000", assertThrows(SQLException.class, () -> c.setAutoCommit(true)).getSQLState());
        } finally {
            pool.cm.rollback();
        }
    }

    @Test
    void aContainerTransactionWhoseConnectionWasDestroyedRollsBackQuietlyAndCannotCommit() throws Exception {
        jakarta.resource.spi.ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        mc.getLocalTransaction().begin();
        Connection c = (Connection) mc.getConnection(null, null);
        insert(c, 1, pool.applicationName);
        mc.destroy(); // what a container does after CONNECTION_ERROR_OCCURRED, before it rolls back

        mc.getLocalTransaction().rollback();
        assertEquals(0, countFromOutside(pool.applicationName));

        jakarta.resource.spi.ManagedConnection other = pool.mcf.createManagedConnection(null, null);
        other.getLocalTransaction().begin();
        other.destroy();
        jakarta.resource.spi.LocalTransactionException e = assertThrows(
                jakarta.resource.spi.LocalTransactionException.class, () -> other.getLocalTransaction().commit());
        assertEquals("08003", e.getErrorCode());
    }

    @Test
    void anApplicationTransactionOnTheHandleSendsLocalTransactionEvents() throws Exception {
        String owner = pool.applicationName;
        try (Connection c = pool.ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, 1, owner);
            c.commit();
            insert(c, 2, owner);
            c.rollback();
            c.setAutoCommit(true);
        }

        assertEquals(List.of(ConnectionEvent.LOCAL_TRANSACTION_STARTED, ConnectionEvent.LOCAL_TRANSACTION_COMMITTED,
                ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK, ConnectionEvent.CONNECTION_CLOSED), pool.cm.eventTypes());
        ConnectionEvent started = pool.cm.events().get(0);
        assertTrue(started.getConnectionHandle() instanceof ConnectionHandle);
        assertEquals(1, countFromOutside(owner));
    }

    @Test
    void aTransactionLeftOpenIsRolledBackBeforeTheSessionIsReused() throws Exception {
        String owner = pool.applicationName;
        Connection c = pool.ds.getConnection();
        c.setAutoCommit(false);
        insert(c, 1, owner);
        c.close();

        assertEquals(0, countFromOutside(owner), "the open transaction was rolled back");
        try (Connection next = pool.ds.getConnection()) {
            assertTrue(next.getAutoCommit(), "the next borrower gets autocommit back");
            assertEquals(0, count(next, owner));
        }
        assertEquals(1, pool.cm.size(), "same session, reused");
        assertEquals(1, pool.metrics().snapshot().transactionsRolledBack());
    }

    @Test
    void aBeginSentAsSqlIsRolledBackToo() throws Exception {
        String owner = pool.applicationName;
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            insert(c, 1, owner);
        }
        assertEquals(0, countFromOutside(owner));
        try (Connection next = pool.ds.getConnection(); Statement s = next.createStatement()) {
            s.execute("SELECT 1");
            assertEquals(0, count(next, owner));
        }
    }

    @Test
    void aSessionThatCannotBeRolledBackIsReplacedNotReused() throws Exception {
        Connection c = pool.ds.getConnection();
        c.setAutoCommit(false);
        int pid = selectInt(c, "SELECT pg_backend_pid()");
        ConnectionHandle handle = (ConnectionHandle) c;
        PgManagedConnection mc = (PgManagedConnection) handle.owner(PgManagedConnection.HANDLE_KEY);
        // the server ends the session without the driver noticing before cleanup tries to roll back
        try (Connection admin = pool.server.openAdminConnection()) {
            admin.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")");
        }
        Thread.sleep(100);
        pool.cm.events().clear();
        c.close();

        try (Connection next = pool.ds.getConnection()) {
            assertTrue(selectInt(next, "SELECT pg_backend_pid()") != pid);
            assertSame(mc, ((ConnectionHandle) next).owner(PgManagedConnection.HANDLE_KEY), "the managed connection got a fresh session");
        }
    }

    private static void insert(Connection c, int id, String owner) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO tx_test VALUES (?, ?)")) {
            ps.setInt(1, id + Math.abs(owner.hashCode() % 100000) * 10);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }

    private static int count(Connection c, String owner) throws SQLException {
        try (var ps = c.prepareStatement("SELECT count(*) FROM tx_test WHERE owner = ?")) {
            ps.setString(1, owner);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int countFromOutside(String owner) throws SQLException {
        try (Connection admin = pool.server.openAdminConnection()) {
            return count(admin, owner);
        }
    }
}
