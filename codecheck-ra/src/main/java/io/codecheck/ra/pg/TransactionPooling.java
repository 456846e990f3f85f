package io.codecheck.ra.pg;

import io.codecheck.ra.config.ConnectionSettings;

import java.sql.SQLException;

/**
 * What a resource with {@code poolerMode=transaction} sends instead of session settings: PgBouncer may run each
 * transaction on another server connection, so the resource's timeouts and read-only default are set at the start of
 * every transaction ({@code BEGIN [READ ONLY]; SET LOCAL ...}, one round trip), and SQL that would leave session
 * state on a shared server connection is refused ({@link PooledSql}). Immutable, one per resource; the per-borrow
 * part (the auto-commit statement in progress) is the handle's.
 */
public final class TransactionPooling {
    /** SQLState of the refusal: feature not supported. */
    public static final String REFUSED = "0A000";

    private final String poolName;
    private final boolean readOnlyResource;
    /** {@code SET LOCAL} of the timeouts, or null. */
    private final String settings;
    private final String beginReadWrite;
    private final String beginReadOnly;
    /** After a BEGIN the application sent as SQL: read-only and the timeouts, or null. */
    private final String afterApplicationBegin;

    private TransactionPooling(ConnectionSettings s) {
        this.poolName = s.poolName();
        this.readOnlyResource = s.readOnly();
        this.settings = s.transactionSettingsSql();
        this.beginReadWrite = settings == null ? null : "BEGIN; " + settings;
        this.beginReadOnly = settings == null ? "BEGIN READ ONLY" : "BEGIN READ ONLY; " + settings;
        String ro = readOnlyResource ? "SET TRANSACTION READ ONLY" : null;
        this.afterApplicationBegin = ro == null ? settings : settings == null ? ro : ro + "; " + settings;
    }

    /** Null unless the resource runs behind a transaction pooler. */
    static TransactionPooling of(ConnectionSettings settings) {
        return settings.transactionPooling() ? new TransactionPooling(settings) : null;
    }

    /**
     * The statement that begins a transaction with the resource's settings (one round trip); null when pgjdbc's own
     * BEGIN, sent with the first statement, sets all there is to set.
     *
     * @param readOnly the transaction is to be read-only: always on a read-only resource, else as the application
     *        set its connection
     */
    public String begin(boolean readOnly) {
        return readOnly || readOnlyResource ? beginReadOnly : beginReadWrite;
    }

    /**
     * Whether an auto-commit statement must run in a transaction the adapter begins and commits: when there are
     * settings to apply, or the statement may draw from a sequence (its currval/lastval are discarded before the
     * commit, while the server connection is still this client's).
     */
    public boolean wrapsAutoCommit(boolean sequences) {
        return beginReadWrite != null || readOnlyResource || sequences;
    }

    /** What to send after a BEGIN the application sent as SQL; null when nothing is to be set. */
    public String afterApplicationBegin() {
        return afterApplicationBegin;
    }

    /**
     * Refuses SQL that would leave session state on the server connection, which the next transaction of another
     * client may get; naming what to use instead. Only SQL that {@link SessionSql} did not prove clean is looked at.
     */
    public void refuseSessionState(String sql) throws SQLException {
        String what = PooledSql.sessionState(sql);
        if (what != null) {
            throw new SQLException("codecheck-ra pool " + poolName + " runs behind a transaction pooler "
                    + "(poolerMode=transaction), where " + what + " would stay on a server connection that other "
                    + "clients' transactions share; " + PooledSql.alternative(what), REFUSED);
        }
    }

    /** The statement cannot run inside a transaction block (VACUUM, CREATE INDEX CONCURRENTLY, ...). */
    public static boolean needsNoTransactionBlock(String sql) {
        return PooledSql.outsideTransactionBlock(sql);
    }
}
