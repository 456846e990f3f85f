package io.codecheck.sample.rest;

import io.codecheck.ra.api.PoolStatistics;
import io.codecheck.sample.database.DatabaseStatus;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** {@code GET /api/pool/stats}: the adapter's statistics of both resources, by pool name. */
@Path("pool")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    @EJB
    DatabaseStatus databaseStatus;

    @GET
    @Path("stats")
    public Map<String, PoolStatistics> statistics() {
        return databaseStatus.statistics();
    }
}
