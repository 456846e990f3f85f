package io.codecheck.ra.pg;

import java.sql.SQLException;

import javax.transaction.xa.XAException;

/** Which XA error code a database error means to the transaction manager, and what to tell the operator. */
public final class XaErrors {
    /** undefined_object: COMMIT/ROLLBACK PREPARED of an identifier the server does not have. */
    private static final String NO_SUCH_PREPARED = "42704";
    /** object_not_in_prerequisite_state: "prepared transactions are disabled". */
    static final String PREREQUISITE = "55000";

    private XaErrors() {
    }

    public static int code(SQLException e) {
        String state = e.getSQLState();
        if (CommitTruth.ROLLED_BACK.equals(state) || (state != null && state.startsWith("40"))) {
            return rollbackCode(e); // failed transaction, serialization failure, deadlock: rolled back
        }
        if (NO_SUCH_PREPARED.equals(state)) {
            return XAException.XAER_NOTA;
        }
        if (FatalErrors.isFatal(e)) {
            return XAException.XAER_RMFAIL; // the transaction manager retries later, on another session
        }
        return XAException.XAER_RMERR;
    }

    /**
     * The rollback vote for a failed prepare or one-phase commit: the branch is gone either way, and the code says
     * why where the SQLState does (a lost session, a constraint, a serialization failure, a deadlock).
     */
    public static int rollbackCode(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return XAException.XA_RBROLLBACK;
        }
        if (state.startsWith("23")) {
            return XAException.XA_RBINTEGRITY;
        }
        if ("40001".equals(state)) {
            return XAException.XA_RBTRANSIENT;
        }
        if ("40P01".equals(state)) {
            return XAException.XA_RBDEADLOCK;
        }
        if (FatalErrors.isFatal(e) && !isPreparedTransactionsFull(e)) {
            return XAException.XA_RBCOMMFAIL;
        }
        return XAException.XA_RBROLLBACK;
    }

    /** 53200 at PREPARE: every slot of max_prepared_transactions is taken; the session itself is fine. */
    public static boolean isPreparedTransactionsFull(SQLException e) {
        return "53200".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("prepared transactions");
    }

    public static String hint(SQLException e) {
        if (PREREQUISITE.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("prepared transactions")) {
            return " (XATransaction needs max_prepared_transactions > 0 in the server's postgresql.conf)";
        }
        if (isPreparedTransactionsFull(e)) {
            return " (every slot of the server's max_prepared_transactions is taken: raise it, or resolve what "
                    + "pg_prepared_xacts holds)";
        }
        return "";
    }
}
