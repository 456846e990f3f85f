package io.codecheck.sample.database;

import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.api.PoolStatistics;

/**
 * One resource in the health report: the adapter's health check and its statistics.
 *
 * @param status     "healthy" or "unhealthy"
 * @param statistics null when the resource could not even be created (for example a configuration error)
 */
public record ResourceHealth(String status, HealthStatus health, PoolStatistics statistics) {
}
