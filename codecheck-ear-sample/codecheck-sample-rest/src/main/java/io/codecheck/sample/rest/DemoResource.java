package io.codecheck.sample.rest;

import io.codecheck.sample.database.DemoOperations;
import io.codecheck.sample.database.TwoResourcesDemo;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * Endpoints that show the adapter's safeguards from the outside (the end-to-end tests use them):
 * {@code POST /api/demo/read-only-write} is refused by the server (403, SQLState 25006) and
 * {@code GET /api/demo/sleep?seconds=N} runs into the statement timeout when N is long enough (504, 57014), and
 * {@code POST /api/demo/read-and-write} uses both resources in one container transaction.
 *
 * <p>Anyone may call them, so each runs one call at a time (429 otherwise) and holds at most one session of the
 * read-only pool: a burst of sleeps cannot starve the catalogue's reads. The permits are static because the
 * resource is request-scoped; each deployed application has its own.
 */
@Path("demo")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {
    /** Long enough to pass the default statement timeout (30 s) and show 57014. */
    static final int MAX_SLEEP_SECONDS = 60;
    private static final OneCallAtATime READ_ONLY_WRITE = new OneCallAtATime("demo/read-only-write", 1);
    private static final OneCallAtATime SLEEP = new OneCallAtATime("demo/sleep", 5);
    private static final OneCallAtATime READ_AND_WRITE = new OneCallAtATime("demo/read-and-write", 1);

    @EJB
    DemoOperations demo;

    @EJB
    TwoResourcesDemo twoResources;

    /** One container transaction: a write through ReadWrite, then a count through each resource. */
    @POST
    @Path("read-and-write")
    public Response readAndWrite() {
        return READ_AND_WRITE.run(() -> Response.ok(twoResources.writeThenReadBoth()).build());
    }

    @POST
    @Path("read-only-write")
    public Response writeThroughReadOnly() {
        return READ_ONLY_WRITE.run(() -> {
            // only reached if the server accepted the write, which would mean the resource is not read-only
            int rows = demo.writeThroughReadOnly();
            return Response.serverError()
                    .entity(ErrorBody.of("the read-only resource accepted a write of " + rows + " row(s)")).build();
        });
    }

    /** Text parameter, parsed here: JAX-RS would answer a non-number with 404 rather than 400. */
    @GET
    @Path("sleep")
    public Response sleep(@QueryParam("seconds") String seconds) {
        double s;
        try {
            s = seconds == null ? 1 : Double.parseDouble(seconds);
        } catch (NumberFormatException e) {
            s = Double.NaN;
        }
        if (!(s >= 0 && s <= MAX_SLEEP_SECONDS)) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(ErrorBody.of("seconds must be a number from 0 to " + MAX_SLEEP_SECONDS)).build();
        }
        double valid = s;
        return SLEEP.run(() -> Response.ok(Map.of("slept", demo.sleep(valid))).build());
    }
}
