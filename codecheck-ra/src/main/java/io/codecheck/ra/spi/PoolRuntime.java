package io.codecheck.ra.spi;

import io.codecheck.ra.config.ConnectionSettings;

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

    void shutdown() {
        if (leakDetector != null) {
            leakDetector.shutdown();
        }
    }
}
