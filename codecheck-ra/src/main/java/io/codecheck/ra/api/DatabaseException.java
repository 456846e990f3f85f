package io.codecheck.ra.api;

/**
 * Base of every exception the {@link CodeCheckDataSource} helpers throw. Unchecked, so that application code
 * is not forced to catch what it cannot handle; the SQLState of the underlying error is kept.
 * Messages never contain passwords or key passphrases.
 */
public class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The five-character SQLState of the error (e.g. {@code 57014} for a cancelled statement), or null when none applies. */
    public String getSqlState() {
        return sqlState;
    }
}
