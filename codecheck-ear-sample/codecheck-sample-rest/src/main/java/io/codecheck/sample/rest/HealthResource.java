package io.codecheck.sample.rest;

import io.codecheck.sample.database.DatabaseStatus;
import io.codecheck.sample.database.HealthReport;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/health}: 200 when both resources answer, 503 otherwise, with the same report either way so a
 * load balancer and a person read the same thing.
 *
 * <p>{@code @RequestScoped} makes this a CDI bean: without a bean-defining annotation Payara Micro left
 * {@code @EJB} fields null.
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @EJB
    DatabaseStatus databaseStatus;

    @GET
    public Response health() {
        HealthReport report = databaseStatus.health();
        return Response.status(report.healthy() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(report).build();
    }
}
