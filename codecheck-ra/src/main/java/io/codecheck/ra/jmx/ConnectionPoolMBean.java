package io.codecheck.ra.jmx;

import io.codecheck.ra.api.PoolStatistics;
import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.pool.PoolRuntime;

import java.time.Instant;
import java.util.Map;

/** The data behind {@link ConnectionPoolMXBean}: reads the pool's counters and settings, nothing more. */
final class ConnectionPoolMBean implements ConnectionPoolMXBean {
    private final PoolRuntime pool;
    private final PoolMBeanRegistration.Owner owner;

    ConnectionPoolMBean(PoolMBeanRegistration.Owner owner) {
        this.owner = owner;
        this.pool = owner.runtime();
    }

    private PoolStatistics stats() {
        return pool.metrics().snapshot();
    }

    private ConnectionSettings settings() {
        return pool.settings();
    }

    @Override
    public long getPoolExhaustedCount() {
        return stats().poolExhaustedCount();
    }

    @Override
    public long getErrors() {
        return stats().errors();
    }

    @Override
    public String getLastError() {
        return stats().lastError();
    }

    @Override
    public String getLastErrorTime() {
        PoolStatistics s = stats();
        return s.lastErrorTime() == null ? null : s.lastErrorTime().toString();
    }

    @Override
    public int getActiveConnections() {
        return stats().activeConnections();
    }

    @Override
    public int getPoolSize() {
        return stats().poolSize();
    }

    @Override
    public int getAvailableConnections() {
        return stats().availableConnections();
    }

    @Override
    public long getQueriesExecuted() {
        return stats().queriesExecuted();
    }

    @Override
    public long getTransactionsExecuted() {
        return stats().transactionsExecuted();
    }

    @Override
    public long getTransactionsCommitted() {
        return stats().transactionsCommitted();
    }

    @Override
    public long getTransactionsRolledBack() {
        return stats().transactionsRolledBack();
    }

    @Override
    public long getConnectionsCreated() {
        return stats().connectionsCreated();
    }

    @Override
    public long getConnectionsDestroyed() {
        return stats().connectionsDestroyed();
    }

    @Override
    public long getValidationFailures() {
        return stats().validationFailures();
    }

    @Override
    public long getLeaksDetected() {
        return stats().leaksDetected();
    }

    @Override
    public double getMeanBorrowWaitMillis() {
        return stats().meanBorrowWaitMillis();
    }

    @Override
    public double getMaxBorrowWaitMillis() {
        return stats().maxBorrowWaitMillis();
    }

    @Override
    public double getMeanCreationMillis() {
        return stats().meanCreationMillis();
    }

    @Override
    public double getMaxCreationMillis() {
        return stats().maxCreationMillis();
    }

    @Override
    public double getBorrowWaitP50Millis() {
        return stats().borrowWaitLastMinute().p50Millis();
    }

    @Override
    public double getBorrowWaitP99Millis() {
        return stats().borrowWaitLastMinute().p99Millis();
    }

    @Override
    public double getBorrowWaitMaxLastMinuteMillis() {
        return stats().borrowWaitLastMinute().maxMillis();
    }

    @Override
    public double getCreationP50Millis() {
        return stats().creationLastMinute().p50Millis();
    }

    @Override
    public double getCreationP99Millis() {
        return stats().creationLastMinute().p99Millis();
    }

    @Override
    public double getCreationMaxLastMinuteMillis() {
        return stats().creationLastMinute().maxMillis();
    }

    @Override
    public long getReplicaLagMaxMillis() {
        return pool.replicaLagMaxMillis();
    }

    @Override
    public String getReplicaLagMeasuredAt() {
        Instant at = pool.replicaLagMeasuredAt();
        return at == null ? null : at.toString();
    }

    @Override
    public String getReplicaLagAvoidedHosts() {
        return pool.replicaLagAvoidedHosts();
    }

    @Override
    public String getPoolName() {
        return settings().poolName();
    }

    @Override
    public String getServerName() {
        return String.join(",", settings().hosts());
    }

    @Override
    public String getDatabaseName() {
        return settings().databaseName();
    }

    @Override
    public String getUser() {
        return settings().user();
    }

    @Override
    public String getSslMode() {
        return settings().sslMode().libpqName();
    }

    @Override
    public boolean isReadOnly() {
        return settings().readOnly();
    }

    @Override
    public String getTargetServerType() {
        return settings().targetServerType();
    }

    @Override
    public int getStatementTimeoutMillis() {
        return settings().statementTimeoutMillis();
    }

    @Override
    public int getIdleInTransactionTimeoutMillis() {
        return settings().idleInTransactionTimeoutMillis();
    }

    @Override
    public int getValidationIntervalMillis() {
        return settings().validationIntervalMillis();
    }

    @Override
    public int getLeakDetectionThresholdMillis() {
        return settings().leakDetectionThresholdMillis();
    }

    @Override
    public int getMaxLifetimeMillis() {
        return settings().maxLifetimeMillis();
    }

    @Override
    public String getApplicationName() {
        return settings().applicationName();
    }

    @Override
    public Map<String, String> getConfiguration() {
        return settings().operatorView();
    }

    @Override
    public HealthCheck healthCheck() {
        return new HealthCheck(owner.health());
    }

    @Override
    public void resetStatistics() {
        pool.metrics().reset();
    }

    @Override
    public void softEvictConnections() {
        pool.softEvict();
    }
}
