package io.codecheck.ra.api;

import java.time.Instant;

/**
 * A snapshot of one resource's counters, kept by the adapter itself (the container's pool has its own).
 *
 * @param poolName              the resource ({@code poolName} property)
 * @param poolSize              live physical connections
 * @param activeConnections     connections with an application handle out
 * @param availableConnections  live connections without a handle ({@code poolSize - activeConnections})
 * @param queriesExecuted       statements executed through handles and helpers
 * @param transactionsCommitted transactions committed (container-managed, application-managed and helper-managed)
 * @param transactionsRolledBack transactions rolled back
 * @param errors                SQL errors seen by callers and failed connection attempts
 * @param poolExhaustedCount    requests the container's pool could not serve (exhausted or timed out)
 * @param lastError             message of the last error (no secrets), or null
 * @param lastErrorTime         when it happened, or null
 * @param connectionsCreated    physical connections opened
 * @param connectionsDestroyed  physical connections closed
 * @param validationFailures    connections found dead by validation
 * @param leaksDetected         handles held longer than {@code leakDetectionThreshold}
 * @param meanBorrowWaitMillis  mean time a caller waited for a connection from the container
 * @param maxBorrowWaitMillis   longest such wait
 * @param meanCreationMillis    mean time to open a physical connection (TCP, TLS, login)
 * @param maxCreationMillis     longest such time
 * @param borrowWaitLastMinute  the waits of the last minute as percentiles: a slow pool shows in p99 long before the
 *                              mean moves
 * @param creationLastMinute    the times to open a physical connection in the last minute, as percentiles
 */
public record PoolStatistics(String poolName, int poolSize, int activeConnections, int availableConnections,
                             long queriesExecuted, long transactionsCommitted, long transactionsRolledBack,
                             long errors, long poolExhaustedCount, String lastError, Instant lastErrorTime,
                             long connectionsCreated, long connectionsDestroyed, long validationFailures,
                             long leaksDetected, double meanBorrowWaitMillis, double maxBorrowWaitMillis,
                             double meanCreationMillis, double maxCreationMillis,
                             LatencyPercentiles borrowWaitLastMinute, LatencyPercentiles creationLastMinute) {

    /** The figures of version 0.1 (before the last-minute percentiles), which report none. */
    public PoolStatistics(String poolName, int poolSize, int activeConnections, int availableConnections,
                          long queriesExecuted, long transactionsCommitted, long transactionsRolledBack,
                          long errors, long poolExhaustedCount, String lastError, Instant lastErrorTime,
                          long connectionsCreated, long connectionsDestroyed, long validationFailures,
                          long leaksDetected, double meanBorrowWaitMillis, double maxBorrowWaitMillis,
                          double meanCreationMillis, double maxCreationMillis) {
        this(poolName, poolSize, activeConnections, availableConnections, queriesExecuted, transactionsCommitted,
                transactionsRolledBack, errors, poolExhaustedCount, lastError, lastErrorTime, connectionsCreated,
                connectionsDestroyed, validationFailures, leaksDetected, meanBorrowWaitMillis, maxBorrowWaitMillis,
                meanCreationMillis, maxCreationMillis, LatencyPercentiles.NONE, LatencyPercentiles.NONE);
    }

    /** Transactions that ended, committed or rolled back. */
    public long transactionsExecuted() {
        return transactionsCommitted + transactionsRolledBack;
    }
}
