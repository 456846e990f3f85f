package io.codecheck.ra.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.testsupport.TestDatabase;

import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;

/** The session's reading of PostgreSQL's transaction states, on a real server. */
class PgSessionTest {

    @Test
    void transactionStatesAsTheServerReportsThem() throws Exception {
        PgSession session = new PgSession((BaseConnection) TestDatabase.get().openConnection());
        try {
            assertTrue(session.isIdle());
            session.setAutoCommit(false);
            try (Statement s = session.driverConnection().createStatement()) {
                s.execute("SELECT 1");
                assertTrue(session.hasOpenTransaction());
                assertFalse(session.isIdle());
                try {
                    s.execute("SELECT 1/0");
                } catch (java.sql.SQLException expected) {
                    // 22012: the transaction is now failed
                }
                assertTrue(session.hasFailedTransaction());
                session.rollbackLeftOpen();
                assertTrue(session.isIdle());
            }
        } finally {
            session.closeQuietly();
        }
        assertTrue(session.isClosed());
    }

    @Test
    void aBeginSentAsSqlIsRolledBackToo() throws Exception {
        PgSession session = new PgSession((BaseConnection) TestDatabase.get().openConnection());
        try (Statement s = session.driverConnection().createStatement()) {
            s.execute("BEGIN");
            s.execute("SELECT 1");
            assertTrue(session.hasOpenTransaction(), "autocommit, but a transaction block is open");
            session.rollbackLeftOpen();
            assertTrue(session.isIdle());
        } finally {
            session.closeQuietly();
        }
    }

    @Test
    void aPrimaryHasNoReplicaLag() throws Exception {
        PgSession session = new PgSession((BaseConnection) TestDatabase.get().openConnection());
        try {
            assertEquals(0, session.replicaLagMillis(5));
        } finally {
            session.closeQuietly();
        }
    }

    @Test
    void aLagMeasurementRemembersThePrimary() throws Exception {
        PgSession session = new PgSession((BaseConnection) TestDatabase.get().openConnection());
        try {
            assertEquals(-1, session.lastLagMillis());
            session.measureReplicaLag(5);
            assertEquals(0, session.lastLagMillis());
            assertFalse(session.onStandby());
            assertTrue(session.lagMeasuredAt() != null);
        } finally {
            session.closeQuietly();
        }
    }
}
