package io.codecheck.sample.rest;

import io.codecheck.ra.api.CommitOutcomeUnknownException;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.DatabaseException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the adapter's typed exceptions into HTTP answers, by exception type first and SQLState second. Messages
 * are fixed per kind of failure: the server's own text can quote data and stays in the log.
 */
final class DatabaseErrorResponses {
    private static final Logger LOG = Logger.getLogger(DatabaseErrorResponses.class.getName());

    private DatabaseErrorResponses() {
    }

    static Response toResponse(DatabaseException e) {
        String state = e.getSqlState();
        Answer answer = answer(e, state);
        // the adapter's messages carry no secrets; they help the operator, not the client
        LOG.log(answer.status.getStatusCode() >= 500 ? Level.WARNING : Level.FINE,
                () -> "database error answered with " + answer.status.getStatusCode() + ": " + e.getMessage());
        return Response.status(answer.status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(answer.message, state))
                .build();
    }

    private static Answer answer(DatabaseException e, String state) {
        if (e instanceof DatabaseConnectionException || hasClass(state, "08") || hasClass(state, "53")
                || hasClass(state, "57P")) {
            return new Answer(Status.SERVICE_UNAVAILABLE, "database unavailable, try again later");
        }
        if (e instanceof CommitOutcomeUnknownException) {
            return new Answer(Status.INTERNAL_SERVER_ERROR,
                    "the connection broke during commit: the change may or may not have been saved");
        }
        if (state == null) {
            return new Answer(Status.INTERNAL_SERVER_ERROR, "database error");
        }
        return switch (state) {
            case "57014" -> new Answer(Status.GATEWAY_TIMEOUT, "statement timed out on the database");
            case "25006" -> new Answer(Status.FORBIDDEN, "writes are not allowed through the read-only resource");
            case "23505" -> new Answer(Status.CONFLICT, "duplicate: a row with that key exists already");
            case "40001", "40P01" -> new Answer(Status.SERVICE_UNAVAILABLE,
                    "concurrent update conflict, try again");
            case "55P03" -> new Answer(Status.SERVICE_UNAVAILABLE, "row or table locked, try again later");
            default -> state.startsWith("23")
                    ? new Answer(Status.CONFLICT, "the change conflicts with existing data")
                    : state.startsWith("22")
                    ? new Answer(Status.BAD_REQUEST, "invalid value for the database")
                    : new Answer(Status.INTERNAL_SERVER_ERROR, "database error");
        };
    }

    private static boolean hasClass(String state, String prefix) {
        return state != null && state.startsWith(prefix);
    }

    private record Answer(Status status, String message) {
    }
}
