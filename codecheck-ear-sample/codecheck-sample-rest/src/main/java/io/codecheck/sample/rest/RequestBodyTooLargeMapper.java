package io.codecheck.sample.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * 413 with the limit in the message. Without it the generic {@link WebApplicationExceptionMapper} would answer
 * with the bare reason phrase; JAX-RS picks the mapper of the closest exception type, so this one wins.
 */
@Provider
public class RequestBodyTooLargeMapper implements ExceptionMapper<RequestBodyTooLargeException> {
    @Override
    public Response toResponse(RequestBodyTooLargeException e) {
        return RequestBodyLimit.tooLarge();
    }
}
