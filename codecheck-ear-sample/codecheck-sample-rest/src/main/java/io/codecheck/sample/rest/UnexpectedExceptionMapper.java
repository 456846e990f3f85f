package io.codecheck.sample.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Last resort: the stack trace goes to the server log, the client gets a plain 500 without internals. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
        LOG.log(Level.WARNING, "unexpected failure of a request", e);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("internal error")).build();
    }
}
