package io.codecheck.ra.pg;

import java.sql.SQLException;

/** The errors a commit reports when it did not commit, or cannot know whether it did. */
public final class CommitTruth {
    public static final String ROLLED_BACK = "40000";
    public static final String OUTCOME_UNKNOWN = "08007";

    private CommitTruth() {
    }

    /**
     * The server had failed the transaction, so the commit rolled it back.
     *
     * @param firstError the first failed statement of the transaction as the adapter saw it, or null when the
     *        failure happened where the adapter could not see it (an unwrapped driver connection)
     */
    public static SQLException rolledBackInstead(String poolName, String firstError) {
        return new SQLException("codecheck-ra pool " + poolName + ": the transaction was rolled back, not committed, "
                + "because a statement of it had failed"
                + (firstError == null ? "" : " (first error: " + firstError + ")"), ROLLED_BACK);
    }

    /** The connection broke while COMMIT was on its way: nobody can tell from here whether the server committed. */
    public static SQLException outcomeUnknown(String poolName, SQLException cause) {
        return new SQLException("codecheck-ra pool " + poolName + ": the connection broke during COMMIT; whether the "
                + "transaction was committed is unknown: " + ErrorMessages.safe(cause), OUTCOME_UNKNOWN, cause);
    }
}
