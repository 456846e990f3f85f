package io.codecheck.ra.spi;

import io.codecheck.ra.config.TransactionMode;
import io.codecheck.ra.jdbc.ConnectionHandle;
import io.codecheck.ra.jdbc.HandleOwner;
import io.codecheck.ra.jdbc.InFlight;
import io.codecheck.ra.jdbc.UsageEvents;
import io.codecheck.ra.pg.CommitTruth;
import io.codecheck.ra.pg.Credentials;
import io.codecheck.ra.pg.ErrorMessages;
import io.codecheck.ra.pg.FatalErrors;
import io.codecheck.ra.pg.PgSession;
import io.codecheck.ra.pg.PhysicalConnector;
import io.codecheck.ra.pg.ReplicaLagGuard;
import io.codecheck.ra.pg.SessionState;
import io.codecheck.ra.pg.XaErrors;
import io.codecheck.ra.pool.AdapterThreads;
import io.codecheck.ra.pool.LeakDetector;
import io.codecheck.ra.pool.PoolRuntime;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.resource.spi.SecurityException;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;


/**
 * One pooled PostgreSQL session as the container sees it. It keeps the handles it gave out, tells the container
 * about closes and fatal errors, and makes sure a session goes back to the pool clean: no open transaction, no
 * changed session settings.
 *
 * <p>A dead physical connection found while no handle is out (validation, or a fatal error before) is replaced
 * here, before the caller gets a handle, so callers that borrow after a server restart or a
 * {@code pg_terminate_backend} see no error whatever the container's own validation settings are.
 */
final class PgManagedConnection implements ManagedConnection, HandleOwner {
    private static final Logger LOG = Logger.getLogger(PgManagedConnection.class.getName());
    /** Shown to handles to reach their owner: applications, which can unwrap a handle, do not have it. */
    static final Object HANDLE_KEY = new Object();

    private final PgManagedConnectionFactory factory;
    private final PoolRuntime pool;
    private final PoolLifecycle lifecycle;
    private final Credentials credentials;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionHandle> handles = new ArrayList<>(2); // guarded by this
    private final ContainerLocalTransaction containerTransaction = new ContainerLocalTransaction(this);
    private final PgXaResource xaResource = new PgXaResource(this);
    private final SessionState session = new SessionState();

    private volatile PgSession physical;
    private volatile InFlight inFlight = new InFlight(); // one per physical session
    private final AtomicBoolean broken = new AtomicBoolean();
    private volatile boolean destroyed;
    private volatile long lastAliveNanos;
    private volatile long verifiedNanos; // opened or validated: proof that it was alive then, unlike lastAliveNanos
    private volatile long lagCheckedNanos; // maxReplicaLag: when the session's lag was last measured (at opening)
    private volatile String firstTransactionError; // of the transaction in progress, for the commit that must fail
    private volatile long epoch; // the pool's eviction epoch when the physical connection was opened
    private volatile long retireAtNanos; // maxLifetime: System.nanoTime() after which the session is replaced
    private boolean inContainerTransaction; // guarded by this
    private PrintWriter logWriter;

    PgManagedConnection(PgManagedConnectionFactory factory, PoolLifecycle lifecycle, Credentials credentials)
            throws ResourceException {
        this.factory = factory;
        this.lifecycle = lifecycle;
        this.pool = lifecycle.runtime();
        this.credentials = credentials;
        this.epoch = pool.evictionEpoch();
        this.physical = openSession();
        this.lastAliveNanos = System.nanoTime();
        this.verifiedNanos = lastAliveNanos;
        this.lagCheckedNanos = lastAliveNanos;
        this.retireAtNanos = pool.retireAtNanos(lastAliveNanos);
        lifecycle.managedConnectionOpened();
    }

    private PgSession openSession() throws ResourceAllocationException {
        try {
            PgSession opened = pool.connector().open(credentials);
            ConnectFailures.succeeded();
            return opened;
        } catch (PhysicalConnector.OpenFailure e) {
            ConnectFailures.failedNow();
            ResourceAllocationException failure = new ResourceAllocationException(e.getMessage(), e.getSQLState());
            failure.initCause(e.getCause());
            throw failure;
        }
    }

