package io.codecheck.sample.database;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.DatabaseException;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.api.PoolStatistics;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health and statistics of both resources.
 *
 * <p>NOT_SUPPORTED: a check touches both resources, and two local (non-XA) resources cannot share one
 * container transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseStatus {

    @Resource(lookup = CodeCheckResources.READ_ONLY)
    CodeCheckDataSource readOnly;

    @Resource(lookup = CodeCheckResources.READ_WRITE)
    CodeCheckDataSource readWrite;

    public HealthReport health() {
        Map<String, ResourceHealth> resources = new LinkedHashMap<>();
        boolean allHealthy = true;
        for (CodeCheckDataSource ds : resources()) {
            HealthStatus health = ds.health();
            allHealthy &= health.healthy();
            resources.put(nameOf(ds, health), new ResourceHealth(health.status(), health, statisticsOrNull(ds)));
        }
        return new HealthReport(allHealthy ? "healthy" : "unhealthy", resources);
    }

    /** Statistics of both resources by pool name; throws a DatabaseException if a resource cannot be created. */
    public Map<String, PoolStatistics> statistics() {
        Map<String, PoolStatistics> byName = new LinkedHashMap<>();
        for (CodeCheckDataSource ds : resources()) {
            PoolStatistics stats = ds.statistics();
            byName.put(stats.poolName(), stats);
        }
        return byName;
    }

    private List<CodeCheckDataSource> resources() {
        return List.of(readOnly, readWrite);
    }

    private static String nameOf(CodeCheckDataSource ds, HealthStatus health) {
        return health.poolName() != null ? health.poolName() : (ds == null ? "unknown" : ds.toString());
    }

    private static PoolStatistics statisticsOrNull(CodeCheckDataSource ds) {
        try {
            return ds.statistics();
        } catch (DatabaseException e) {
            return null; // the health part already says what is wrong
        }
    }
}
