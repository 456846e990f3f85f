package io.codecheck.ra.jdbc;

import io.codecheck.ra.pg.CommitTruth;
import io.codecheck.ra.pg.ErrorMessages;
import io.codecheck.ra.pg.FatalErrors;
import io.codecheck.ra.pg.PgSession;
import io.codecheck.ra.pg.SessionSql;
import io.codecheck.ra.pg.TransactionPooling;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The {@link Connection} the application holds. Closing it gives the session back to the container; after that,
 * or after the container cleaned the session up, every call fails with SQLState 08003. Statements made through it
 * are closed with it. Errors are reported to the managed connection, which evicts the session when they are fatal.
 */
public final class ConnectionHandle extends DelegatingConnection implements StatementOwner {
    private static final Logger LOG = Logger.getLogger(ConnectionHandle.class.getName());
    private static final String CONTAINER_MANAGED = "2D000";

    private final Object key;
    private volatile HandleOwner owner;
    private volatile BaseConnection physical;
    private volatile InFlight inFlight;
    private UsageEvents metrics;
    private volatile boolean closed;
    private List<StatementWrapper> statements; // guarded by this; created on first statement
    private List<ResultSet> metadataResults; // guarded by this; the driver's, created on first use
    private Future<?> leakWatch;
    /** poolerMode=transaction: how transactions begin; null otherwise. */
    private volatile TransactionPooling pooling;
    /** Behind a transaction pooler: this handle began the transaction of the auto-commit statement running. */
    private boolean autoCommitWrapped;
    /** Behind a transaction pooler: the statement running is a BEGIN sent as SQL in an idle session. */
    private boolean beginAsSql;

    /**
     * @param key what the adapter must show to reach the handle's owner or move or invalidate it: the class is public
     *            (the JCA layer is another package), and an application that unwraps its connection must not reach
     *            the managed connection (to commit a container's transaction, say)
     */
    public ConnectionHandle(HandleOwner owner, PgSession session, InFlight inFlight, Object key) {
        this.key = key;
        this.owner = owner;
        this.physical = session.driverConnection();
        this.inFlight = inFlight;
        this.metrics = owner.usage();
        this.pooling = session.transactionPooling();
    }

    // ---- DelegatingConnection ----

    @Override
    protected Connection physical() throws SQLException {
        if (closed) {
            throw closedError();
        }
        return physical;
    }

    @Override
    public SQLException failed(SQLException e) {
        if (closed) {
            // A statement, result set or metadata of a closed handle: whatever the driver said, the handle is closed.
            return e.getSQLState() != null && e.getSQLState().startsWith("08") ? e
                    : new SQLException("codecheck-ra connection handle is closed", "08003", e);
        }
        metrics.error(ErrorMessages.forStatistics(e));
        beginAsSql = false;
        if (autoCommitWrapped) {
            rollbackWrapped(e);
        }
        if (LOG.isLoggable(Level.FINE)) {
            // the full text, values included, only where the operator asked for it
            LOG.log(Level.FINE, "codecheck-ra pool " + poolName() + ": statement failed", e);
        }
        if (FatalErrors.isFatal(e) || physicalClosed()) {
            owner.fatalError(this, e);
        } else {
            owner.statementFailed(e);
        }
        return e;
    }

    @Override
    protected Statement wrapStatement(Statement s) {
        return track(new StatementWrapper(s, this));
    }

    @Override
    protected PreparedStatement wrapPrepared(PreparedStatement s, String sql) {
        return track(new PreparedStatementWrapper(s, this, sql));
    }

    @Override
    protected CallableStatement wrapCallable(CallableStatement s, String sql) {
        if (pooling == null) {
            owner.session().serverSettingsChanged(); // a function or procedure call: nothing proves it clean
        }
        return track(new CallableStatementWrapper(s, this, sql));
    }

    /** Judges the SQL (a cached verdict for the application's constant SQL) and records what it may change. */
    private int judge(String sql) throws SQLException {
        int verdict = SessionSql.judge(sql);
        switch (verdict & SessionSql.VERDICT) {
            case SessionSql.CLEAN -> { }
            case SessionSql.SEQUENCES -> owner.session().sequencesUsed();
            default -> {
                TransactionPooling p = pooling;
                if (p == null) {
                    owner.session().serverSettingsChanged();
                } else {
                    // no reset can reach this client's next server connection: what would need one is refused
                    p.refuseSessionState(sql);
                }
            }
        }
        return verdict;
    }