    // ---- handles ----

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (!credentials.equals(PgConnectionRequestInfo.credentials(subject, info, factory))) {
            // Each physical session is logged in as one role; re-authentication is not supported.
            throw new SecurityException("codecheck-ra pool " + pool.poolName()
                    + ": a connection opened for one login cannot be handed out to another");
        }
        ConnectionHandle handle;
        synchronized (this) {
            checkNotDestroyed();
            if (handles.isEmpty()) {
                ensureUsable();
                pool.metrics().handedOut();
            }
            handle = new ConnectionHandle(this, physical, inFlight, HANDLE_KEY);
            handles.add(handle);
        }
        LeakDetector leaks = pool.leakDetector();
        if (leaks != null) {
            handle.watchForLeak(leaks.watch(handle));
        }
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ConnectionHandle handle)) {
            throw new ResourceException("codecheck-ra pool " + pool.poolName()
                    + ": cannot associate " + (connection == null ? "null" : connection.getClass().getName()));
        }
        PgManagedConnection previous = (PgManagedConnection) handle.owner(HANDLE_KEY);
        if (previous == this) {
            return;
        }
        synchronized (this) {
            // Everything that can fail comes before the handle leaves its old owner: a failed association leaves it
            // where it was.
            checkNotDestroyed();
            if (handles.isEmpty()) {
                ensureUsable();
                pool.metrics().handedOut();
            }
            handles.add(handle);
        }
        previous.detach(handle);
        handle.moveTo(HANDLE_KEY, this, physical, inFlight);
    }

    @Override
    public void handleClosed(ConnectionHandle handle) {
        if (!detach(handle)) {
            return;
        }
        lastAliveNanos = System.nanoTime();
        fire(ConnectionEvent.CONNECTION_CLOSED, handle, null);
    }

    private boolean detach(ConnectionHandle handle) {
        synchronized (this) {
            if (!handles.remove(handle)) {
                return false;
            }
            if (handles.isEmpty()) {
                pool.metrics().returned();
            }
        }
        return true;
    }

    /**
     * Called by a handle when the driver reported an error that leaves the session unusable: the container is told
     * once, and the session is never handed out again.
     */
    @Override
    public void fatalError(ConnectionHandle handle, SQLException e) {
        if (destroyed || !broken.compareAndSet(false, true)) {
            return;
        }
        if (FatalErrors.isServerWide(e)) {
            pool.serverWideFailure();
        }
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "codecheck-ra pool " + pool.poolName() + ": connection evicted after SQLState "
                    + e.getSQLState(), e);
        }
        fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, handle, e);
    }

    // ---- validation and repair ----

    /** For {@code matchManagedConnections}: usable now, repaired if needed; false if that failed. */
    synchronized boolean readyForReuse() {
        if (destroyed || !handles.isEmpty()) {
            return false;
        }
        try {
            ensureUsable();
            return true;
        } catch (ResourceException e) {
            return false;
        }
    }

    /** For {@code getInvalidConnections}: a cheap check when recently used, a bounded round trip otherwise. */
    synchronized boolean isValid() {
        PgSession c = physical;
        if (destroyed || broken.get() || c == null) {
            return false;
        }
        if (!handles.isEmpty() || inContainerTransaction) {
            return !c.isClosed(); // in use: retired sessions go when returned, never under their user
        }
        long now = System.nanoTime();
        if (retired(now)) {
            return false;
        }
        return (recentlyAlive(now) && !suspect()) ? !c.isClosed() : validate();
    }

    /** Makes sure the session works before a handle goes out; replaces it when it does not. */
    private void ensureUsable() throws ResourceException {
        PgSession current = physical;
        long now = System.nanoTime();
        pool.checkCredentialFiles(now);
        if (broken.get() || current == null || current.isClosed() || (retired(now) && !midTransaction(current))) {
            reconnect();
        } else if (lagCheckDue(now)) {
            if (!withinReplicaLag(current)) {
                reconnect();
            }
        } else if ((!recentlyAlive(now) || suspect()) && !midTransaction(current) && !validate()) {
            reconnect();
        }
    }

    /**
     * Another session of the pool died of a server-wide cause (restart, failover, mass termination) since this one
     * was last known alive: it is checked whatever validationInterval says, so that such an event costs the pool's
     * callers one error, not one per pooled session.
     */
    private boolean suspect() {
        return verifiedNanos - pool.lastServerWideFailureNanos() < 0;
    }

    /** softEvictConnections was called since this session was opened, or it outlived maxLifetime. */
    private boolean retired(long now) {
        return epoch != pool.evictionEpoch() || (pool.agesOut() && now - retireAtNanos >= 0);
    }

    private boolean recentlyAlive(long now) {
        return now - lastAliveNanos < pool.validationIntervalNanos();
    }

    /** Work done in a container transaction cannot move to another session: leave validation to the outcome. */
    private boolean midTransaction(PgSession c) {
        return inContainerTransaction && !c.isIdle();
    }

    /**
     * maxReplicaLag: the lag is measured at most once per validationInterval, outside container transactions (the
     * measurement would open the transaction's snapshot); the measurement is the validation round trip then.
     */
    private boolean lagCheckDue(long now) {
        return pool.connector().replicaLag() != null && !inContainerTransaction
                && now - lagCheckedNanos >= pool.validationIntervalNanos();
    }

    /** Measures the lag: false when the session is dead, lags, or sits on the primary while a standby is back. */
    private boolean withinReplicaLag(PgSession current) {
        ReplicaLagGuard.Verdict verdict;
        try {
            verdict = pool.connector().replicaLag().check(current, pool.validationTimeoutSeconds());
        } catch (SQLException e) {
            pool.metrics().validationFailed();
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("codecheck-ra pool " + pool.poolName() + ": validation (lag check) failed, reconnecting");
            }
            return false;
        }
        long t = System.nanoTime();
        lastAliveNanos = t;
        verifiedNanos = t;
        lagCheckedNanos = t;
        if (verdict != ReplicaLagGuard.Verdict.OK && LOG.isLoggable(Level.FINE)) {
            LOG.fine("codecheck-ra pool " + pool.poolName() + ": session on " + current.host() + " replaced: "
                    + verdict);
        }
        return verdict == ReplicaLagGuard.Verdict.OK;
    }

    private boolean validate() {
        boolean valid;
        try {
            valid = physical.isValid(pool.validationTimeoutSeconds());
        } catch (SQLException e) {
            valid = false;
        }
        if (valid) {
            lastAliveNanos = System.nanoTime();
            verifiedNanos = lastAliveNanos;
        } else {
            pool.metrics().validationFailed();
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("codecheck-ra pool " + pool.poolName() + ": validation failed, reconnecting");
            }
        }
        return valid;
    }

    private void reconnect() throws ResourceException {
        PgSession current = physical;
        if (inContainerTransaction && current != null && !current.isClosed() && !current.isIdle()) {
            throw new ResourceException("codecheck-ra pool " + pool.poolName()
                    + ": the connection broke inside a container transaction", "08003");
        }
        closePhysicalQuietly();
        long openedInEpoch = pool.evictionEpoch();
        PgSession fresh = openSession();
        try {
            if (inContainerTransaction) {
                fresh.setAutoCommit(false);
            }
        } catch (SQLException e) {
            fresh.closeQuietly();
            pool.metrics().connectionDestroyed();
            throw new ResourceException("codecheck-ra pool " + pool.poolName() + ": " + e.getMessage(),
                    e.getSQLState());
        }
        physical = fresh;
        inFlight = new InFlight();
        epoch = openedInEpoch;
        session.reset();
        firstTransactionError = null;
        broken.set(false);
        lastAliveNanos = System.nanoTime();
        verifiedNanos = lastAliveNanos;
        lagCheckedNanos = lastAliveNanos;
        retireAtNanos = pool.retireAtNanos(lastAliveNanos);
    }

    // ---- container transactions (LocalTransaction) ----

    synchronized void beginContainerTransaction() throws SQLException, ResourceException {
        if (inContainerTransaction) {
            throw new SQLException("a container transaction is already active on this connection", "25001");
        }
        if (handles.isEmpty()) {
            ensureUsable();
        }
        physical.setAutoCommit(false);
        firstTransactionError = null;
        inContainerTransaction = true;
    }

    synchronized void endContainerTransaction(boolean commit) throws SQLException {
        PgSession c = sessionOfTransaction();
        if (c == null) {
            // A rollback has nothing left to do; a commit must fail.
            if (commit) {
                throw lostBefore("COMMIT");
            }
            return;
        }
        try {
            if (commit) {
                commitOrRefuse(c);
            } else {
                c.rollback();
                pool.metrics().rolledBack();
            }
        } catch (SQLException e) {
            pool.metrics().error(ErrorMessages.forStatistics(e));
            if (FatalErrors.isFatal(e) || c.isClosed()) {
                fatalError(null, e);
                if (commit) {
                    throw CommitTruth.outcomeUnknown(pool.poolName(), e);
                }
                // the session died, and the server rolled its transaction back with it: the rollback is done
                pool.metrics().rolledBack();
                return;
            }
            throw e;
        } finally {
            inContainerTransaction = false;
            firstTransactionError = null;
            if (!c.isClosed()) {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    broken.set(true);
                }
            }
        }
    }

    /**
     * The session of the container transaction in progress; null when it broke (and was destroyed) during the
     * transaction, which the server has then rolled back: counted so, and the transaction is over.
     */
    private PgSession sessionOfTransaction() throws SQLException {
        if (!inContainerTransaction) {
            throw new SQLException("no container transaction is active on this connection", "25000");
        }
        PgSession c = physical;
        if (c == null || c.isClosed()) {
            inContainerTransaction = false;
            pool.metrics().rolledBack();
            return null;
        }
        return c;
    }

    private SQLException lostBefore(String step) {
        return new SQLException("codecheck-ra pool " + pool.poolName() + ": the connection was lost before " + step
                + "; the server rolled the transaction back", "08003");
    }

    /**
     * Commits, unless the server already failed the transaction: PostgreSQL answers COMMIT of a failed transaction
     * with ROLLBACK and the driver returns normally, which would report thrown-away work as committed. Then the
     * transaction is rolled back, counted so, and the caller gets SQLState 40000 naming the first error.
     */
    @Override
    public void commitOrRefuse() throws SQLException {
        PgSession current = physical;
        if (current == null) {
            throw lostBefore("COMMIT");
        }
        commitOrRefuse(current);
    }

    private void commitOrRefuse(PgSession c) throws SQLException {
        if (c.hasFailedTransaction()) {
            String cause = firstTransactionError;
            firstTransactionError = null;
            c.rollback();
            pool.metrics().rolledBack();
            throw CommitTruth.rolledBackInstead(pool.poolName(), cause);
        }
        boolean withSequences = !c.getAutoCommit() && c.hasOpenTransaction() && session.takeSequencesForCommit();
        try {
            if (withSequences) {
                c.commitDiscardingSequences(); // so that a borrow that inserted needs no round trip on return
            } else {
                c.commit();
            }
        } catch (SQLException e) {
            if (withSequences) {
                session.sequencesUsed(); // not reset after all: the return does it
            }
            if (!FatalErrors.isFatal(e) && !c.isClosed() && c.isIdle()) {
                // COMMIT itself failed (a deferred constraint, a serialization failure): the server rolled back
                firstTransactionError = null;
                pool.metrics().rolledBack();
            }
            throw e;
        }
        firstTransactionError = null;
        pool.metrics().committed();
    }

    /** The first failed statement of the transaction in progress, for {@link #commitOrRefuse}. */
    @Override
    public void statementFailed(SQLException e) {
        PgSession c = physical;
        if (firstTransactionError == null && c != null && c.hasFailedTransaction()) {
            firstTransactionError = ErrorMessages.forStatistics(e);
        }
    }

    /** The first failed statement of the transaction, once: the transaction is over when it is asked for. */
    @Override
    public String takeFirstTransactionError() {
        String first = firstTransactionError;
        firstTransactionError = null;
        return first;
    }

    @Override
    public void transactionEnded() {
        firstTransactionError = null;
    }

    /**
     * Ends an XA branch's work with {@code PREPARE TRANSACTION}: false (and committed) when the resource is
     * read-only or the branch ran no statement, so there is nothing to make durable. A failed transaction is rolled
     * back instead, with 40000.
     */
    synchronized boolean prepareContainerTransaction(String gid) throws SQLException {
        PgSession c = sessionOfTransaction();
        if (c == null) {
            throw lostBefore("PREPARE");
        }
        try {
            // IDLE: the branch ran no statement, so no transaction block is open on the server and PREPARE
            // (sent by execSQLUpdate without BEGIN) would prepare nothing; there is nothing to make durable
            if (c.isIdle() || (pool.settings().readOnly() && !c.hasFailedTransaction())) {
                c.commit();
                pool.metrics().committed();
                return false;
            }
            if (c.hasFailedTransaction()) {
                String cause = firstTransactionError;
                c.rollback();
                pool.metrics().rolledBack();
                throw CommitTruth.rolledBackInstead(pool.poolName(), cause);
            }
            c.prepare(gid);
            return true;
        } catch (SQLException e) {
            if (!CommitTruth.ROLLED_BACK.equals(e.getSQLState())) {
                pool.metrics().error(ErrorMessages.forStatistics(e));
            }
            if ((FatalErrors.isFatal(e) && !XaErrors.isPreparedTransactionsFull(e)) || c.isClosed()) {
                fatalError(null, e);
            } else if (!c.isIdle()) {
                c.rollback(); // PREPARE refused (prepared transactions disabled or full, say): nothing of it stays
                pool.metrics().rolledBack();
            }
            throw e;
        } finally {
            inContainerTransaction = false;
            firstTransactionError = null;
            restoreAutoCommit(c);
        }
    }

    /** Second phase: {@code COMMIT PREPARED} or {@code ROLLBACK PREPARED}, from this session, which may be any. */
    synchronized void finishPrepared(String gid, boolean commit) throws SQLException {
        PgSession own = physical;
        if (inContainerTransaction || (own != null && !own.isClosed() && !own.isIdle())) {
            // the session has moved on to the next branch (or the application's work): COMMIT PREPARED cannot run
            // inside a transaction block, and any session of the database may finish the branch
            finishPreparedOnSideSession(gid, commit);
            return;
        }
        PgSession c = idleSession();
        try {
            finishPreparedOn(c, gid, commit);
        } catch (SQLException e) {
            if (FatalErrors.isFatal(e) || c.isClosed()) {
                pool.metrics().error(ErrorMessages.forStatistics(e));
                fatalError(null, e);
            }
            throw e;
        }
    }

    private void finishPreparedOnSideSession(String gid, boolean commit) throws SQLException {
        PgSession side;
        try {
            side = pool.connector().open(credentials);
        } catch (PhysicalConnector.OpenFailure e) {
            throw new SQLException("codecheck-ra pool " + pool.poolName() + ": no session to finish a prepared "
                    + "branch: " + e.getMessage(), "08001", e);
        }
        try {
            finishPreparedOn(side, gid, commit);
        } finally {
            side.closeQuietly();
        }
    }

    private void finishPreparedOn(PgSession session, String gid, boolean commit) throws SQLException {
        session.finishPrepared(gid, commit);
        if (commit) {
            pool.metrics().committed();
        } else {
            pool.metrics().rolledBack();
        }
    }

    /** The identifiers of the database's prepared transactions, for recovery. */
    synchronized List<String> preparedTransactionIds() throws SQLException {
        PgSession c = idleSession();
        try {
            return c.preparedTransactionIds();
        } catch (SQLException e) {
            if (FatalErrors.isFatal(e) || c.isClosed()) {
                fatalError(null, e);
            }
            throw e;
        }
    }

    /** The session, repaired first when no handle is out (recovery runs on a session nobody borrowed). */
    private PgSession idleSession() throws SQLException {
        checkNotDestroyedSql();
        if (handles.isEmpty()) {
            try {
                ensureUsable();
            } catch (ResourceException e) {
                throw new SQLException("codecheck-ra pool " + pool.poolName() + ": no usable session: "
                        + e.getMessage(), "08003", e);
            }
        }
        return physical;
    }

    private void checkNotDestroyedSql() throws SQLException {
        if (destroyed) {
            throw new SQLException("codecheck-ra pool " + pool.poolName() + ": the connection is closed", "08003");
        }
    }

    private void restoreAutoCommit(PgSession c) {
        if (!c.isClosed()) {
            try {
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                broken.set(true);
            }
        }
    }

    @Override
    public synchronized boolean inContainerTransaction() {
        return inContainerTransaction;
    }

    // ---- ManagedConnection lifecycle ----

    /**
     * Called by the container before the session goes back to its pool: closes what the application left open and
     * resets the session. Changes that cost a round trip to undo are only undone when they were made.
     */
    @Override
    public void cleanup() throws ResourceException {
        invalidateHandles();
        synchronized (this) {
            inContainerTransaction = false;
            xaResource.abandon();
            firstTransactionError = null;
            PgSession c = physical;
            if (destroyed || broken.get() || c == null) {
                return;
            }
            if (session.isExposed() || inFlight.busy()) {
                // Driver objects the borrower holds (a COPY left open, say) or a call still running would make any
                // reset wait on them, possibly for ever, and could reach the next borrower: close the socket without
                // waiting, the next borrow opens a fresh session.
                abortPhysicalQuietly();
                return;
            }
            if (retired(System.nanoTime())) {
                closePhysicalQuietly(); // soft eviction or maxLifetime: replaced before its next use
                return;
            }
            try {
                resetSession(c);
                lastAliveNanos = System.nanoTime();
            } catch (SQLException e) {
                // The session's state is unknown: never hand it out again. The next borrow opens a fresh one.
                if (LOG.isLoggable(Level.FINE)) {
                    LOG.log(Level.FINE, "codecheck-ra pool " + pool.poolName()
                            + ": could not reset a returned connection, closing it", e);
                }
                broken.set(true);
                closePhysicalQuietly();
            }
        }
    }

    private void resetSession(PgSession c) throws SQLException {
        if (!c.isIdle()) {
            c.rollbackLeftOpen();
            pool.metrics().rolledBack();
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("codecheck-ra pool " + pool.poolName()
                        + ": rolled back a transaction left open by the application");
            }
        }
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        c.restore(session, pool.settings());
    }

    /**
     * Closes the session whatever an application thread is doing with it: the socket is closed first, without the
     * driver's lock, so neither a running call nor a COPY left open can hold the container up.
     */
    @Override
    public void destroy() throws ResourceException {
        synchronized (this) {
            if (destroyed) {
                return;
            }
            destroyed = true;
        }
        lifecycle.managedConnectionClosed();
        try {
            if (handleCount() > 0 || inFlight.busy() || session.isExposed()) {
                abortPhysicalQuietly();
            }
        } finally {
            try {
                invalidateHandles();
            } finally {
                synchronized (this) {
                    closePhysicalQuietly();
                }
            }
        }
    }

    private void invalidateHandles() {
        List<ConnectionHandle> outstanding;
        synchronized (this) {
            if (handles.isEmpty()) {
                return;
            }
            outstanding = new ArrayList<>(handles);
            handles.clear();
            pool.metrics().returned();
        }
        for (ConnectionHandle h : outstanding) {
            h.invalidate(HANDLE_KEY);
        }
    }

    private void closePhysicalQuietly() {
        PgSession c = physical;
        if (c != null) {
            physical = null;
            c.closeQuietly();
            pool.metrics().connectionDestroyed();
        }
    }

    /**
     * Closes the socket without the driver's lock and without a goodbye to the server. A statement still running is
     * cancelled first, off the caller's thread: the server notices a closed client only when it next writes, so the
     * statement would otherwise run on to its end.
     */
    private void abortPhysicalQuietly() {
        PgSession c = physical;
        if (c == null) {
            return;
        }
        physical = null;
        if (inFlight.busy()) {
            AdapterThreads.daemon(() -> {
                try {
                    c.cancelQuery();
                } catch (SQLException | RuntimeException ignored) {
                    // the statement ends with the session anyway
                }
                c.abortQuietly();
            }, "codecheck-ra " + pool.poolName() + " cancel").start();
        } else {
            c.abortQuietly();
        }
        pool.metrics().connectionDestroyed();
    }


    private void checkNotDestroyed() throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("codecheck-ra pool " + pool.poolName()
                    + ": the managed connection was destroyed");
        }
    }

    // ---- events ----

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        if (listener != null) {
            listeners.add(listener);
        }
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    void fire(int type, ConnectionHandle handle, Exception error) {
        ConnectionEvent event = error == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, error);
        if (handle != null) {
            event.setConnectionHandle(handle);
        }
        for (ConnectionEventListener listener : listeners) {
            try {
                switch (type) {
                    case ConnectionEvent.CONNECTION_CLOSED -> listener.connectionClosed(event);
                    case ConnectionEvent.CONNECTION_ERROR_OCCURRED -> listener.connectionErrorOccurred(event);
                    case ConnectionEvent.LOCAL_TRANSACTION_STARTED -> listener.localTransactionStarted(event);
                    case ConnectionEvent.LOCAL_TRANSACTION_COMMITTED -> listener.localTransactionCommitted(event);
                    case ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK -> listener.localTransactionRolledback(event);
                    default -> throw new IllegalArgumentException("unknown connection event " + type);
                }
            } catch (RuntimeException e) {
                // One listener must not keep the others from hearing about the event. Some containers refuse
                // local-transaction events on pools without transactions; that is policy, not a fault.
                Level level = type == ConnectionEvent.CONNECTION_CLOSED
                        || type == ConnectionEvent.CONNECTION_ERROR_OCCURRED ? Level.WARNING : Level.FINE;
                LOG.log(level, "codecheck-ra pool " + pool.poolName() + ": connection event listener " + listener
                        + " failed on event " + type, e);
            }
        }
    }

    // ---- the rest of the contract ----

    @Override
    public LocalTransaction getLocalTransaction() {
        return containerTransaction;
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        if (pool.settings().transactionMode() != TransactionMode.XA_TRANSACTION) {
            throw new NotSupportedException("codecheck-ra pool " + pool.poolName() + ": transactionSupportLevel is "
                    + pool.settings().transactionMode() + "; set it to XATransaction for XA");
        }
        return xaResource;
    }

    @Override
    public ManagedConnectionMetaData getMetaData() throws ResourceException {
        PgSession c = physical;
        if (c == null) {
            throw new ResourceException("codecheck-ra pool " + pool.poolName() + ": the connection is closed");
        }
        return new PgManagedConnectionMetaData(c, pool.poolName());
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    // ---- for the handle and the factory ----

    @SuppressWarnings("ReferenceEquality") // the same instance first: the usual case, and no equals() call
    boolean belongsTo(PgManagedConnectionFactory mcf) {
        return factory == mcf || factory.equals(mcf);
    }

    Credentials credentials() {
        return credentials;
    }

    PoolRuntime pool() {
        return pool;
    }

    @Override
    public String poolName() {
        return pool.poolName();
    }

    @Override
    public boolean readOnlyResource() {
        return pool.settings().readOnly();
    }

    @Override
    public UsageEvents usage() {
        return pool.metrics();
    }

    @Override
    public void localTransactionStarted(ConnectionHandle handle) {
        fire(ConnectionEvent.LOCAL_TRANSACTION_STARTED, handle, null);
    }

    @Override
    public void localTransactionCommitted(ConnectionHandle handle) {
        fire(ConnectionEvent.LOCAL_TRANSACTION_COMMITTED, handle, null);
    }

    @Override
    public void localTransactionRolledBack(ConnectionHandle handle) {
        fire(ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK, handle, null);
    }

    @Override
    public SessionState session() {
        return session;
    }

    @Override
    public boolean isBroken() {
        return broken.get();
    }

    synchronized int handleCount() {
        return handles.size();
    }

    @Override
    public String toString() {
        return "PgManagedConnection[pool=" + pool.poolName() + ", " + credentials + (broken.get() ? ", broken" : "")
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
