package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.PoolStatistics;
import io.codecheck.ra.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The adapter's own counters move exactly as the work done through it. */
class StatisticsTest {

    @Test
    void countersFollowTheWork() throws Exception {
        try (PoolFixture pool = new PoolFixture()) {
            PoolStatistics start = pool.ds.statistics();
            assertEquals(pool.applicationName, start.poolName());
            assertEquals(0, start.poolSize());

            Connection a = pool.ds.getConnection();
            Connection b = pool.ds.getConnection();
            PoolStatistics twoOut = pool.ds.statistics();
            assertEquals(2, twoOut.poolSize());
            assertEquals(2, twoOut.activeConnections());
            assertEquals(0, twoOut.availableConnections());
            assertEquals(2, twoOut.connectionsCreated());
            assertTrue(twoOut.meanCreationMillis() > 0 && twoOut.maxCreationMillis() >= twoOut.meanCreationMillis());
            b.close();

            try (Statement s = a.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    s.executeQuery("SELECT 1").close();
                }
                assertThrows(SQLException.class, () -> s.execute("SELECT * FROM no_such_table"));
            }
            a.setAutoCommit(false);
            a.createStatement().execute("SELECT 1");
            a.commit();
            a.createStatement().execute("SELECT 1");
            a.rollback();
            a.close();

            PoolStatistics after = pool.ds.statistics();
            assertEquals(2, after.poolSize());
            assertEquals(0, after.activeConnections());
            assertEquals(2, after.availableConnections());
            assertEquals(8, after.queriesExecuted());
            assertEquals(1, after.transactionsCommitted());
            assertEquals(1, after.transactionsRolledBack());
            assertEquals(2, after.transactionsExecuted());
            assertEquals(1, after.errors());
            assertTrue(after.lastError().contains("42P01"), after.lastError());
            assertNotNull(after.lastErrorTime());
            assertTrue(after.maxBorrowWaitMillis() > 0);
            // the last minute: every borrow (2 here, the helpers none) and both sessions opened
            assertEquals(2, after.borrowWaitLastMinute().count());
            assertEquals(after.maxBorrowWaitMillis(), after.borrowWaitLastMinute().maxMillis(), 1e-9);
            assertTrue(after.borrowWaitLastMinute().p50Millis() <= after.borrowWaitLastMinute().p99Millis());
            assertEquals(2, after.creationLastMinute().count());
            assertEquals(after.maxCreationMillis(), after.creationLastMinute().maxMillis(), 1e-9);

            pool.cm.shutdown();
            assertEquals(0, pool.ds.statistics().poolSize());
            assertEquals(2, pool.ds.statistics().connectionsDestroyed());
        }
    }

    @Test
    void anExhaustedPoolIsCountedAndNamedInTheError() throws Exception {
        try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> { }, new TestConnectionManager(1, false));
             Connection held = pool.ds.getConnection()) {
            DatabaseConnectionException e = assertThrows(DatabaseConnectionException.class,
                    () -> pool.ds.query("SELECT 1"));

            assertTrue(e.getMessage().contains(pool.applicationName) && e.getMessage().contains("no connection"),
                    e.getMessage());
            assertEquals(1, pool.ds.statistics().poolExhaustedCount());
            assertEquals(1, pool.ds.statistics().errors());
            assertTrue(!held.isClosed());
        }
    }

    @Test
    void aFailedConnectionAttemptIsAnErrorNotExhaustion() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setPassword("wrong password"))) {
            DatabaseConnectionException e = assertThrows(DatabaseConnectionException.class,
                    () -> pool.ds.query("SELECT 1"));
            assertEquals("28P01", e.getSqlState());
            assertEquals(0, pool.ds.statistics().poolExhaustedCount());
            assertEquals(1, pool.ds.statistics().errors());
        }
    }

    @Test
    void anExhaustionOnAThreadWhoseEarlierConnectFailedIsStillExhaustion() throws Exception {
        // container threads are pooled: a failed connect of an earlier request must not colour this one's error
        try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> { }, new TestConnectionManager(1, false));
             Connection held = pool.ds.getConnection()) {
            try (PoolFixture unreachable = new PoolFixture(f -> f.setPassword("wrong password"))) {
                assertThrows(DatabaseConnectionException.class, () -> unreachable.ds.query("SELECT 1"));
            }
            DatabaseConnectionException e = assertThrows(DatabaseConnectionException.class,
                    () -> pool.ds.query("SELECT 1"));
            assertTrue(e.getMessage().contains("no connection available"), e.getMessage());
            assertEquals(1, pool.ds.statistics().poolExhaustedCount());
        }
    }

    @Test
    void lastErrorKeepsTheServersMessageButNotTheRowValuesOfItsDetail() throws Exception {
        try (PoolFixture pool = new PoolFixture(); Connection c = pool.ds.getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE person (email text PRIMARY KEY)");
            s.execute("INSERT INTO person VALUES ('alice@example.org')");
            SQLException e = assertThrows(SQLException.class,
                    () -> s.execute("INSERT INTO person VALUES ('alice@example.org')"));

            assertTrue(e.getMessage().contains("alice@example.org"), "the caller still gets the full message");
            String last = pool.ds.statistics().lastError();
            assertTrue(last.contains("duplicate key") && last.contains("23505"), last);
            assertTrue(!last.contains("alice@example.org"), last);
        }
    }

    @Test
    void lastErrorNeverCarriesTheValueARefusedStatementQuoted() throws Exception {
        try (PoolFixture pool = new PoolFixture(); Connection c = pool.ds.getConnection();
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.execute("SELECT 'card-4111111111111111'::int"));
            assertTrue(e.getMessage().contains("card-4111111111111111"), "the caller still gets the full message");
            String last = pool.ds.statistics().lastError();
            assertTrue(last.contains("invalid input syntax for type integer") && last.contains("22P02"), last);
            assertTrue(!last.contains("4111"), last);

            assertThrows(SQLException.class, () -> s.execute("SELECT * FROM \"no_such_table\""));
            assertTrue(pool.ds.statistics().lastError().contains("\"no_such_table\""),
                    "names of relations stay: " + pool.ds.statistics().lastError());
        }
    }

    @Test
    void lastErrorOfABatchNamesTheEntryButNotItsStatement() throws Exception {
        try (PoolFixture pool = new PoolFixture(); Connection c = pool.ds.getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE secret_batch (x int)");
            s.addBatch("INSERT INTO secret_batch VALUES (1)");
            s.addBatch("INSERT INTO secret_batch VALUES (('hunter2-password')::int)");
            assertThrows(SQLException.class, s::executeBatch);
            String last = pool.ds.statistics().lastError();
            assertTrue(last.startsWith("Batch entry 1"), last);
            assertTrue(!last.contains("hunter2") && !last.contains("secret_batch"), last);
        }
    }

    @Test
    void resetClearsCountersButNotGauges() throws Exception {
        try (PoolFixture pool = new PoolFixture(); Connection c = pool.ds.getConnection()) {
            c.createStatement().execute("SELECT 1");
            pool.metrics().reset();
            PoolStatistics s = pool.ds.statistics();
            assertEquals(0, s.queriesExecuted());
            assertEquals(1, s.poolSize());
            assertEquals(1, s.activeConnections());
        }
    }
}
