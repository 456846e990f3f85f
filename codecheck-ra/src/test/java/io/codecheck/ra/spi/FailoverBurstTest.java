package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * After a server-wide event (every session terminated, as a restart or failover does), the pool's callers see at most
 * one error: the first session that fails of it makes the others suspect, and they are validated before they are
 * handed out, however recently they were used.
 */
class FailoverBurstTest {

    @Test
    void aMassTerminationCostsTheCallersOneErrorNotOnePerSession() throws Exception {
        try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> f.setValidationInterval(600_000),
                new TestConnectionManager(4, false))) {
            List<Connection> four = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                four.add(pool.ds.getConnection());
            }
            for (Connection c : four) {
                selectInt(c, "SELECT 1");
                c.close();
            }
            assertEquals(4, pool.cm.idleCount());
            assertEquals(4, pool.terminateBackends());

            List<String> errors = new ArrayList<>();
            for (int call = 0; call < 8; call++) {
                try (Connection c = pool.ds.getConnection()) {
                    assertEquals(1, selectInt(c, "SELECT 1"));
                } catch (SQLException e) {
                    errors.add(e.getSQLState());
                }
            }
            // all four at once: every session of the pool is used, each dead one checked and replaced first
            List<Connection> all = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Connection c = pool.ds.getConnection();
                    all.add(c);
                    try {
                        selectInt(c, "SELECT 1");
                    } catch (SQLException e) {
                        errors.add(e.getSQLState());
                    }
                }
            } finally {
                for (Connection c : all) {
                    c.close();
                }
            }
            assertTrue(errors.size() <= 1, "errors seen by callers: " + errors);
        }
    }
}
