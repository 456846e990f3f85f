package io.codecheck.sample.rest;

import io.codecheck.sample.jurisdiction.InvalidJurisdictionException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 400 with every problem of the request listed, so a client can fix them in one go. */
@Provider
public class InvalidJurisdictionMapper implements ExceptionMapper<InvalidJurisdictionException> {
    @Override
    public Response toResponse(InvalidJurisdictionException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e.getMessage())).build();
    }
}
