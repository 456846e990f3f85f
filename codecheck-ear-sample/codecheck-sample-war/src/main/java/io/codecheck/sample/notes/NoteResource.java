package io.codecheck.sample.notes;

import io.codecheck.sample.rest.ErrorBody;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Notes on a jurisdiction: the sample's JPA path ({@link NoteBook}). Part of the Payara Micro WAR only, with the
 * persistence unit: in the EAR the adapter is embedded, and Payara deploys an embedded adapter's resources only
 * when the application starts, after it has created the persistence units (README, "JPA").
 */
@Path("jurisdictions/{id}/notes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NoteResource {

    @EJB
    NoteBook notes;

    /** 200 with the notes, oldest first; 404 if the jurisdiction does not exist. */
    @GET
    public Response list(@PathParam("id") String id) {
        return notes.list(id).map(list -> Response.ok(list).build()).orElseGet(() -> notFound(id));
    }

    /** 201 with the stored note; 400 invalid text, 404 unknown jurisdiction (nothing written either way). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("id") String id, NewNote request) {
        return notes.add(id, request).map(note -> Response.status(Response.Status.CREATED).entity(note).build())
                .orElseGet(() -> notFound(id));
    }

    private static Response notFound(String id) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(new ErrorBody("jurisdiction '" + id + "' not found", null)).build();
    }
}
