package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.DatabaseException;
import io.codecheck.ra.testsupport.TestDatabase;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL answers COMMIT of a failed transaction with ROLLBACK and the driver returns normally: on every commit
 * path the adapter must say "rolled back" instead (SQLState 40000, naming the pool and the first error), and count
 * it so. A commit whose connection broke under it is reported as of unknown outcome (08007).
 */
class CommitTruthTest {
    private PoolFixture pool;
    private String table;

    @BeforeEach
    void setUp() throws Exception {
        pool = new PoolFixture();
        table = "commit_truth_" + pool.applicationName.replace('-', '_');
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
        pool.close();
    }

    /** INSERT 1, then a duplicate INSERT whose 23505 the application catches. */
    private void insertThenCatchADuplicate(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
            ps.setInt(1, 1);
            ps.executeUpdate();
            SQLException duplicate = assertThrows(SQLException.class, ps::executeUpdate);
            assertEquals("23505", duplicate.getSQLState());
        }
    }

    private int rows() throws SQLException {
        try (Connection c = TestDatabase.get().openAdminConnection()) {
            return selectInt(c, "SELECT count(*) FROM " + table);
        }
    }

    @Test
    void containerCommitOfAFailedTransactionReportsARollback() throws Exception {
        long committedBefore = pool.metrics().snapshot().transactionsCommitted();
        pool.cm.begin();
        try (Connection c = pool.ds.getConnection()) {
            insertThenCatchADuplicate(c);
        }
        ResourceException e = assertThrows(ResourceException.class, pool.cm::commit);

        assertEquals("40000", e.getErrorCode());
        assertTrue(e.getMessage().contains(pool.applicationName), e.getMessage());
        assertTrue(e.getMessage().contains("23505"), "names the first error: " + e.getMessage());
        assertEquals(0, rows(), "nothing stored");
        assertEquals(committedBefore, pool.metrics().snapshot().transactionsCommitted());
        assertEquals(1, pool.metrics().snapshot().transactionsRolledBack());
        try (Connection c = pool.ds.getConnection()) {
            assertEquals(1, selectInt(c, "SELECT 1"), "the session is usable afterwards");
        }
    }

    @Test
    void applicationCommitOfAFailedTransactionReportsARollback() throws Exception {
        try (Connection c = pool.ds.getConnection()) {
            c.setAutoCommit(false);
            insertThenCatchADuplicate(c);
            SQLException e = assertThrows(SQLException.class, c::commit);
            assertEquals("40000", e.getSQLState());
            assertTrue(e.getMessage().contains("23505"), e.getMessage());
            c.setAutoCommit(true);
        }
        assertEquals(0, rows());
        assertEquals(0, pool.metrics().snapshot().transactionsCommitted());
        assertEquals(1, pool.metrics().snapshot().transactionsRolledBack());
        assertTrue(pool.cm.eventTypes().contains(ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK));
        assertTrue(!pool.cm.eventTypes().contains(ConnectionEvent.LOCAL_TRANSACTION_COMMITTED));
    }

    @Test
    void autocommitOnAfterAFailedTransactionReportsARollback() throws Exception {
        try (Connection c = pool.ds.getConnection()) {
            c.setAutoCommit(false);
            insertThenCatchADuplicate(c);
            SQLException e = assertThrows(SQLException.class, () -> c.setAutoCommit(true));
            assertEquals("40000", e.getSQLState());
            assertEquals(true, c.getAutoCommit(), "the transaction is over either way");
        }
        assertEquals(0, rows());
        assertEquals(0, pool.metrics().snapshot().transactionsCommitted());
    }

    @Test
    void theTransactionHelperReportsARollback() throws Exception {
        DatabaseException e = assertThrows(DatabaseException.class, () -> pool.ds.inTransaction(c -> {
            insertThenCatchADuplicate(c);
            return null;
        }));
        assertEquals("40000", e.getSqlState());
        assertEquals(0, rows());
        assertEquals(0, pool.metrics().snapshot().transactionsCommitted());
        assertEquals(1, pool.metrics().snapshot().transactionsRolledBack(), "one transaction, one rollback");
    }

    @Test
    void commitSentAsSqlInAFailedTransactionReportsARollback() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            insertThenCatchADuplicate(c);
            SQLException e = assertThrows(SQLException.class, () -> s.execute("COMMIT"));
            assertEquals("40000", e.getSQLState());
            assertTrue(e.getMessage().contains("23505"), e.getMessage());
        }
        assertEquals(0, rows());
        assertEquals(0, pool.metrics().snapshot().transactionsCommitted());
        assertEquals(1, pool.metrics().snapshot().transactionsRolledBack());
    }

    @Test
    void aCommitFailingOnADeferredConstraintCountsOneRollback() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + "_deferred (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO " + table + "_deferred VALUES (1), (1)");
            SQLException e = assertThrows(SQLException.class, c::commit);
            assertEquals("23505", e.getSQLState());
            assertEquals(1, pool.metrics().snapshot().transactionsRolledBack(), "the failed COMMIT rolled back");
            c.rollback(); // what frameworks do after a failed commit: nothing is left to roll back
            c.setAutoCommit(true);
            s.execute("DROP TABLE " + table + "_deferred");
        }
        assertEquals(0, pool.metrics().snapshot().transactionsCommitted());
        assertEquals(1, pool.metrics().snapshot().transactionsRolledBack());
    }

    @Test
    void commitThroughAPreparedStatementOrABatchInAFailedTransactionReportsARollback() throws Exception {
        for (boolean batch : new boolean[] {false, true}) {
            try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("BEGIN");
                insertThenCatchADuplicate(c);
                SQLException e;
                if (batch) {
                    s.addBatch("COMMIT");
                    e = assertThrows(SQLException.class, s::executeBatch);
                } else {
                    try (PreparedStatement commit = c.prepareStatement("COMMIT")) {
                        e = assertThrows(SQLException.class, commit::execute);
                    }
                }
                assertEquals("40000", e.getSQLState(), batch ? "batch" : "prepared");
            }
            assertEquals(0, rows());
        }
        assertEquals(0, pool.metrics().snapshot().transactionsCommitted());
    }

    @Test
    void transactionEndsAsSqlAreRefusedInsideAContainerTransaction() throws Exception {
        pool.cm.begin();
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + table + " VALUES (1)");
            for (String end : new String[] {"COMMIT", "ROLLBACK", "END", "abort"}) {
                assertEquals("2D000", assertThrows(SQLException.class, () -> s.execute(end)).getSQLState(), end);
            }
            s.execute("SAVEPOINT sp");
            s.execute("ROLLBACK TO SAVEPOINT sp"); // not an end of the transaction
        }
        pool.cm.commit();
        assertEquals(1, rows(), "the container committed the work");
    }

    @Test
    void commitInAutocommitModeStillFails() throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + table + " VALUES (1)");
            assertThrows(SQLException.class, c::commit);
        }
        assertEquals(0, pool.metrics().snapshot().transactionsCommitted());
    }

    @Test
    void aSavepointRollbackMakesTheTransactionCommittableAgain() throws Exception {
        try (Connection c = pool.ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + table + " VALUES (1)");
                java.sql.Savepoint sp = c.setSavepoint();
                assertThrows(SQLException.class, () -> s.execute("INSERT INTO " + table + " VALUES (1)"));
                c.rollback(sp);
            }
            c.commit();
            c.setAutoCommit(true);
        }
        assertEquals(1, rows());
        assertEquals(1, pool.metrics().snapshot().transactionsCommitted());
    }

    @Test
    void aContainerCommitWhoseConnectionBreaksReportsAnUnknownOutcome() throws Exception {
        pool.cm.begin();
        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + table + " VALUES (1)");
        }
        pool.terminateBackends();
        ResourceException e = assertThrows(ResourceException.class, pool.cm::commit);
        assertEquals("08007", e.getErrorCode());
        assertTrue(e.getMessage().contains("unknown"), e.getMessage());
        assertEquals(0, pool.metrics().snapshot().transactionsCommitted());
    }
}
