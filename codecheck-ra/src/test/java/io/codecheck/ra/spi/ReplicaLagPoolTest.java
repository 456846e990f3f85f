package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.HealthStatus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * maxReplicaLag on the test server (a primary: no lag): the lag is measured when a session opens, so borrowing a
 * fresh session costs no further round trip; then at most once per validationInterval, in place of validation. The
 * replica cluster tests are {@code LagAwareReadsIT} in src-it.
 */
class ReplicaLagPoolTest {

    @Test
    void measuredAtOpeningThenOncePerValidationInterval() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> {
            f.setReadOnly(true);
            f.setMaxReplicaLag(500);
            f.setValidationInterval(300);
        })) {
            assertEquals(-1, pool.mcf.runtime().replicaLagMaxMillis(), "nothing measured before a session exists");
            select(pool);
            Instant opened = pool.mcf.runtime().replicaLagMeasuredAt();
            assertNotNull(opened, "measured when the session opened");
            assertEquals(0, pool.mcf.runtime().replicaLagMaxMillis());
            select(pool);
            assertEquals(opened, pool.mcf.runtime().replicaLagMeasuredAt(), "no second measurement within the interval");
            Thread.sleep(400);
            select(pool);
            Instant again = pool.mcf.runtime().replicaLagMeasuredAt();
            assertTrue(again.isAfter(opened), "measured again after validationInterval: " + opened + " " + again);
            assertEquals(1, pool.metrics().snapshot().connectionsCreated(), "the session was kept");
            assertEquals("", pool.mcf.runtime().replicaLagAvoidedHosts());
            HealthStatus health = pool.ds.health();
            assertTrue(health.healthy());
            assertEquals(0L, health.replicaLagMillis());
            assertNotNull(health.replicaLagMeasuredAt());
        }
    }

    @Test
    void offByDefault() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setReadOnly(true))) {
            select(pool);
            assertEquals(-1, pool.mcf.runtime().replicaLagMaxMillis());
            assertNull(pool.mcf.runtime().replicaLagMeasuredAt());
            HealthStatus health = pool.ds.health();
            assertTrue(health.healthy());
            assertNull(health.replicaLagMillis());
            assertNull(health.replicaLagMeasuredAt());
        }
    }

    private static void select(PoolFixture pool) throws Exception {
        try (Connection c = pool.ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
        }
    }
}
