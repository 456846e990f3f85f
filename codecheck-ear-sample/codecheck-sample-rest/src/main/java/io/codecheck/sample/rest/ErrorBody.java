package io.codecheck.sample.rest;

/**
 * The JSON body of every error response: a message meant for the client (never a stack trace, never a connection
 * detail) and the SQLState when the database produced the error.
 */
public record ErrorBody(String error, String sqlState) {

    static ErrorBody of(String error) {
        return new ErrorBody(error, null);
    }
}
