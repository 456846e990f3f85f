package io.codecheck.sample.monitoring;

import io.codecheck.sample.database.DatabaseStatus;
import io.codecheck.sample.database.HealthReport;
import io.codecheck.sample.database.ResourceHealth;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile readiness: the application is ready when the database answers through both resources. Served by
 * the platform at {@code /health/ready}, so load balancers and orchestrators need nothing of the sample's own API.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @EJB
    DatabaseStatus status;

    @Override
    public HealthCheckResponse call() {
        HealthReport report = status.health();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("codecheck-database")
                .status(report.healthy());
        for (Map.Entry<String, ResourceHealth> e : report.resources().entrySet()) {
            ResourceHealth h = e.getValue();
            response.withData(e.getKey(), h.status());
            if (h.health() != null && h.health().error() != null) {
                response.withData(e.getKey() + ".error", h.health().error());
            }
        }
        return response.build();
    }
}
