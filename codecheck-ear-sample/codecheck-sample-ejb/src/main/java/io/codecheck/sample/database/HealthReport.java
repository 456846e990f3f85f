package io.codecheck.sample.database;

import java.util.Map;

/**
 * The answer of the health endpoint, shaped like the Python API's {@code /health}: an overall {@code database}
 * status ("healthy" only when every resource is), then each resource by its pool name.
 */
public record HealthReport(String database, Map<String, ResourceHealth> resources) {

    public boolean healthy() {
        return "healthy".equals(database);
    }
}
