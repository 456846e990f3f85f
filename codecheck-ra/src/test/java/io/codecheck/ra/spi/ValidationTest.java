package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.testsupport.TestDatabase;

import jakarta.resource.spi.ManagedConnection;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Validation before reuse: bounded by validationTimeout, skipped within validationInterval, and dead sessions never
 * reach a caller, whether or not the container asks for validation itself.
 */
class ValidationTest {

    @Test
    void getInvalidConnectionsReportsSessionsTheServerEnded() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setValidationInterval(0))) {
            ManagedConnection alive = pool.mcf.createManagedConnection(null, null);
            ManagedConnection killed = pool.mcf.createManagedConnection(null, null);
            int killedPid = pid(killed);
            try (Connection admin = pool.server.openAdminConnection()) {
                admin.createStatement().execute("SELECT pg_terminate_backend(" + killedPid + ")");
            }
            Thread.sleep(100);

            Set<?> invalid = pool.mcf.getInvalidConnections(Set.of(alive, killed));

            assertEquals(Set.of(killed), invalid);
            assertEquals(1, pool.metrics().snapshot().validationFailures());
            alive.destroy();
            killed.destroy();
        }
    }

    @Test
    void aSessionUsedWithinTheValidationIntervalIsNotValidatedAgain() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setValidationInterval(60_000))) {
            ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
            int pid = pid(mc);
            try (Connection admin = pool.server.openAdminConnection()) {
                admin.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            Thread.sleep(100);

            // Proof that no round trip happens: the session is dead, yet within the interval it is trusted.
            assertTrue(pool.mcf.getInvalidConnections(Set.of(mc)).isEmpty());
            assertEquals(0, pool.metrics().snapshot().validationFailures());
            mc.destroy();
        }
    }

    @Test
    void afterEveryBackendIsTerminatedCallersThatBorrowSeeNoError() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setValidationInterval(0))) {
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(pool.ds.getConnection());
            }
            List<Integer> before = new ArrayList<>();
            for (Connection c : held) {
                before.add(selectInt(c, "SELECT pg_backend_pid()"));
                c.close();
            }
            assertEquals(4, pool.cm.idleCount());
            assertEquals(4, pool.terminateBackends());
            Thread.sleep(100);

            for (int i = 0; i < 8; i++) {
                try (Connection c = pool.ds.getConnection()) {
                    int pid = selectInt(c, "SELECT pg_backend_pid()");
                    assertTrue(!before.contains(pid), "a fresh session, not a dead one");
                }
            }
            assertTrue(pool.metrics().snapshot().validationFailures() >= 1);
        }
    }

    @Test
    void matchManagedConnectionsRepairsADeadSessionInsteadOfHandingItOut() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setValidationInterval(0))) {
            ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
            int before = pid(mc);
            try (Connection admin = pool.server.openAdminConnection()) {
                admin.createStatement().execute("SELECT pg_terminate_backend(" + before + ")");
            }
            Thread.sleep(100);

            assertSame(mc, pool.mcf.matchManagedConnections(Set.of(mc), null, null));
            assertNotEquals(before, pid(mc));
            mc.destroy();
        }
    }

    @Test
    void containerValidationOnBorrowWorksToo() throws Exception {
        try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> f.setValidationInterval(0),
                new TestConnectionManager(10, true))) {
            try (Connection c = pool.ds.getConnection()) {
                selectInt(c, "SELECT 1");
            }
            pool.terminateBackends();
            Thread.sleep(100);
            try (Connection c = pool.ds.getConnection()) {
                assertEquals(1, selectInt(c, "SELECT 1"));
            }
        }
    }

    private static int pid(ManagedConnection mc) throws Exception {
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            return selectInt(c, "SELECT pg_backend_pid()");
        } finally {
            mc.cleanup();
        }
    }
}
