package io.codecheck.it;

import io.codecheck.it.app.replicas.ReplicaOps;
import io.codecheck.it.app.replicas.ReplicaServlet;
import io.codecheck.it.support.AppClient;
import io.codecheck.it.support.Load;
import io.codecheck.it.support.MicroSetup;
import io.codecheck.it.support.Pools;
import io.codecheck.it.support.ReplicaCluster;
import io.codecheck.it.support.Reply;
import io.codecheck.it.support.Wars;
import io.codecheck.testkit.Await;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out and failover: a primary and two streaming standbys started by the test. The read-only resource lists all
 * three servers (readOnly=true: preferSecondary and load balancing by default), the read-write resource the primary
 * and standby1 (targetServerType primary by default). The failover test runs last: it stops the primary for good.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    /** How long writes may fail after pg_promote returned. */
    private static final long FAILOVER_BOUND_MILLIS = 15_000;

    private static ReplicaCluster cluster;

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        cluster = ReplicaCluster.start(2);
        ReplicaCluster.Node primary = cluster.primary();
        ReplicaCluster.Node s1 = cluster.standbys().get(0);
        ReplicaCluster.Node s2 = cluster.standbys().get(1);
        Map<String, Object> login = Map.of("databaseName", ReplicaCluster.DATABASE, "user", ReplicaCluster.APP_USER,
                "password", ReplicaCluster.APP_PASSWORD, "connectTimeout", 5, "loginTimeout", 10);
        Pools pools = new Pools();
        pools.add(ReplicaOps.READ_ONLY).sizes(0, 16).properties(login)
                .property("serverName", primary.hostAndPort() + "," + s1.hostAndPort() + "," + s2.hostAndPort())
                .property("readOnly", true)
                .property("poolName", "it-rep-ro").property("applicationName", "it-rep-ro");
        pools.add(ReplicaOps.READ_WRITE).sizes(0, 8).properties(login)
                .property("serverName", primary.hostAndPort() + "," + s1.hostAndPort())
                .property("poolName", "it-rep-rw").property("applicationName", "it-rep-rw");
        MicroSetup.prepare(List.of(), Map.of());
        return Wars.war("it-replicas", pools).addClasses(ReplicaOps.class, ReplicaServlet.class);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private AppClient app() {
        return new AppClient(url);
    }

    @Test
    @Order(1)
    void readOnlyResourceLandsOnAStandby() {
        Reply h = app().call("replicas", "health", "resource", "ro").assertOk();
        assertTrue(h.getBoolean("healthy"), h.toString());
        assertTrue(h.getBoolean("replica"), "health().replica() of the read-only resource: " + h);
        Reply rw = app().call("replicas", "health", "resource", "rw").assertOk();
        assertTrue(rw.getBoolean("healthy"), rw.toString());
        assertFalse(rw.getBoolean("replica"), "health().replica() of the read-write resource: " + rw);
    }

    @Test
    @Order(2)
    void readOnlySessionsSpreadOverBothStandbysAndNeverTheHealthyPrimary() {
        // 12 sessions at once: with random load balancing all on one standby has odds 2^-11
        List<String> sessions = sessions("ro", 12);
        Set<Integer> ports = sessions.stream().map(s -> Integer.parseInt(s.split(":")[0])).collect(Collectors.toSet());
        Set<Integer> standbyPorts = cluster.standbys().stream().map(ReplicaCluster.Node::port)
                .collect(Collectors.toSet());
        assertEquals(standbyPorts, ports, "ports of the read-only sessions " + sessions + ", primary "
                + cluster.primary().port());
        assertTrue(sessions.stream().allMatch(s -> s.endsWith(":true")), "all on standbys: " + sessions);
    }

    @Test
    @Order(3)
    void readWriteSessionsAndWritesAlwaysLandOnThePrimary() {
        List<String> sessions = sessions("rw", 6);
        assertTrue(sessions.stream().allMatch(s -> s.equals(cluster.primary().port() + ":false")),
                "read-write sessions " + sessions + ", primary " + cluster.primary().port());
        for (int i = 0; i < 10; i++) {
            Reply w = app().call("replicas", "write", "batch", "rep-" + UUID.randomUUID()).assertOk();
            assertEquals(cluster.primary().port(), w.getInt("port"), w.toString());
            assertFalse(w.getBoolean("replica"));
        }
    }

    @Test
    @Order(4)
    void afterThePrimaryStopsAndAStandbyIsPromoted_writesResumeWithinABoundAndCallersSawOnlyConnectionErrors()
            throws Exception {
        ReplicaCluster.Node promoted = cluster.standbys().get(0);
        String batch = "failover-" + UUID.randomUUID();
        AppClient app = app();
        List<Load.Call> calls;
        long stopBegan;
        long stoppedAt;
        long promoteBegan;
        long promotedAt;
        try (Load writer = new Load(1, 50, () -> app.call("replicas", "write", "batch", batch))) {
            // deliberate: writes succeed on the primary for a while before it stops
            Thread.sleep(1_000);
            // a write that starts just before the stop signal reaches the server may still commit on the old primary:
            // only once stop() has returned is there surely no primary
            stopBegan = System.nanoTime();
            cluster.primary().stop();
            stoppedAt = System.nanoTime();
            // deliberate: two seconds without any primary, whose writes must fail with connection errors
            Thread.sleep(2_000);
            promoteBegan = System.nanoTime();
            promoted.promote();
            promotedAt = System.nanoTime();
            // bounded; the assertions below check the bound itself
            Await.within(Duration.ofMillis(FAILOVER_BOUND_MILLIS + 5_000), () -> succeededSince(writer, promotedAt));
            // deliberate: two more seconds of writes on the new primary
            Thread.sleep(2_000);
            calls = writer.stop();
        }

        List<Load.Call> before = Load.endedBefore(calls, stopBegan);
        assertTrue(!before.isEmpty() && Load.failed(before).isEmpty(), "writes before the failover: " + before.size());
        List<Load.Call> withoutPrimary = calls.stream()
                .filter(c -> c.startNanos() > stoppedAt && c.endNanos() < promoteBegan).toList();
        assertFalse(withoutPrimary.isEmpty(), "no write was attempted while there was no primary");
        assertEquals(List.of(), withoutPrimary.stream().filter(c -> c.reply().ok()).map(Load.Call::reply).toList(),
                "writes that succeeded while there was no primary");
        Load.Call firstBack = calls.stream().filter(c -> c.startNanos() > stoppedAt && c.reply().ok())
                .findFirst().orElseThrow(() -> new AssertionError("no write succeeded after the failover"));
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(firstBack.endNanos() - promotedAt);
        System.out.println("failover: first successful write ended " + recoveryMillis
                + " ms after pg_promote returned (negative: before), "
                + TimeUnit.NANOSECONDS.toMillis(firstBack.endNanos() - stoppedAt) + " ms after the primary stopped ("
                + TimeUnit.NANOSECONDS.toMillis(stoppedAt - stopBegan) + " ms to stop it)");
        assertTrue(recoveryMillis <= FAILOVER_BOUND_MILLIS, "writes resumed " + recoveryMillis + " ms after promotion");

        List<Load.Call> meanwhile = calls.stream()
                .filter(c -> c.endNanos() >= stopBegan && c.startNanos() < firstBack.startNanos()).toList();
        for (Load.Call c : Load.failed(meanwhile)) {
            assertEquals("DatabaseConnectionException", c.reply().exception(), "error during the failover: "
                    + c.reply());
        }
        List<Load.Call> after = Load.startedAfter(calls, firstBack.startNanos());
        assertTrue(after.size() >= 5, "writes after recovery: " + after.size());
        assertEquals(List.of(), Load.failed(after).stream().map(Load.Call::reply).toList(), "errors after recovery");
        for (Load.Call c : Load.startedAfter(calls, firstBack.startNanos() - 1)) {
            assertEquals(promoted.port(), c.reply().getInt("port"), "writes land on the new primary: " + c.reply());
            assertFalse(c.reply().getBoolean("replica"));
        }

        // every write a caller saw succeed is on the new primary: the ones before the stop were replicated
        long succeeded = calls.stream().filter(c -> c.reply().ok()).count();
        assertEquals(succeeded, countOn(promoted, batch), "committed writes on the new primary");
    }

    private static boolean succeededSince(Load writer, long since) {
        return writer.snapshot().stream().anyMatch(c -> c.startNanos() > since && c.reply().ok());
    }

    private List<String> sessions(String resource, int count) {
        Reply r = app().call("replicas", "sessions", "resource", resource, "count", count).assertOk();
        return Arrays.asList(r.get("sessions").split(","));
    }

    private static long countOn(ReplicaCluster.Node node, String batch) throws SQLException {
        try (Connection c = node.admin(ReplicaCluster.DATABASE);
             PreparedStatement ps = c.prepareStatement("select count(*) from it_items where batch = ?")) {
            ps.setString(1, batch);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
