package io.codecheck.ra.spi;

import static io.codecheck.ra.spi.ManagedConnectionContractTest.selectInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.jdbc.ConnectionHandle;

import jakarta.resource.spi.ManagedConnection;

import java.sql.Connection;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * maxLifetime: a session older than it is replaced when next idle, never under a caller. The shortest accepted
 * lifetime (1 s) keeps these tests quick; the jitter takes up to 2.5 % off it.
 */
class MaxLifetimeTest {
    private static final int LIFETIME_MILLIS = 1_000;

    @Test
    void anIdleSessionOlderThanMaxLifetimeIsReplacedAtTheNextBorrow() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setMaxLifetime(LIFETIME_MILLIS))) {
            int first;
            try (Connection c = pool.ds.getConnection()) {
                first = selectInt(c, "SELECT pg_backend_pid()");
            }
            try (Connection c = pool.ds.getConnection()) {
                assertEquals(first, selectInt(c, "SELECT pg_backend_pid()"), "reused while young");
            }
            Thread.sleep(LIFETIME_MILLIS + 100);

            try (Connection c = pool.ds.getConnection()) {
                assertNotEquals(first, selectInt(c, "SELECT pg_backend_pid()"), "replaced once past maxLifetime");
            }
            assertEquals(1, pool.cm.idleCount(), "the same managed connection, with a new session");
            Await.backends(pool, 1);
            assertEquals(2, pool.metrics().snapshot().connectionsCreated());
            assertEquals(1, pool.metrics().snapshot().connectionsDestroyed());
        }
    }

    @Test
    void aSessionInUseOutlivesMaxLifetimeAndIsReplacedWhenReturned() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setMaxLifetime(LIFETIME_MILLIS))) {
            int pid;
            try (Connection c = pool.ds.getConnection()) {
                c.setAutoCommit(false);
                pid = selectInt(c, "SELECT pg_backend_pid()");
                Thread.sleep(LIFETIME_MILLIS + 100);
                // the container validating its connections meanwhile must not take it away either
                ManagedConnection mc = (ManagedConnection) c.unwrap(ConnectionHandle.class).owner(PgManagedConnection.HANDLE_KEY);
                assertTrue(pool.mcf.getInvalidConnections(Set.of(mc)).isEmpty(), "in use: not invalid");
                assertEquals(pid, selectInt(c, "SELECT pg_backend_pid()"), "not replaced under its caller");
                c.commit();
            }
            Await.backends(pool, 0); // closed on return
            try (Connection c = pool.ds.getConnection()) {
                assertNotEquals(pid, selectInt(c, "SELECT pg_backend_pid()"));
            }
        }
    }

    @Test
    void anIdleSessionPastMaxLifetimeIsInvalidForTheContainer() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setMaxLifetime(LIFETIME_MILLIS))) {
            ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
            assertTrue(pool.mcf.getInvalidConnections(Set.of(mc)).isEmpty(), "young");
            Thread.sleep(LIFETIME_MILLIS + 100);
            assertEquals(Set.of(mc), pool.mcf.getInvalidConnections(Set.of(mc)), "past maxLifetime");
            mc.destroy();
        }
    }

    @Test
    void zeroMeansSessionsAreNeverReplacedForTheirAge() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setMaxLifetime(0))) {
            ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
            assertEquals(Long.MAX_VALUE, pool.mcf.runtime().retireAtNanos(System.nanoTime()));
            assertTrue(pool.mcf.getInvalidConnections(Set.of(mc)).isEmpty());
            mc.destroy();
        }
    }
}
