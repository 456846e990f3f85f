package io.codecheck.ra.helpers;

import io.codecheck.ra.api.CommitOutcomeUnknownException;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.DatabaseException;
import io.codecheck.ra.api.DatabaseQueryException;
import io.codecheck.ra.api.DatabaseTransactionException;
import io.codecheck.ra.pg.ErrorMessages;
import io.codecheck.ra.pg.FatalErrors;

import java.sql.SQLException;

/** Maps driver errors onto the typed exceptions of the helpers, keeping the SQLState and the cause. */
public final class HelperErrors {
    private HelperErrors() {
    }

    /** For a single statement: a broken or unobtainable connection, or a statement the server refused. */
    public static DatabaseException statement(String poolName, SQLException e) {
        if (e instanceof TransactionRefusal) {
            return new DatabaseTransactionException(e.getMessage(), e.getSQLState(), e);
        }
        String message = e instanceof AllocationFailure ? e.getMessage()
                : "codecheck-ra pool " + poolName + ": " + ErrorMessages.safe(e);
        return isConnectionProblem(e) ? new DatabaseConnectionException(message, e.getSQLState(), e)
                : new DatabaseQueryException(message, e.getSQLState(), e);
    }

    /**
     * For a statement of a transaction, which was rolled back. Connection trouble stays a
     * {@link DatabaseConnectionException} whatever the helper, so callers can treat it alike everywhere.
     */
    static DatabaseException transaction(String poolName, SQLException e) {
        if (isConnectionProblem(e) || e instanceof TransactionRefusal) {
            return statement(poolName, e);
        }
        return new DatabaseTransactionException("codecheck-ra pool " + poolName + ": transaction rolled back: "
                + ErrorMessages.safe(e), e.getSQLState(), e);
    }

    /** COMMIT failed: if the connection broke, nobody knows whether the server committed. */
    static DatabaseException commit(String poolName, SQLException e, boolean connectionLost) {
        if (connectionLost) {
            return new CommitOutcomeUnknownException("codecheck-ra pool " + poolName
                    + ": the connection broke during COMMIT; the transaction may or may not have been committed: "
                    + ErrorMessages.safe(e), e.getSQLState(), e);
        }
        return new DatabaseTransactionException("codecheck-ra pool " + poolName + ": commit failed: "
                + ErrorMessages.safe(e), e.getSQLState(), e);
    }

    static boolean isConnectionProblem(SQLException e) {
        return e instanceof AllocationFailure || FatalErrors.isFatal(e);
    }

    /** The container could not give out a connection (pool exhausted, or the server unreachable). */
    public static final class AllocationFailure extends SQLException {
        private static final long serialVersionUID = 1L;

        public AllocationFailure(String message, String sqlState, Throwable cause) {
            super(message, sqlState, cause);
        }
    }

    /** The container transaction cannot take this resource: nothing was borrowed, nothing is wrong with the pool. */
    public static final class TransactionRefusal extends SQLException {
        private static final long serialVersionUID = 1L;
        /** invalid_transaction_state: not a connection problem, so not retried as one. */
        private static final String INVALID_TRANSACTION_STATE = "25000";

        public TransactionRefusal(String message) {
            super(message, INVALID_TRANSACTION_STATE);
        }
    }
}
