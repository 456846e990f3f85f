package io.codecheck.sample.rest;

import io.codecheck.ra.api.DatabaseException;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A database failure that reached the REST layer as it is (the EJB module declares it an application exception). */
@Provider
public class DatabaseExceptionMapper implements ExceptionMapper<DatabaseException> {
    @Override
    public Response toResponse(DatabaseException e) {
        return DatabaseErrorResponses.toResponse(e);
    }
}
