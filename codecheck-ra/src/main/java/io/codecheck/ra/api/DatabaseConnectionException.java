package io.codecheck.ra.api;

/**
 * No usable connection: the server is unreachable, refused the login or the TLS handshake, the pool is exhausted,
 * or the connection broke while in use. Retrying later may succeed.
 */
public class DatabaseConnectionException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public DatabaseConnectionException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
