package io.codecheck.sample.notes;

import io.codecheck.sample.rest.ErrorBody;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 400 naming what is wrong with the note. */
@Provider
public class InvalidNoteMapper implements ExceptionMapper<InvalidNoteException> {
    @Override
    public Response toResponse(InvalidNoteException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(e.getMessage(), null)).build();
    }
}
