package io.codecheck.ra.api;

/**
 * The connection broke while COMMIT was in flight: the server may or may not have committed. The caller has to
 * find out (for example by reading back what it wrote) before retrying, or it risks doing the work twice.
 */
public class CommitOutcomeUnknownException extends DatabaseTransactionException {
    private static final long serialVersionUID = 1L;

    public CommitOutcomeUnknownException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
