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

    long getPoolExhaustedCount();

    long getErrors();

    String getLastError();

    String getLastErrorTime();

    int getActiveConnections();

    // ---- the rest of the statistics ----

    int getPoolSize();

    int getAvailableConnections();

    long getQueriesExecuted();

    long getTransactionsExecuted();

    long getTransactionsCommitted();

    long getTransactionsRolledBack();

    long getConnectionsCreated();

    long getConnectionsDestroyed();

    long getValidationFailures();

    long getLeaksDetected();

    double getMeanBorrowWaitMillis();

    double getMaxBorrowWaitMillis();

    double getMeanCreationMillis();

    double getMaxCreationMillis();

    // ---- configuration an operator needs, secrets left out ----

    String getPoolName();

    String getServerName();

    String getDatabaseName();

    String getUser();

    String getSslMode();

    boolean isReadOnly();

    String getTargetServerType();

    int getStatementTimeoutMillis();

    int getIdleInTransactionTimeoutMillis();

    int getValidationIntervalMillis();

    int getLeakDetectionThresholdMillis();

    int getMaxLifetimeMillis();

    String getApplicationName();

    Map<String, String> getConfiguration();

    // ---- operations ----

    /** Consoles show the result as a CompositeData with the items status, version, databaseTime, isReplica, ... */
    HealthCheck healthCheck();

    void resetStatistics();

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
    }
}
