package io.codecheck.sample.monitoring;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.PoolStatistics;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the adapter's statistics of both resources as MicroProfile Metrics gauges (tag {@code pool}), which
 * Payara serves in Prometheus format at {@code /metrics}. Gauges read the adapter's counters when scraped, so
 * nothing is counted twice; the cumulative ones end in {@code _total} to say they only grow (until a reset).
 *
 * <p>A startup singleton rather than a CDI observer of the application's start: only once the EJB container runs
 * are the application-scoped resources bound (in the EAR they are not, while CDI starts the web module).
 */
@Singleton
@Startup
public class PoolMetricsPublisher {
    private static final Logger LOG = Logger.getLogger(PoolMetricsPublisher.class.getName());

    private static final List<PoolGauge> GAUGES = List.of(
            new PoolGauge("codecheck_pool_size", "Live physical connections", MetricUnits.NONE, s -> s.poolSize()),
            new PoolGauge("codecheck_pool_active_connections", "Connections with an application handle out",
                    MetricUnits.NONE, s -> s.activeConnections()),
            new PoolGauge("codecheck_pool_available_connections", "Live connections idle in the pool",
                    MetricUnits.NONE, s -> s.availableConnections()),
            new PoolGauge("codecheck_pool_queries_executed_total", "Statements executed", MetricUnits.NONE,
                    s -> s.queriesExecuted()),
            new PoolGauge("codecheck_pool_transactions_committed_total", "Transactions committed", MetricUnits.NONE,
                    s -> s.transactionsCommitted()),
            new PoolGauge("codecheck_pool_transactions_rolled_back_total", "Transactions rolled back",
                    MetricUnits.NONE, s -> s.transactionsRolledBack()),
            new PoolGauge("codecheck_pool_errors_total", "SQL errors and failed connection attempts",
                    MetricUnits.NONE, s -> s.errors()),
            new PoolGauge("codecheck_pool_exhausted_total", "Requests the pool could not serve", MetricUnits.NONE,
                    s -> s.poolExhaustedCount()),
            new PoolGauge("codecheck_pool_connections_created_total", "Physical connections opened",
                    MetricUnits.NONE, s -> s.connectionsCreated()),
            new PoolGauge("codecheck_pool_connections_destroyed_total", "Physical connections closed",
                    MetricUnits.NONE, s -> s.connectionsDestroyed()),
            new PoolGauge("codecheck_pool_validation_failures_total", "Connections found dead before reuse",
                    MetricUnits.NONE, s -> s.validationFailures()),
            new PoolGauge("codecheck_pool_leaks_detected_total", "Handles held past leakDetectionThreshold",
                    MetricUnits.NONE, s -> s.leaksDetected()),
            new PoolGauge("codecheck_pool_borrow_wait_mean", "Mean wait for a connection", MetricUnits.MILLISECONDS,
                    PoolStatistics::meanBorrowWaitMillis),
            new PoolGauge("codecheck_pool_borrow_wait_max", "Longest wait for a connection", MetricUnits.MILLISECONDS,
                    PoolStatistics::maxBorrowWaitMillis),
            new PoolGauge("codecheck_pool_connection_creation_mean", "Mean time to open a connection",
                    MetricUnits.MILLISECONDS, PoolStatistics::meanCreationMillis),
            new PoolGauge("codecheck_pool_borrow_wait_p99", "99th percentile of the waits for a connection, last "
                    + "minute", MetricUnits.MILLISECONDS, s -> s.borrowWaitLastMinute().p99Millis()),
            new PoolGauge("codecheck_pool_connection_creation_p99", "99th percentile of the times to open a "
                    + "connection, last minute", MetricUnits.MILLISECONDS, s -> s.creationLastMinute().p99Millis()));

    @Inject
    MetricRegistry registry;

    @Resource(lookup = CodeCheckResources.READ_ONLY)
    CodeCheckDataSource readOnly;

    @Resource(lookup = CodeCheckResources.READ_WRITE)
    CodeCheckDataSource readWrite;

    @PostConstruct
    void register() {
        for (CodeCheckDataSource ds : List.of(readOnly, readWrite)) {
            try {
                Tag pool = new Tag("pool", ds.poolName());
                for (PoolGauge g : GAUGES) {
                    Metadata metadata = Metadata.builder().withName(g.name()).withDescription(g.description())
                            .withUnit(g.unit()).build();
                    registry.gauge(metadata, ds, d -> g.value().applyAsDouble(d.statistics()), pool);
                }
            } catch (RuntimeException e) {
                // a resource that cannot even be created is reported by /health; metrics must not stop the start
                LOG.log(Level.WARNING, "codecheck sample: no pool metrics for a resource: " + e.getMessage());
            }
        }
    }

    private record PoolGauge(String name, String description, String unit, ToDoubleFunction<PoolStatistics> value) {
    }
}
