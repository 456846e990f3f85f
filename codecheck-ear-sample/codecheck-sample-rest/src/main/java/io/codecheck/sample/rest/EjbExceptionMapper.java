package io.codecheck.sample.rest;

import io.codecheck.ra.api.DatabaseException;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A system exception out of an EJB: the container wrapped it. If a database failure is inside, it is answered like
 * one; anything else is an internal error, logged here and not described to the client.
 */
@Provider
public class EjbExceptionMapper implements ExceptionMapper<EJBException> {
    private static final Logger LOG = Logger.getLogger(EjbExceptionMapper.class.getName());

    @Override
    public Response toResponse(EJBException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseException db) {
                return DatabaseErrorResponses.toResponse(db);
            }
        }
        LOG.log(Level.WARNING, "request failed in an EJB", e);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("internal error")).build();
    }
}
