package io.codecheck.ra.api;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Result of {@link CodeCheckDataSource#health()}: one round trip to the server through the pool.
 *
 * @param poolName      the resource that was checked
 * @param healthy       true when the round trip succeeded
 * @param serverVersion {@code version()} of the server, null when unhealthy
 * @param databaseTime  {@code now()} on the server, null when unhealthy
 * @param replica       {@code pg_is_in_recovery()}: true on a standby
 * @param latencyMillis time to borrow a connection and run the check, in milliseconds
 * @param error         why the check failed (no secrets), null when healthy
 * @param sqlState      SQLState of the failure, null when healthy or unknown
 * @param replicaLagMillis     with {@code maxReplicaLag}: the largest replication lag last measured on the pool's
 *                             open sessions, in milliseconds ({@link Long#MAX_VALUE}: a standby that has replayed no
 *                             transaction yet); null when lag-aware reads are off or nothing was measured
 * @param replicaLagMeasuredAt when {@code replicaLagMillis} was measured; null with it
 */
public record HealthStatus(String poolName, boolean healthy, String serverVersion, OffsetDateTime databaseTime,
                           boolean replica, double latencyMillis, String error, String sqlState,
                           Long replicaLagMillis, Instant replicaLagMeasuredAt) {

    /** Without replication lag (lag-aware reads off): the components this record had before them. */
    public HealthStatus(String poolName, boolean healthy, String serverVersion, OffsetDateTime databaseTime,
                        boolean replica, double latencyMillis, String error, String sqlState) {
        this(poolName, healthy, serverVersion, databaseTime, replica, latencyMillis, error, sqlState, null, null);
    }

    /** {@code "healthy"} or {@code "unhealthy"}, as the Python module reported it. */
    public String status() {
        return healthy ? "healthy" : "unhealthy";
    }
}
