package io.codecheck.ra.pg;

import io.codecheck.ra.config.ConnectionSettings;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * One physical PostgreSQL session, as the JCA layer needs it: its transaction state as the server reported it, the
 * ways PostgreSQL ends a transaction (including two-phase commit), validation and closing. pgjdbc's driver-internal
 * {@link BaseConnection} stays behind this class and the JDBC handles.
 */
public final class PgSession {
    private static final String COMMIT_WITH_SEQUENCES = "DISCARD SEQUENCES; COMMIT";
    private static final String REPLICA_LAG = "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
            + " WHEN pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
            + " THEN 0 ELSE COALESCE((EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)"
            + "::bigint, 9223372036854775807) END";
    private static final String REPLICA_LAG_AND_ROLE = "SELECT pg_is_in_recovery(), " + REPLICA_LAG.substring(7);

    private final BaseConnection connection;
    /** Null unless the resource has maxReplicaLag. */
    private final ReplicaLagGuard lagGuard;
    /** {@code host:port} of the server as in serverName, or null when not known. */
    private final String host;
    private volatile long lastLagMillis = -1;
    private volatile Instant lagMeasuredAt;
    private volatile boolean onStandby;
    private volatile boolean openedAsFallback;
    private final TransactionPooling transactionPooling;

    PgSession(BaseConnection connection) {
        this(connection, null, null, null);
    }

    PgSession(BaseConnection connection, ReplicaLagGuard lagGuard, String host,
              TransactionPooling transactionPooling) {
        this.connection = connection;
        this.lagGuard = lagGuard;
        this.host = host;
        this.transactionPooling = transactionPooling;
    }

    /** What the handles do behind a transaction pooler ({@code poolerMode=transaction}); null otherwise. */
    public TransactionPooling transactionPooling() {
        return transactionPooling;
    }

    /** The driver's connection, for the application's handles. */
    public BaseConnection driverConnection() {
        return connection;
    }

    /** Whether the server reports no transaction block in progress. */
    public boolean isIdle() {
        return connection.getTransactionState() == TransactionState.IDLE;
    }

    /** Whether a statement failed in the open transaction: the server will only roll it back. */
    public boolean hasFailedTransaction() {
        return connection.getTransactionState() == TransactionState.FAILED;
    }

    /** Whether a transaction block is open and has not failed. */
    public boolean hasOpenTransaction() {
        return connection.getTransactionState() == TransactionState.OPEN;
    }

    /** True also when the driver cannot tell: a session that cannot answer is not used again. */
    public boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    public boolean isValid(int timeoutSeconds) throws SQLException {
        return connection.isValid(timeoutSeconds);
    }

    public boolean getAutoCommit() throws SQLException {
        return connection.getAutoCommit();
    }

    public void setAutoCommit(boolean autoCommit) throws SQLException {
        connection.setAutoCommit(autoCommit);
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    /**
     * COMMIT with DISCARD SEQUENCES before it: allowed in a transaction and effective at once, so sent with the
     * COMMIT it costs no round trip of its own.
     */
    public void commitDiscardingSequences() throws SQLException {
        connection.execSQLUpdate(COMMIT_WITH_SEQUENCES);
    }

    public void rollback() throws SQLException {
        connection.rollback();
    }

    /** Rolls back a transaction block the application left open, also one begun by a BEGIN sent as SQL. */
    public void rollbackLeftOpen() throws SQLException {
        if (connection.getAutoCommit()) {
            connection.execSQLUpdate("ROLLBACK"); // the driver does not know about a BEGIN sent as SQL
        } else {
            connection.rollback();
        }
    }

    /** Undoes what {@code state} recorded, and the warnings; outside a transaction block. */
    public void restore(SessionState state, ConnectionSettings settings) throws SQLException {
        state.restore(connection, settings);
        connection.clearWarnings();
    }

    /** First phase of two-phase commit; {@code gid} from {@link XidCodec#encode}, which needs no quoting. */
    public void prepare(String gid) throws SQLException {
        connection.execSQLUpdate("PREPARE TRANSACTION '" + gid + "'");
    }

    /** Second phase; any session of the database may run it, outside a transaction block. */
    public void finishPrepared(String gid, boolean commit) throws SQLException {
        connection.execSQLUpdate((commit ? "COMMIT PREPARED '" : "ROLLBACK PREPARED '") + gid + "'");
    }

    /** The prepared transactions of this database that this login may finish, for recovery. */
    public List<String> preparedTransactionIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery(
                     // only what this login may finish: COMMIT PREPARED needs the owner or a superuser
                     "SELECT gid FROM pg_prepared_xacts WHERE database = current_database() AND (owner = current_user"
                             + " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The driver's metadata: product name, version and login role are known from the login, no round trip. */
    public DatabaseMetaData metaData() throws SQLException {
        return connection.getMetaData();
    }

    /** The server's {@code max_connections}: one round trip. */
    public int maxConnections() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('max_connections')::int")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * How far this session's server is behind its primary, in milliseconds: 0 on a primary, and 0 on a standby
     * that has replayed all it received (an idle primary sends nothing, which is no lag); otherwise the age of
     * the last transaction replayed, or {@link Long#MAX_VALUE} when it has replayed none yet. One round trip,
     * bounded by {@code timeoutSeconds}; it also proves the session alive, so it can stand in for validation.
     */
    public long replicaLagMillis(int timeoutSeconds) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery(REPLICA_LAG)) {
                rs.next();
                return Math.max(0, rs.getLong(1));
            }
        }
    }

    /**
     * {@link #replicaLagMillis} and whether the server is a standby, in one round trip; remembered for
     * {@link #lastLagMillis()} and {@link #onStandby()}.
     */
    void measureReplicaLag(int timeoutSeconds) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery(REPLICA_LAG_AND_ROLE)) {
                rs.next();
                onStandby = rs.getBoolean(1);
                lastLagMillis = Math.max(0, rs.getLong(2));
                lagMeasuredAt = Instant.now();
            }
        }
        if (lagGuard != null) {
            lagGuard.track(this);
        }
    }

    /** The last {@link #measureReplicaLag} result in milliseconds, -1 before the first. */
    long lastLagMillis() {
        return lastLagMillis;
    }

    Instant lagMeasuredAt() {
        return lagMeasuredAt;
    }

    /** Whether the last measurement found a standby. */
    boolean onStandby() {
        return onStandby;
    }

    /** {@code host:port} as in serverName; null when not known. */
    public String host() {
        return host;
    }

    /** Opened on the primary because every standby lagged (replicaLagFallback=primary). */
    boolean openedAsFallback() {
        return openedAsFallback;
    }

    void markFallback() {
        openedAsFallback = true;
    }

    /** Asks the server to cancel the statement running; the session stays open. */
    public void cancelQuery() throws SQLException {
        connection.cancelQuery();
    }

    /** Closes the socket without the driver's lock and without a goodbye to the server. */
    public void abortQuietly() {
        forgetLag();
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // the socket is closed or was already
        }
    }

    public void closeQuietly() {
        forgetLag();
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // closing a broken socket may fail; the session is gone either way
        }
    }

    private void forgetLag() {
        if (lagGuard != null) {
            lagGuard.forget(this);
        }
    }
}
