package io.codecheck.ra.api;

/**
 * A transaction could not be completed: a statement inside it failed and everything was rolled back, or the
 * commit itself was refused (e.g. a serialization failure {@code 40001}). Nothing of the transaction was kept.
 */
public class DatabaseTransactionException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public DatabaseTransactionException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
