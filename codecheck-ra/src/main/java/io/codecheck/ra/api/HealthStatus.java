package io.codecheck.ra.api;

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
 */
public record HealthStatus(String poolName, boolean healthy, String serverVersion, OffsetDateTime databaseTime,
                           boolean replica, double latencyMillis, String error, String sqlState) {

    /** {@code "healthy"} or {@code "unhealthy"}, as the Python module reported it. */
    public String status() {
        return healthy ? "healthy" : "unhealthy";
    }
}
