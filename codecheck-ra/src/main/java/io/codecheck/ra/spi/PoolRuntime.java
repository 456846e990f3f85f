package io.codecheck.ra.spi;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.config.ConnectionSettings;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What one resource holds at run time besides its managed connections: the validated settings, the counters and
 * the leak detector. Read on every borrow, so everything here is final and precomputed.
 */
final class PoolRuntime {
    private static final Logger LOG = Logger.getLogger(PoolRuntime.class.getName());

    private final ConnectionSettings settings;
    private final PoolMetrics metrics;
    private final PhysicalConnector connector;
    private final LeakDetector leakDetector;
    private final long validationIntervalNanos;
    private final int validationTimeoutSeconds;
    /** Raised by softEvictConnections: sessions opened under an older epoch are replaced when next idle. */
    private final AtomicLong evictionEpoch = new AtomicLong();
    private volatile CodeCheckDataSource dataSource;
    private volatile PoolMBeanRegistration mbean;

    PoolRuntime(ConnectionSettings settings) {
        this.settings = settings;
        this.metrics = new PoolMetrics(settings.poolName());
        this.connector = new PhysicalConnector(settings, metrics);
        this.leakDetector = settings.leakDetectionThresholdMillis() > 0
                ? new LeakDetector(settings.poolName(), settings.leakDetectionThresholdMillis(), metrics)
                : null;
        this.validationIntervalNanos = settings.validationIntervalMillis() * 1_000_000L;
        // pgjdbc's isValid takes whole seconds; round up so a validation never gets less than was configured
        this.validationTimeoutSeconds = Math.max(1, (settings.validationTimeoutMillis() + 999) / 1000);
        if (LOG.isLoggable(Level.CONFIG)) {
            LOG.config("codecheck-ra pool " + settings.poolName() + ": " + settings.describe());
        }
    }

    ConnectionSettings settings() {
        return settings;
    }

    PoolMetrics metrics() {
        return metrics;
    }

    PhysicalConnector connector() {
        return connector;
    }

    /** Null when leak detection is off. */
    LeakDetector leakDetector() {
        return leakDetector;
    }

    String poolName() {
        return settings.poolName();
    }

    long validationIntervalNanos() {
        return validationIntervalNanos;
    }

    int validationTimeoutSeconds() {
        return validationTimeoutSeconds;
    }

    long evictionEpoch() {
        return evictionEpoch.get();
    }

    void softEvict() {
        evictionEpoch.incrementAndGet();
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("codecheck-ra pool " + poolName() + ": every connection will be replaced when next idle");
        }
    }

    /** The connection factory the container created: health checks from JMX go through the container's pool. */
    void attach(CodeCheckDataSource ds) {
        if (dataSource == null) {
            dataSource = ds;
        }
    }

    HealthStatus health() {
        CodeCheckDataSource ds = dataSource;
        if (ds == null) {
            return new HealthStatus(poolName(), false, null, null, false, 0, "no connection factory has been created "
                    + "for this resource yet", null);
        }
        return ds.health();
    }

    /**
     * This pool had connections, has none left, and is configured exactly like {@code other}: what an undeployed
     * application leaves behind when it is deployed again.
     */
    boolean retiredTwinOf(PoolRuntime other) {
        io.codecheck.ra.api.PoolStatistics s = metrics.snapshot();
        return s.connectionsCreated() > 0 && s.poolSize() == 0
                && settings.operatorView().equals(other.settings.operatorView());
    }

    void registerMBean() {
        mbean = PoolMBeanRegistration.register(this);
    }

    /** The MBean's name, or null when it is not registered. */
    javax.management.ObjectName mbeanName() {
        PoolMBeanRegistration m = mbean;
        return m == null ? null : m.name();
    }

    void shutdown() {
        if (leakDetector != null) {
            leakDetector.shutdown();
        }
        PoolMBeanRegistration m = mbean;
        mbean = null;
        if (m != null) {
            m.unregister();
        }
    }
}
