package io.codecheck.sample.rest;

import io.codecheck.sample.jurisdiction.JurisdictionCatalog;
import io.codecheck.sample.jurisdiction.JurisdictionDetail;
import io.codecheck.sample.jurisdiction.JurisdictionPage;
import io.codecheck.sample.jurisdiction.JurisdictionRegistry;
import io.codecheck.sample.jurisdiction.NewJurisdiction;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Jurisdictions: reads go to the read-only resource ({@link JurisdictionCatalog}), the registration to the
 * read-write one in one container transaction ({@link JurisdictionRegistry}).
 */
@Path("jurisdictions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class JurisdictionResource {

    @EJB
    JurisdictionCatalog catalog;

    @EJB
    JurisdictionRegistry registry;

    /** One page; {@code next} repeats the request's limit with the following offset. */
    @GET
    public JurisdictionList list(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                                 @Context UriInfo uri) {
        PageParameters page = PageParameters.parse(limit, offset);
        JurisdictionPage rows = catalog.page(page.limit(), page.offset());
        String next = null;
        if (rows.more()) {
            PageParameters following = page.next();
            next = uri.getAbsolutePathBuilder().queryParam("limit", following.limit())
                    .queryParam("offset", following.offset()).build().toString();
        }
        return new JurisdictionList(rows.jurisdictions(), page.limit(), page.offset(), next);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return catalog.find(id)
                .map(detail -> Response.ok(detail).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(ErrorBody.of("jurisdiction '" + id + "' not found")).build());
    }

    /** 201 with the stored jurisdiction; 400 invalid (nothing written); 409 duplicate (nothing kept). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(NewJurisdiction request, @Context UriInfo uri) {
        JurisdictionDetail saved = registry.register(request);
        return Response.created(uri.getAbsolutePathBuilder().path(saved.id()).build()).entity(saved).build();
    }
}
