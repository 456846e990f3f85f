package io.codecheck.ra.spi;

import java.sql.SQLException;

import javax.transaction.xa.XAException;

/** Which XA error code a database error means to the transaction manager, and what to tell the operator. */
final class XaErrors {
    /** undefined_object: COMMIT/ROLLBACK PREPARED of an identifier the server does not have. */
    private static final String NO_SUCH_PREPARED = "42704";
    /** object_not_in_prerequisite_state: "prepared transactions are disabled". */
    static final String PREREQUISITE = "55000";

    private XaErrors() {
    }

    static int code(SQLException e) {
        String state = e.getSQLState();
        if (CommitTruth.ROLLED_BACK.equals(state) || state != null && state.startsWith("40")) {
            return XAException.XA_RBROLLBACK; // failed transaction, serialization failure, deadlock: rolled back
        }
        if (NO_SUCH_PREPARED.equals(state)) {
            return XAException.XAER_NOTA;
        }
        if (FatalErrors.isFatal(e)) {
            return XAException.XAER_RMFAIL; // the transaction manager retries later, on another session
        }
        return XAException.XAER_RMERR;
    }

    static String hint(SQLException e) {
        if (PREREQUISITE.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("prepared transactions")) {
            return " (XATransaction needs max_prepared_transactions > 0 in the server's postgresql.conf)";
        }
        return "";
    }
}
