package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.DatabaseQueryException;
import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.testsupport.FaultProxy;
import io.codecheck.ra.testsupport.TestDatabase;

import jakarta.resource.spi.ConnectionEvent;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** Every wait has a deadline: statements, idle transactions, login and reads from a server that went silent. */
class TimeoutsTest {

    @Test
    void aStatementOverStatementTimeoutFailsWith57014AndTheSessionStaysUsable() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setStatementTimeout(300))) {
            long start = System.nanoTime();
            DatabaseQueryException e = assertThrows(DatabaseQueryException.class,
                    () -> pool.ds.query("SELECT pg_sleep(5)"));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals("57014", e.getSqlState());
            assertTrue(millis < 3000, millis + " ms");
            assertEquals(1, pool.ds.query("SELECT 1").size());
            assertEquals(1, pool.cm.size(), "the same session served both calls");
            assertTrue(!pool.cm.eventTypes().contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED));
        }
    }

    @Test
    void idleInTransactionPastTheTimeoutGivesAClearErrorAndEvictsTheSession() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setIdleInTransactionTimeout(300))) {
            Connection c = pool.ds.getConnection();
            c.setAutoCommit(false);
            selectInt(c, "SELECT 1");
            Thread.sleep(1200);

            SQLException e = assertThrows(SQLException.class, () -> selectInt(c, "SELECT 1"));
            assertTrue("25P03".equals(e.getSQLState()) || e.getSQLState().startsWith("08"), e.getSQLState());
            assertTrue(pool.cm.eventTypes().contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED));
            c.close();
            assertEquals(1, pool.ds.query("SELECT 1").size(), "the pool carries on with a new session");
        }
    }

    @Test
    void aServerThatAcceptsTcpButNeverAnswersCannotHangALogin() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(TestDatabase.get());
             PoolFixture pool = new PoolFixture(f -> {
                 f.setServerName(proxy.host());
                 f.setPortNumber(proxy.port());
                 f.setLoginTimeout(2);
                 f.setConnectTimeout(2);
             })) {
            proxy.stall();
            long start = System.nanoTime();
            assertThrows(DatabaseConnectionException.class, () -> pool.ds.query("SELECT 1"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 3000, "returned after " + millis + " ms, limit is loginTimeout + 1 s");
        }
    }

    @Test
    void aServerThatGoesSilentMidSessionCannotHangAStatement() throws Exception {
        try (FaultProxy proxy = FaultProxy.inFrontOf(TestDatabase.get());
             PoolFixture pool = new PoolFixture(f -> {
                 f.setServerName(proxy.host());
                 f.setPortNumber(proxy.port());
                 f.setSocketTimeout(2);
                 f.setLoginTimeout(2);
                 f.setValidationInterval(60_000); // the statement, not a validation, meets the silent server
             })) {
            assertEquals(1, pool.ds.query("SELECT 1").size());
            proxy.stall();
            long start = System.nanoTime();
            DatabaseConnectionException e = assertThrows(DatabaseConnectionException.class,
                    () -> pool.ds.query("SELECT 1"));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(millis < 3000, "returned after " + millis + " ms, limit is socketTimeout + 1 s");
            assertTrue(e.getSqlState().startsWith("08"), e.getSqlState());
            assertTrue(pool.cm.eventTypes().contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED));
        }
    }

    @Test
    void defaultsBoundEveryWait() throws Exception {
        PgManagedConnectionFactory f = PoolFixture.factoryFor(TestDatabase.get(), "defaults");
        ConnectionSettings s = f.resolveSettings();

        assertEquals(30000, s.statementTimeoutMillis());
        assertEquals(60000, s.idleInTransactionTimeoutMillis());
        assertEquals(30, s.loginTimeoutSeconds());
        assertEquals(60, s.socketTimeoutSeconds(), "statement timeout + 30 s");
        assertTrue(s.validationTimeoutMillis() > 0);
    }
}
