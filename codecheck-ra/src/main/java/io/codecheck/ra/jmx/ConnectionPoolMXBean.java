package io.codecheck.ra.jmx;

import io.codecheck.ra.api.HealthStatus;

import java.util.Map;

/**
 * The management view of one codecheck-ra resource, registered as
 * {@code io.codecheck:type=ConnectionPool,name=<poolName>}. An MXBean: every attribute is an open type, so JConsole
 * and VisualVM show it without any project classes. No attribute carries a password or key passphrase.
 */
public interface ConnectionPoolMXBean {
    // ---- the numbers to watch first (the Python module's monitoring advice) ----

    @Description(watchFirst = 1, value = "Requests the container's pool could not serve (exhausted or timed out "
            + "waiting). Should stay at zero; if it grows, raise the pool size or look for leaks.")
    long getPoolExhaustedCount();

    @Description(watchFirst = 2, value = "SQL errors seen by callers and failed connection attempts. Should stay low.")
    long getErrors();

    @Description(watchFirst = 3, value = "Message and SQLState of the most recent error (no secrets).")
    String getLastError();

    @Description(watchFirst = 4, value = "When the most recent error happened (ISO-8601, UTC).")
    String getLastErrorTime();

    @Description(watchFirst = 5, value = "Connections with an application handle out. Should stay below the maximum "
            + "pool size.")
    int getActiveConnections();

    // ---- the rest of the statistics ----

    @Description(watchFirst = 6, value = "Live physical connections to PostgreSQL.")
    int getPoolSize();

    @Description(watchFirst = 7, value = "Live connections without a handle out (idle in the pool).")
    int getAvailableConnections();

    @Description("Statements executed through this resource.")
    long getQueriesExecuted();

    @Description("Transactions that ended, committed or rolled back.")
    long getTransactionsExecuted();

    @Description("Transactions committed (container, application or helper).")
    long getTransactionsCommitted();

    @Description("Transactions rolled back, including ones left open and rolled back when the connection was returned.")
    long getTransactionsRolledBack();

    @Description("Physical connections opened.")
    long getConnectionsCreated();

    @Description("Physical connections closed.")
    long getConnectionsDestroyed();

    @Description("Connections found dead by validation before reuse (and replaced).")
    long getValidationFailures();

    @Description("Handles held longer than leakDetectionThreshold.")
    long getLeaksDetected();

    @Description("Mean time a caller waited for a connection from the container.")
    double getMeanBorrowWaitMillis();

    @Description("Longest time a caller waited for a connection from the container.")
    double getMaxBorrowWaitMillis();

    @Description("Mean time to open a physical connection (TCP, TLS, login).")
    double getMeanCreationMillis();

    @Description("Longest time to open a physical connection.")
    double getMaxCreationMillis();

    @Description("Median wait for a connection over the last minute (0 when none).")
    double getBorrowWaitP50Millis();

    @Description("99th percentile of the waits for a connection over the last minute: a pool running short shows "
            + "here long before the mean moves.")
    double getBorrowWaitP99Millis();

    @Description("Longest wait for a connection over the last minute.")
    double getBorrowWaitMaxLastMinuteMillis();

    @Description("Median time to open a physical connection over the last minute (0 when none was opened).")
    double getCreationP50Millis();

    @Description("99th percentile of the times to open a physical connection over the last minute.")
    double getCreationP99Millis();

    @Description("Longest time to open a physical connection over the last minute.")
    double getCreationMaxLastMinuteMillis();

    @Description("maxReplicaLag: the largest replication lag last measured on the open sessions (each measured when "
            + "opened and at most once per validationInterval), in milliseconds; 9223372036854775807 = a standby "
            + "that has replayed no transaction yet; -1 when maxReplicaLag is off or no open session was measured.")
    long getReplicaLagMaxMillis();

    @Description("When ReplicaLagMaxMillis was measured (ISO-8601, UTC); null when it is -1.")
    String getReplicaLagMeasuredAt();

    @Description("maxReplicaLag: the hosts left out of new sessions now because they lagged more, each with the lag "
            + "found, e.g. 'db2:5432 (lag 12034 ms)'; empty when none.")
    String getReplicaLagAvoidedHosts();

    // ---- configuration an operator needs, secrets left out ----

    @Description("Name of the resource (poolName property).")
    String getPoolName();

    @Description("Host(s) and port(s) connected to.")
    String getServerName();

    @Description("Database connected to.")
    String getDatabaseName();

    @Description("Login role.")
    String getUser();

    @Description("TLS mode (libpq semantics).")
    String getSslMode();

    @Description("Whether every session is read-only.")
    boolean isReadOnly();

    @Description("Which server of several is used: any, primary, secondary, preferSecondary, preferPrimary.")
    String getTargetServerType();

    @Description("Server-side statement_timeout of every session (0 = none).")
    int getStatementTimeoutMillis();

    @Description("Server-side idle_in_transaction_session_timeout (0 = none).")
    int getIdleInTransactionTimeoutMillis();

    @Description("A connection used more recently than this is not re-validated.")
    int getValidationIntervalMillis();

    @Description("Handles held longer are reported as leaks (0 = off).")
    int getLeakDetectionThresholdMillis();

    @Description("Sessions older than this are replaced when next idle (0 = never).")
    int getMaxLifetimeMillis();

    @Description("application_name of the sessions in pg_stat_activity.")
    String getApplicationName();

    @Description("Every effective setting, by property name, with the JDBC URL, pgjdbc's sslmode and the session "
            + "options it leads to; secrets left out (passwordSet and sslPasswordSet say whether there is one).")
    Map<String, String> getConfiguration();

    // ---- operations ----

    /** Consoles show the result as a CompositeData with the items status, version, databaseTime, isReplica, ... */
    @Description("Runs one query through the pool: status, server version, database time, whether the server is a "
            + "replica, latency, or the error.")
    HealthCheck healthCheck();

    @Description("Clears the counters (the gauges PoolSize and ActiveConnections stay).")
    void resetStatistics();

    @Description("Replaces every connection as soon as it is idle: in-use ones when returned, idle ones before "
            + "their next use. For credential rotation or after a failover.")
    void softEvictConnections();

    /** The result of {@link #healthCheck()}; the MXBean framework turns its getters into CompositeData items. */
    final class HealthCheck {
        private final HealthStatus status;

        public HealthCheck(HealthStatus status) {
            this.status = status;
        }

        public String getStatus() {
            return status.status();
        }

        public String getVersion() {
            return status.serverVersion();
        }

        public String getDatabaseTime() {
            return status.databaseTime() == null ? null : status.databaseTime().toString();
        }

        public boolean getIsReplica() {
            return status.replica();
        }

        public double getLatencyMillis() {
            return status.latencyMillis();
        }

        public String getError() {
            return status.error();
        }

        public String getSqlState() {
            return status.sqlState();
        }

        /** The pool's largest last measured replication lag (maxReplicaLag), -1 when none. */
        public long getReplicaLagMillis() {
            return status.replicaLagMillis() == null ? -1 : status.replicaLagMillis();
        }
    }
}
