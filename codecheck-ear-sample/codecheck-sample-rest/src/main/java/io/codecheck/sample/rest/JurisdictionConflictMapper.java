package io.codecheck.sample.rest;

import io.codecheck.sample.jurisdiction.JurisdictionConflictException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 409: the id exists already, or the request lists an adoption twice. */
@Provider
public class JurisdictionConflictMapper implements ExceptionMapper<JurisdictionConflictException> {
    @Override
    public Response toResponse(JurisdictionConflictException e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(e.getMessage(), e.sqlState())).build();
    }
}
