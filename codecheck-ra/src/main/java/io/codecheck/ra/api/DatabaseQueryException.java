package io.codecheck.ra.api;

/**
 * The server rejected a statement (syntax, constraint violation, statement timeout {@code 57014}, write on a
 * read-only session {@code 25006}, ...). The connection itself is still fine.
 */
public class DatabaseQueryException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public DatabaseQueryException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
