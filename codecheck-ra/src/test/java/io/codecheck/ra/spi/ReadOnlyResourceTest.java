package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.DatabaseQueryException;
import io.codecheck.ra.config.ConnectionSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** readOnly=true makes every session read-only on the server, whatever the application does. */
class ReadOnlyResourceTest {

    @Test
    void aWriteThroughAReadOnlyResourceFailsWith25006AndReadsWork() throws Exception {
        try (PoolFixture rw = new PoolFixture(); PoolFixture ro = new PoolFixture(f -> f.setReadOnly(true))) {
            rw.ds.update("CREATE TABLE IF NOT EXISTS ro_test (id int)");

            DatabaseQueryException e = assertThrows(DatabaseQueryException.class,
                    () -> ro.ds.update("INSERT INTO ro_test VALUES (1)"));
            assertEquals("25006", e.getSqlState());
            assertEquals("25006", assertThrows(DatabaseQueryException.class,
                    () -> ro.ds.update("CREATE TABLE ro_test_2 (id int)")).getSqlState());
            assertEquals(1, ro.ds.query("SELECT count(*) FROM ro_test").size());
            assertEquals(0, ro.cm.eventTypes().stream()
                    .filter(t -> t == jakarta.resource.spi.ConnectionEvent.CONNECTION_ERROR_OCCURRED).count());
        }
    }

    @Test
    void theNextBorrowerIsReadOnlyEvenIfThePreviousOneSwitchedItOff() throws Exception {
        try (PoolFixture ro = new PoolFixture(f -> f.setReadOnly(true))) {
            try (Connection c = ro.ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals("on", selectString(c, "SHOW default_transaction_read_only"));
                s.execute("SET default_transaction_read_only = off");
            }
            try (Connection c = ro.ds.getConnection()) {
                assertEquals("on", selectString(c, "SHOW default_transaction_read_only"));
            }
            assertEquals(1, ro.cm.size());
        }
    }

    @Test
    void theHandleRefusesToLeaveReadOnlyMode() throws Exception {
        try (PoolFixture ro = new PoolFixture(f -> f.setReadOnly(true)); Connection c = ro.ds.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> c.setReadOnly(false));
            assertEquals("25006", e.getSQLState());
            assertTrue(e.getMessage().contains("readOnly=true"), e.getMessage());
        }
    }

    /**
     * pgjdbc classifies servers by "show transaction_read_only": were the session read-only from the startup packet,
     * a primary would look like a standby, and a read-only resource asking for the primary would never connect.
     */
    @Test
    void aReadOnlyResourceThatAsksForThePrimaryGetsItAndStaysReadOnly() throws Exception {
        try (PoolFixture ro = new PoolFixture(f -> {
            f.setReadOnly(true);
            f.setTargetServerType("primary");
        })) {
            try (Connection c = ro.ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals("on", selectString(c, "SHOW default_transaction_read_only"));
                assertEquals("25006", assertThrows(SQLException.class,
                        () -> s.execute("CREATE TABLE ro_primary_test (id int)")).getSQLState());
                s.execute("SET default_transaction_read_only = off");
            }
            try (Connection c = ro.ds.getConnection()) {
                assertEquals("on", selectString(c, "SHOW default_transaction_read_only"),
                        "read-only again after the session reset (DISCARD ALL)");
            }
            assertEquals(1, ro.cm.size());
        }
    }

    /** Several hosts, no standby among them: preferSecondary falls back to the primary, read-only all the same. */
    @Test
    void severalHostsWithoutAStandbyFallBackToThePrimaryReadOnly() throws Exception {
        io.codecheck.ra.testsupport.TestDatabase db = io.codecheck.ra.testsupport.TestDatabase.get();
        try (PoolFixture ro = new PoolFixture(f -> {
            f.setReadOnly(true);
            f.setServerName(db.host() + ":" + db.port() + ",127.0.0.1:" + db.port());
        })) {
            assertEquals("preferSecondary", ro.mcf.resolveSettings().targetServerType());
            DatabaseQueryException e = assertThrows(DatabaseQueryException.class,
                    () -> ro.ds.update("CREATE TABLE ro_fallback_test (id int)"));
            assertEquals("25006", e.getSqlState());
        }
    }

    @Test
    void severalHostsDefaultToReplicasForReadsAndThePrimaryForWrites() throws Exception {
        PgManagedConnectionFactory ro = PoolFixture.factoryFor(io.codecheck.ra.testsupport.TestDatabase.get(), "ro");
        ro.setServerName("db1:5432,db2:5433");
        ro.setReadOnly(true);
        PgManagedConnectionFactory rw = PoolFixture.factoryFor(io.codecheck.ra.testsupport.TestDatabase.get(), "rw");
        rw.setServerName("db1:5432,db2:5433");

        ConnectionSettings roSettings = ro.resolveSettings();
        ConnectionSettings rwSettings = rw.resolveSettings();

        assertEquals("preferSecondary", roSettings.targetServerType());
        assertTrue(roSettings.loadBalanceHosts());
        assertEquals("primary", rwSettings.targetServerType());
        assertFalse(rwSettings.loadBalanceHosts());
    }
}