    /**
     * Behind a transaction pooler, before a statement runs in a session with no transaction open: begins the
     * transaction with the resource's settings (one round trip), for an auto-commit statement too, which
     * {@link #executed} then commits. Not for BEGIN, COMMIT or ROLLBACK sent as SQL, nor for statements that cannot
     * run in a transaction block (VACUUM, ...), which run as they are.
     */
    private void beginPooledTransaction(TransactionPooling p, String sql, int verdict) throws SQLException {
        BaseConnection c = physical;
        if (c.getTransactionState() != TransactionState.IDLE) {
            return;
        }
        if ((verdict & SessionSql.BEGIN) != 0) {
            beginAsSql = p.afterApplicationBegin() != null;
            return;
        }
        if ((verdict & (SessionSql.COMMIT | SessionSql.ROLLBACK)) != 0) {
            return;
        }
        String begin;
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            boolean sequences = (verdict & SessionSql.VERDICT) == SessionSql.SEQUENCES
                    || owner.session().hasSequencesPending();
            if (!p.wrapsAutoCommit(sequences) || ((verdict & SessionSql.VERDICT) != SessionSql.CLEAN
                    && (verdict & SessionSql.VERDICT) != SessionSql.SEQUENCES
                    && TransactionPooling.needsNoTransactionBlock(sql))) {
                return;
            }
            begin = p.begin(false);
        } else {
            begin = p.begin(c.isReadOnly());
            if (begin == null) {
                return; // pgjdbc's BEGIN, sent with the statement, is all it takes
            }
        }
        try {
            c.execSQLUpdate(begin);
        } catch (SQLException e) {
            throw failed(e);
        }
        autoCommitWrapped = autoCommit;
    }

    /** Ends the auto-commit statement's transaction that {@link #beginPooledTransaction} began: COMMIT. */
    private void finishPooled() throws SQLException {
        BaseConnection c = physical;
        if (beginAsSql) {
            beginAsSql = false;
            String settings = pooling == null ? null : pooling.afterApplicationBegin();
            if (settings != null && c.getTransactionState() == TransactionState.OPEN) {
                c.execSQLUpdate(settings);
            }
            return;
        }
        autoCommitWrapped = false;
        switch (c.getTransactionState()) {
            case OPEN -> {
                if (owner.session().takeSequencesForCommit()) {
                    c.execSQLUpdate("DISCARD SEQUENCES; COMMIT"); // before the server connection goes to another
                } else {
                    c.execSQLUpdate("COMMIT");
                }
            }
            case FAILED -> c.execSQLUpdate("ROLLBACK");
            default -> { } // the statement ended it
        }
    }

    /** The auto-commit statement failed in the transaction the handle began for it: it is rolled back. */
    private void rollbackWrapped(SQLException cause) {
        autoCommitWrapped = false;
        BaseConnection c = physical;
        try {
            if (!c.isClosed() && c.getTransactionState() != TransactionState.IDLE) {
                c.execSQLUpdate("ROLLBACK");
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public <T> T executed(T result) throws SQLException {
        if (autoCommitWrapped || beginAsSql) {
            finishPooled();
        }
        return result;
    }

    @Override
    public int executed(int result) throws SQLException {
        if (autoCommitWrapped || beginAsSql) {
            finishPooled();
        }
        return result;
    }

    @Override
    public long executed(long result) throws SQLException {
        if (autoCommitWrapped || beginAsSql) {
            finishPooled();
        }
        return result;
    }

    @Override
    public boolean executed(boolean result) throws SQLException {
        if (autoCommitWrapped || beginAsSql) {
            finishPooled();
        }
        return result;
    }

    /** Metadata result sets belong to no statement of the handle: they are closed with the handle all the same. */
    private synchronized ResultSet trackMetadata(ResultSet rs) throws SQLException {
        if (rs == null) {
            return null;
        }
        if (closed) {
            rs.close();
            throw closedError();
        }
        if (metadataResults == null) {
            metadataResults = new ArrayList<>(2);
        } else if (metadataResults.size() >= 16) {
            metadataResults.removeIf(ConnectionHandle::isClosedQuietly); // a long borrow reading much metadata
        }
        metadataResults.add(rs);
        return ResultSetWrapper.wrap(rs, null, this);
    }

    private synchronized <S extends StatementWrapper> S track(S statement) {
        if (closed) {
            statement.closeQuietly(); // the handle was closed by another thread meanwhile
            return statement;
        }
        if (statements == null) {
            statements = new ArrayList<>(4);
        }
        statements.add(statement);
        return statement;
    }

    // ---- StatementOwner ----

    @Override
    public Connection handle() {
        return this;
    }

    @Override
    public InFlight beforeExecute(String sql) throws SQLException {
        if (closed) {
            throw closedError(); // a statement the handle left behind, or one abandoned under a running call
        }
        metrics.queryExecuted();
        int verdict = SessionSql.CLEAN;
        if (sql != null) {
            verdict = judge(sql);
            if ((verdict & (SessionSql.COMMIT | SessionSql.ROLLBACK)) != 0) {
                transactionEndAsSql(verdict);
            }
        }
        TransactionPooling p = pooling;
        if (p != null) {
            beginPooledTransaction(p, sql, verdict);
        }
        return inFlight.start();
    }

    /**
     * COMMIT or ROLLBACK sent as SQL: refused inside a container transaction (the container completes it, and could
     * not know), and a COMMIT of a failed transaction is refused as the API's commit is.
     */
    private void transactionEndAsSql(int verdict) throws SQLException {
        if (owner.inContainerTransaction()) {
            throw new SQLException("codecheck-ra pool " + poolName() + ": COMMIT and ROLLBACK cannot be sent as SQL "
                    + "inside a container-managed transaction; the container completes it", CONTAINER_MANAGED);
        }
        BaseConnection c = physical;
        if ((verdict & SessionSql.COMMIT) != 0 && c.getTransactionState() == TransactionState.FAILED) {
            refuseCommitAsSql(c);
        }
    }

    /** COMMIT sent as SQL in a failed transaction: the server would roll back and the driver report success. */
    private void refuseCommitAsSql(BaseConnection c) throws SQLException {
        String firstError = owner.takeFirstTransactionError();
        try {
            c.execSQLUpdate("ROLLBACK");
        } catch (SQLException e) {
            throw failed(e);
        }
        metrics.rolledBack();
        SQLException refused = CommitTruth.rolledBackInstead(poolName(), firstError);
        metrics.error(refused.getMessage());
        throw refused;
    }

    @Override
    public InFlight fetching() throws SQLException {
        if (closed) {
            throw closedError();
        }
        return inFlight.start();
    }

    @Override
    public void batched(String sql) throws SQLException {
        judge(sql);
    }

    @Override
    public void exposed() {
        owner.session().exposed();
    }

    @Override
    public synchronized void statementClosed(StatementWrapper statement) {
        if (statements != null) {
            statements.remove(statement);
        }
    }

    // ---- life cycle ----

    @Override
    public void close() {
        if (closed) {
            return;
        }
        release();
        owner.handleClosed(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** The container cleaned up or destroyed the session while this handle was still out. */
    public void invalidate(Object key) {
        checkKey(key);
        if (!closed) {
            release();
        }
    }

    private void release() {
        List<StatementWrapper> open;
        List<ResultSet> metadata;
        synchronized (this) {
            closed = true;
            if (leakWatch != null) {
                leakWatch.cancel(false);
                leakWatch = null;
            }
            open = statements;
            statements = null;
            metadata = metadataResults;
            metadataResults = null;
        }
        closeStatements(open);
        if (metadata != null) {
            for (ResultSet rs : metadata) {
                try {
                    rs.close(); // materialised rows: closing sends nothing to the server
                } catch (SQLException ignored) {
                    // closed either way
                }
            }
        }
    }

    /**
     * Closes what the application left open. Not through the driver while a call still runs on the session or the
     * application holds driver objects: closing would wait for the driver's lock, and the session is closed
     * instead (see the managed connection's {@code cleanup()}).
     */
    private void closeStatements(List<StatementWrapper> open) {
        if (open == null) {
            return;
        }
        boolean viaDriver = !inFlight.busy() && !owner.session().isExposed();
        for (StatementWrapper s : open) {
            if (viaDriver) {
                s.closeQuietly();
            } else {
                s.abandon();
            }
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (closed) {
            return;
        }
        BaseConnection c = physical;
        release();
        owner.fatalError(this, new SQLException("the application aborted the connection", "08003"));
        c.abort(executor);
    }

    public void watchForLeak(Future<?> watch) {
        this.leakWatch = watch;
    }

    private void checkKey(Object given) {
        if (given != key) {
            throw new IllegalStateException("only the adapter may do this");
        }
    }

    public HandleOwner owner(Object key) {
        checkKey(key);
        return owner;
    }

    /**
     * The container associated this handle with another managed connection. The driver's statements belong to the
     * old session and cannot follow; they are closed, so nothing the application still holds runs in a session that
     * is no longer its own.
     */
    public void moveTo(Object key, HandleOwner newOwner, PgSession newSession, InFlight newInFlight) {
        checkKey(key);
        List<StatementWrapper> open;
        synchronized (this) {
            open = statements;
            statements = null;
        }
        closeStatements(open);
        this.owner = newOwner;
        this.physical = newSession.driverConnection();
        this.inFlight = newInFlight;
        this.metrics = newOwner.usage();
        this.pooling = newSession.transactionPooling();
    }

    /** True when the container enlisted the session in a JTA transaction: it commits, not the application. */
    public boolean inContainerTransaction() {
        return owner.inContainerTransaction();
    }

    String poolName() {
        return owner.poolName();
    }

    /** The session had a fatal error: nothing more can be done on it, not even a rollback. */
    public boolean isBroken() {
        return owner.isBroken() || physicalClosed();
    }

    // ---- transactions: the application demarcating on the handle ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        BaseConnection c = (BaseConnection) physical();
        if (owner.inContainerTransaction()) {
            if (autoCommit) {
                throw new SQLException("codecheck-ra pool " + poolName()
                        + ": autocommit cannot be enabled inside a container-managed transaction", CONTAINER_MANAGED);
            }
            return;
        }
        boolean was = c.getAutoCommit();
        if (was == autoCommit) {
            return;
        }
        if (autoCommit && c.getTransactionState() != TransactionState.IDLE) {
            // JDBC: switching autocommit on commits the transaction in progress; it must not pass a failed one off
            // as committed either
            try {
                commitOnHandle(c);
            } catch (SQLException | RuntimeException e) {
                autoCommitAfterCommit(c, e); // a failure here must not hide why the commit failed
                throw e;
            }
            autoCommitAfterCommit(c, null);
            return;
        }
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw failed(e);
        }
        if (!autoCommit) {
            owner.transactionEnded();
            owner.localTransactionStarted(this);
        }
    }

    @Override
    public void commit() throws SQLException {
        BaseConnection c = (BaseConnection) physical();
        refuseInContainerTransaction("commit");
        commitOnHandle(c);
    }

    /** Auto-commit back on after a commit on the handle; its own failure is added to the commit's, if any. */
    private void autoCommitAfterCommit(BaseConnection c, Exception commitFailure) throws SQLException {
        if (isBroken()) {
            return;
        }
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            SQLException failure = failed(e);
            if (commitFailure == null) {
                throw failure;
            }
            commitFailure.addSuppressed(failure);
        }
    }

    /** Commits (or refuses a failed transaction, see {@link HandleOwner#commitOrRefuse}) and tells listeners. */
    private void commitOnHandle(BaseConnection c) throws SQLException {
        InFlight running = inFlight.start();
        try {
            owner.commitOrRefuse();
        } catch (SQLException e) {
            if (CommitTruth.ROLLED_BACK.equals(e.getSQLState())) {
                metrics.error(e.getMessage());
                owner.localTransactionRolledBack(this);
                throw e;
            }
            SQLException reported = failed(e);
            if (isBroken()) {
                throw CommitTruth.outcomeUnknown(poolName(), e);
            }
            if (c.getTransactionState() == TransactionState.IDLE) {
                // COMMIT itself failed (a deferred constraint, say): the server rolled back, and it was counted so
                owner.localTransactionRolledBack(this);
            }
            throw reported;
        } finally {
            running.end();
        }
        owner.localTransactionCommitted(this);
    }

    @Override
    public void rollback() throws SQLException {
        BaseConnection c = (BaseConnection) physical();
        refuseInContainerTransaction("rollback");
        boolean hadWork = c.getTransactionState() != TransactionState.IDLE;
        InFlight running = inFlight.start();
        try {
            c.rollback();
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            running.end();
        }
        owner.transactionEnded();
        if (hadWork) {
            metrics.rolledBack(); // a rollback after a refused commit, say, rolls back nothing more
        }
        owner.localTransactionRolledBack(this);
    }

    private void refuseInContainerTransaction(String what) throws SQLException {
        if (owner.inContainerTransaction()) {
            throw new SQLException("codecheck-ra pool " + poolName() + ": " + what
                    + " is not allowed inside a container-managed transaction; the container completes it",
                    CONTAINER_MANAGED);
        }
    }

    // ---- session state the pool must undo when the handle goes back ----

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        if (owner.readOnlyResource()) {
            physical(); // a closed handle still refuses
            if (!readOnly) {
                throw new SQLException("codecheck-ra pool " + poolName()
                        + " is read-only (readOnly=true); use a read-write resource for writes", "25006");
            }
            // Already read-only server-side. Passing the flag on would let the driver (readOnlyMode=always) send
            // SET SESSION CHARACTERISTICS, and the reset's setReadOnly(false) would then lift the resource's guard.
            return;
        }
        super.setReadOnly(readOnly);
        owner.session().readOnlyChanged();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        if (owner.readOnlyResource()) {
            physical(); // a closed handle still refuses
            return true;
        }
        return super.isReadOnly();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        refuseBehindTransactionPooler("setTransactionIsolation", "SET TRANSACTION ISOLATION LEVEL ... as the "
                + "first statement of the transaction");
        super.setTransactionIsolation(level);
        owner.session().serverSettingsChanged();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        refuseBehindTransactionPooler("setSchema", "SET LOCAL search_path inside the transaction, or qualified names");
        super.setSchema(schema);
        owner.session().serverSettingsChanged();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        refuseClientInfoBehindTransactionPooler();
        super.setClientInfo(name, value);
        owner.session().serverSettingsChanged();
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        refuseClientInfoBehindTransactionPooler();
        super.setClientInfo(properties);
        owner.session().serverSettingsChanged();
    }

    /** pgjdbc sets these with session-level SET, which behind a transaction pooler would reach other clients. */
    private void refuseBehindTransactionPooler(String method, String instead) throws SQLException {
        if (pooling != null) {
            physical(); // a closed handle refuses as closed
            throw new SQLException("codecheck-ra pool " + poolName() + " runs behind a transaction pooler "
                    + "(poolerMode=transaction), where " + method + " would SET a session setting on a server "
                    + "connection that other clients' transactions share; use " + instead, TransactionPooling.REFUSED);
        }
    }

    private void refuseClientInfoBehindTransactionPooler() throws SQLClientInfoException {
        try {
            refuseBehindTransactionPooler("setClientInfo", "the applicationName property of the resource");
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(), e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        super.setNetworkTimeout(executor, milliseconds);
        owner.session().networkTimeoutChanged();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        super.setHoldability(holdability);
        owner.session().holdabilityChanged();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        super.setTypeMap(map);
        owner.session().typeMapChanged();
    }

    /**
     * The driver's metadata, except that {@code getConnection()} answers this handle: code that reaches the connection
     * through the metadata must not get hold of the pooled physical connection. For the same reason the result sets
     * it returns ({@code getTables}, {@code getColumns}, ...) are {@link ResultSetWrapper}s whose
     * {@code getStatement()} is {@code null}, as JDBC specifies for metadata result sets, and whose errors go through
     * {@link #failed}. Metadata is rarely asked for, so a dynamic proxy is cheap enough here; the rows of its result
     * sets are read without reflection.
     */
    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        super.getMetaData(); // a closed handle refuses here already
        return (DatabaseMetaData) Proxy.newProxyInstance(ConnectionHandle.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && method.getParameterCount() == 0) {
                        return this;
                    }
                    if (method.getName().equals("unwrap")) {
                        exposed();
                    }
                    // Each call goes to the handle's session of the moment: a closed handle refuses, and a handle the
                    // container moved to another session never queries the one it left.
                    DatabaseMetaData metaData = super.getMetaData();
                    InFlight running = inFlight.start();
                    try {
                        Object result = method.invoke(metaData, args);
                        return method.getReturnType() == ResultSet.class ? trackMetadata((ResultSet) result) : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof SQLException sql ? failed(sql) : e.getCause();
                    } finally {
                        running.end();
                    }
                });
    }

    /** The driver's array would lead back to the physical connection through its result set. */
    @Override
    public java.sql.Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return ArrayWrapper.wrap(super.createArrayOf(typeName, elements), this);
    }

    // ---- wrapper: the driver's own interfaces (PGConnection for COPY, LISTEN, large objects) stay reachable; ----
    // ---- what the driver hands out can outlive the borrow, so such a session is closed, not reused, on return ----

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        Connection c = physical();
        exposed();
        return c.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || physical().isWrapperFor(iface);
    }

    private boolean physicalClosed() {
        try {
            return physical.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static boolean isClosedQuietly(ResultSet rs) {
        try {
            return rs.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private SQLException closedError() {
        return new SQLException("codecheck-ra connection handle is closed", "08003");
    }

    @Override
    public String toString() {
        return "ConnectionHandle[pool=" + poolName() + (closed ? ", closed" : "") + "]";
    }
}
