package io.codecheck.sample.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 400 naming the parameter and its allowed range, so that the client knows what to send instead. */
@Provider
public class InvalidQueryParameterMapper implements ExceptionMapper<InvalidQueryParameterException> {
    @Override
    public Response toResponse(InvalidQueryParameterException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e.getMessage())).build();
    }
}
