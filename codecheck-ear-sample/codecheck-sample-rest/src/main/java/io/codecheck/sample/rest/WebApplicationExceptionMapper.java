package io.codecheck.sample.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own errors (unknown path 404, wrong method 405, unreadable JSON 400, ...) in the same JSON shape as the
 * application's errors. The status is kept; the text is the standard reason phrase, since the exception's message
 * may echo internals such as parser details.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String message = status.getStatusCode() == 400 ? "malformed request: the body must be valid JSON of the "
                + "expected shape" : status.getReasonPhrase();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(message)).build();
    }
}
