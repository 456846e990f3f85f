package io.codecheck.ra.spi;

import io.codecheck.it.support.ReplicaCluster;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.config.Environment;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Lag-aware reads (issue 13 point 2) on a real primary and two streaming standbys, the adapter driven outside a
 * container by {@link TestConnectionManager} (in this package for that reason; nothing of it is deployed). Replay is
 * paused on standbys with {@code pg_wal_replay_pause()} while the primary is written to: the pool's reads must leave
 * a lagging standby within validationInterval + 1 s and use it again once it replays.
 *
 * <p>{@code -Dit.maxReplicaLag=0} runs the same tests with lag-aware reads off, as before the feature: they fail
 * (reads stay on the paused standby).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LagAwareReadsIT {
    private static final int VALIDATION_INTERVAL = 1000;
    private static final int MAX_LAG = Integer.getInteger("it.maxReplicaLag", 500);
    private static final int HANDLES = 6;

    private static ReplicaCluster cluster;
    private static int primaryPort;
    private static int s1Port;
    private static int s2Port;

    @BeforeAll
    static void start() {
        cluster = ReplicaCluster.start(2);
        primaryPort = cluster.primary().port();
        s1Port = cluster.standbys().get(0).port();
        s2Port = cluster.standbys().get(1).port();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A read-only resource over the three servers: preferSecondary with load balancing, by default. */
    private static final class Pool implements AutoCloseable {
        final PgManagedConnectionFactory mcf = new PgManagedConnectionFactory();
        final TestConnectionManager cm = new TestConnectionManager(HANDLES + 4, false);
        final CodeCheckDataSourceImpl ds;

        Pool(String name, String fallback) throws Exception {
            mcf.setEnvironment(Environment.of(Map.of()));
            mcf.setServerName(cluster.primary().hostAndPort() + "," + cluster.standbys().get(0).hostAndPort() + ","
                    + cluster.standbys().get(1).hostAndPort());
            mcf.setDatabaseName(ReplicaCluster.DATABASE);
            mcf.setUser(ReplicaCluster.APP_USER);
            mcf.setPassword(ReplicaCluster.APP_PASSWORD);
            mcf.setSslMode("disable");
            mcf.setReadOnly(true);
            mcf.setValidationInterval(VALIDATION_INTERVAL);
            mcf.setMaxReplicaLag(MAX_LAG);
            mcf.setReplicaLagFallback(fallback);
            mcf.setConnectTimeout(5);
            mcf.setLoginTimeout(10);
            mcf.setPoolName(name);
            mcf.setApplicationName(name);
            ds = (CodeCheckDataSourceImpl) mcf.createConnectionFactory(cm);
        }

        /** Borrows {@link #HANDLES} sessions at once; the server port of each; returns them. */
        Map<Integer, Integer> ports() throws SQLException {
            List<Connection> held = new ArrayList<>();
            Map<Integer, Integer> ports = new TreeMap<>();
            try {
                for (int i = 0; i < HANDLES; i++) {
                    Connection c = ds.getConnection();
                    held.add(c);
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select inet_server_port()")) {
                        rs.next();
                        ports.merge(rs.getInt(1), 1, Integer::sum);
                    }
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
            return ports;
        }

        @Override
        public void close() {
            cm.shutdown();
            mcf.shutdown();
        }
    }

    private static void replay(ReplicaCluster.Node standby, boolean on) throws SQLException {
        try (Connection c = standby.admin("postgres"); Statement st = c.createStatement()) {
            st.execute(on ? "select pg_wal_replay_resume()" : "select pg_wal_replay_pause()");
        }
    }

    private static void write() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.primaryJdbcUrl(), ReplicaCluster.APP_USER,
                ReplicaCluster.APP_PASSWORD); Statement st = c.createStatement()) {
            st.executeUpdate("insert into it_items (batch, n) values ('lag', 1)");
        }
    }

    private interface Check {
        boolean holds(Map<Integer, Integer> ports) throws Exception;
    }

    /** Borrows rounds of sessions until {@code check} holds; the milliseconds that took, or fails at the deadline. */
    private static long until(Pool pool, String what, long deadlineMillis, Check check) throws Exception {
        return until(pool, what, deadlineMillis, check, false);
    }

    /**
     * The same; with {@code failuresAllowed} a borrow that fails counts as "not yet" (fail mode until the lagging
     * hosts' avoidance window has passed), and the last failure is reported at the deadline.
     */
    private static long until(Pool pool, String what, long deadlineMillis, Check check, boolean failuresAllowed)
            throws Exception {
        long start = System.nanoTime();
        Map<Integer, Integer> last = null;
        SQLException lastFailure = null;
        while ((System.nanoTime() - start) / 1_000_000 <= deadlineMillis) {
            try {
                last = pool.ports();
            } catch (SQLException e) {
                if (!failuresAllowed) {
                    throw e;
                }
                lastFailure = e;
                sleep(100);
                continue;
            }
            if (check.holds(last)) {
                long took = (System.nanoTime() - start) / 1_000_000;
                System.out.println("LagAwareReadsIT: " + what + " after " + took + " ms: " + describe(last));
                return took;
            }
            sleep(100);
        }
        fail(what + " not within " + deadlineMillis + " ms; sessions per server: " + describe(last)
                + (lastFailure == null ? "" : "; last failure: " + lastFailure));
        return -1;
    }

    private static String describe(Map<Integer, Integer> ports) {
        if (ports == null) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        ports.forEach((port, n) -> sb.append(port == primaryPort ? "primary" : port == s1Port ? "standby1"
                : port == s2Port ? "standby2" : String.valueOf(port)).append('=').append(n).append(' '));
        return sb.toString().trim();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void readsLeaveAPausedStandbyAndComeBackAfterItReplays() throws Exception {
        try (Pool pool = new Pool("lag-one", "primary")) {
            // before: every read on a standby, some of them on standby1 (load balancing spreads new sessions)
            until(pool, "sessions on standby1", 10_000, p -> {
                boolean ok = p.containsKey(s1Port) && !p.containsKey(primaryPort);
                if (!ok) {
                    pool.mcf.runtime().softEvict();
                }
                return ok;
            });
            replay(cluster.standbys().get(0), false);
            try {
                write();
                long moved = until(pool, "reads off standby1", VALIDATION_INTERVAL + 1000,
                        p -> !p.containsKey(s1Port) && !p.containsKey(primaryPort));
                assertTrue(moved <= VALIDATION_INTERVAL + 1000, "moved after " + moved + " ms");
                String avoided = pool.mcf.runtime().replicaLagAvoidedHosts();
                System.out.println("LagAwareReadsIT: avoided " + avoided + ", MBean max lag "
                        + pool.mcf.runtime().replicaLagMaxMillis() + " ms at " + pool.mcf.runtime().replicaLagMeasuredAt());
                // still off it while it lags: over three validation intervals
                long end = System.nanoTime() + 3L * VALIDATION_INTERVAL * 1_000_000;
                while (System.nanoTime() - end < 0) {
                    Map<Integer, Integer> p = pool.ports();
                    assertTrue(!p.containsKey(s1Port), "a read on the paused standby1: " + describe(p));
                    sleep(200);
                }
            } finally {
                replay(cluster.standbys().get(0), true);
            }
            cluster.awaitStandbysCaughtUp();
            // back: new sessions (softEvictConnections, as maxLifetime would) land on standby1 again once the
            // avoidance (validationInterval, at least 1 s) is over
            long back = until(pool, "sessions on standby1 again", 2L * VALIDATION_INTERVAL + 5000, p -> {
                boolean ok = p.containsKey(s1Port);
                if (!ok) {
                    pool.mcf.runtime().softEvict();
                }
                return ok;
            });
            assertTrue(back >= 0);
            assertEquals("", pool.mcf.runtime().replicaLagAvoidedHosts());
        }
    }

    @Test
    @Order(2)
    void everyStandbyPausedFallsBackToThePrimaryAndReturnsToStandbys() throws Exception {
        try (Pool pool = new Pool("lag-all", "primary")) {
            until(pool, "all on standbys", 5000, p -> !p.containsKey(primaryPort));
            replay(cluster.standbys().get(0), false);
            replay(cluster.standbys().get(1), false);
            try {
                write();
                long moved = until(pool, "all reads on the primary", VALIDATION_INTERVAL + 1000,
                        p -> p.keySet().equals(java.util.Set.of(primaryPort)));
                assertTrue(moved <= VALIDATION_INTERVAL + 1000);
                HealthStatus health = pool.ds.health();
                System.out.println("LagAwareReadsIT: health " + health);
                assertTrue(health.healthy());
                assertNotNull(health.replicaLagMillis(), "health shows the lag");
                assertNotNull(health.replicaLagMeasuredAt());
                String avoided = pool.mcf.runtime().replicaLagAvoidedHosts();
                assertTrue(avoided.contains(cluster.standbys().get(0).hostAndPort())
                        && avoided.contains(cluster.standbys().get(1).hostAndPort()), avoided);
            } finally {
                replay(cluster.standbys().get(0), true);
                replay(cluster.standbys().get(1), true);
            }
            cluster.awaitStandbysCaughtUp();
            // no eviction: sessions opened on the primary as a fallback go back to a standby on their next lag check
            until(pool, "all reads back on standbys", 2L * VALIDATION_INTERVAL + 1000, p -> !p.containsKey(primaryPort));
        }
    }

    @Test
    @Order(3)
    void failModeFailsClearlyWhenEveryStandbyLags() throws Exception {
        try (Pool pool = new Pool("lag-fail", "fail")) {
            until(pool, "all on standbys", 5000, p -> !p.containsKey(primaryPort));
            replay(cluster.standbys().get(0), false);
            replay(cluster.standbys().get(1), false);
            try {
                write();
                long start = System.nanoTime();
                SQLException failure = null;
                while (failure == null && (System.nanoTime() - start) / 1_000_000 <= VALIDATION_INTERVAL + 1000) {
                    try {
                        Map<Integer, Integer> p = pool.ports();
                        assertTrue(!p.containsKey(primaryPort), "fail mode read from the primary: " + describe(p));
                        sleep(100);
                    } catch (SQLException e) {
                        failure = e;
                    }
                }
                assertNotNull(failure, "no failure while every standby lags");
                System.out.println("LagAwareReadsIT: fail mode after " + (System.nanoTime() - start) / 1_000_000
                        + " ms: " + failure.getSQLState() + " " + failure.getMessage());
                assertEquals("08001", failure.getSQLState());
                assertTrue(failure.getMessage().contains("every standby lags more than maxReplicaLag"),
                        failure.getMessage());
                DatabaseConnectionException helper = assertThrows(DatabaseConnectionException.class,
                        () -> pool.ds.query("select 1"));
                System.out.println("LagAwareReadsIT: helper: " + helper.getMessage());
                assertTrue(helper.getMessage().contains("every standby lags"), helper.getMessage());
            } finally {
                replay(cluster.standbys().get(0), true);
                replay(cluster.standbys().get(1), true);
            }
            cluster.awaitStandbysCaughtUp();
            // fail mode: borrows may still fail until the lagging hosts' avoidance window has passed
            until(pool, "reads again after replay resumed", 2L * VALIDATION_INTERVAL + 2000,
                    p -> !p.containsKey(primaryPort), true);
        }
    }
}
