package io.codecheck.ra.spi;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.ConnectionCallback;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.api.PoolStatistics;
import io.codecheck.ra.api.SqlStatement;
import io.codecheck.ra.api.StatementResult;
import io.codecheck.ra.config.TransactionMode;
import io.codecheck.ra.helpers.HelperErrors;
import io.codecheck.ra.helpers.Rows;
import io.codecheck.ra.helpers.TransactionRunner;
import io.codecheck.ra.jdbc.ConnectionHandle;
import io.codecheck.ra.pg.ErrorMessages;
import io.codecheck.ra.pg.HealthProbe;
import io.codecheck.ra.pg.ReplicaLagGuard;
import io.codecheck.ra.pool.PoolRuntime;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import javax.naming.Reference;
import javax.naming.spi.NamingManager;

/**
 * The connection factory the container binds in JNDI. Connections come from the container's pool through its
 * {@link ConnectionManager}; the helpers borrow one per call and give it back before they return.
 *
 * <p>Serialized, it keeps only its JNDI {@link Reference} (never the factory, whose properties hold secrets, nor the
 * container's connection manager). A deserialized copy finds its resource again through that Reference, the way JNDI
 * resolves References; without one, or when it resolves to nothing usable, every method that needs the pool fails
 * with a clear exception.
 */
public final class CodeCheckDataSourceImpl implements CodeCheckDataSource {
    private static final long serialVersionUID = 1L;

    /** The factory and the container's connection manager; null in a deserialized copy until it is looked up. */
    private record Binding(PgManagedConnectionFactory factory, ConnectionManager connectionManager) {
    }

    private transient volatile Binding binding;
    private volatile Reference reference;

    CodeCheckDataSourceImpl(PgManagedConnectionFactory factory, ConnectionManager connectionManager)
            throws ResourceException {
        this.binding = new Binding(factory, connectionManager);
        // a wrong configuration is reported when the resource is created, not at first use
        factory.lifecycle().attach(this);
    }

    /** The live binding; a deserialized copy resolves its Reference once, as JNDI would. */
    private Binding binding() throws ResourceException {
        Binding b = binding;
        if (b == null) {
            synchronized (this) {
                b = binding;
                if (b == null) {
                    b = lookUp();
                    binding = b;
                }
            }
        }
        return b;
    }

    private Binding lookUp() throws ResourceException {
        Reference ref = reference;
        if (ref == null) {
            throw detached("it has no JNDI Reference to find its resource by");
        }
        Object found;
        try {
            found = NamingManager.getObjectInstance(ref, null, null, null);
        } catch (Exception e) {
            ResourceException re = detached("resolving its JNDI Reference failed: " + e);
            re.initCause(e);
            throw re;
        }
        if (found instanceof CodeCheckDataSourceImpl live && live != this && live.binding != null) {
            return live.binding;
        }
        throw detached("its JNDI Reference resolved to " + (found == null ? "null" : found.getClass().getName())
                + ", not a live CodeCheckDataSource");
    }

    private static ResourceException detached(String why) {
        return new ResourceException("codecheck-ra: a deserialized CodeCheckDataSource has no connection manager ("
                + why + "); look it up in JNDI instead of serializing it");
    }

    // ---- DataSource ----

    @Override
    public Connection getConnection() throws SQLException {
        return allocate(null);
    }

    /** A connection logged in as another role; pooled separately from the resource's own connections. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return allocate(new PgConnectionRequestInfo(username, password));
    }

    private Connection allocate(ConnectionRequestInfo info) throws SQLException {
        Binding b = sqlBinding();
        PoolRuntime pool = runtime();
        if (pool.settings().transactionMode() == TransactionMode.LOCAL_TRANSACTION) {
            refuseSecondLocalResource(pool);
        }
        long start = System.nanoTime();
        try {
            Connection c = (Connection) b.connectionManager().allocateConnection(b.factory(), info);
            long now = System.nanoTime();
            pool.metrics().borrowed(now - start, now);
            return c;
        } catch (ResourceException e) {
            throw allocationFailure(pool, e, start);
        }
    }

    /**
     * A container transaction holds one resource with local transactions; asking it for a second one makes the
     * container destroy the session it took and answer with what reads like an exhausted pool. Refused here instead,
     * before any session is taken, with what to do.
     */
    private static void refuseSecondLocalResource(PoolRuntime pool) throws SQLException {
        String holder = ContainerTransactions.localPoolOfCurrentTransaction();
        if (holder != null && !holder.equals(pool.poolName())) {
            throw new HelperErrors.TransactionRefusal(TransactionRefusals.secondLocalResource(pool.poolName(), holder));
        }
    }

    private static SQLException allocationFailure(PoolRuntime pool, ResourceException e, long allocationStart) {
        boolean openFailed = ConnectFailures.failedInThisThreadSince(allocationStart); // always clears the mark
        SQLException cause = sqlCause(e);
        if (cause == null && !openFailed && TransactionRefusals.isEnlistmentRefusal(e)
                && ContainerTransactions.inActiveTransaction()) {
            // another resource (not one of ours) holds the transaction; the container has already dropped the session
            return new HelperErrors.TransactionRefusal(TransactionRefusals.enlistmentRefused(pool.poolName(),
                    e.getMessage()));
        }
        if (cause != null || openFailed) {
            // already counted as an error where the connection attempt failed
            String detail = cause != null ? ErrorMessages.safe(cause) : e.getMessage();
            return new HelperErrors.AllocationFailure("codecheck-ra pool " + pool.poolName()
                    + ": cannot connect to the database: " + detail,
                    cause != null && cause.getSQLState() != null ? cause.getSQLState() : "08001", e);
        }
        String message = "codecheck-ra pool " + pool.poolName() + ": no connection available (pool exhausted or "
                + "timed out waiting): " + e.getMessage();
        pool.metrics().poolExhausted(message);
        return new HelperErrors.AllocationFailure(message, "08004", e);
    }

    private static SQLException sqlCause(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private Binding sqlBinding() throws SQLException {
        try {
            return binding();
        } catch (ResourceException e) {
            throw new SQLException(e.getMessage(), "08003", e);
        }
    }

    private PoolRuntime runtime() throws SQLException {
        Binding b = sqlBinding();
        try {
            return b.factory().runtime();
        } catch (ResourceException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
    }

    /** Null in a deserialized copy that is not bound (again) yet. */
    @Override
    public PrintWriter getLogWriter() {
        Binding b = binding;
        return b == null ? null : b.factory().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        try {
            binding().factory().setLogWriter(out);
        } catch (ResourceException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Login timeouts belong to the resource ({@code loginTimeout} property), shared by all its users. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("codecheck-ra: set the loginTimeout property of the resource");
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return runtime().settings().loginTimeoutSeconds();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.codecheck.ra");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("codecheck-ra data source does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    // ---- helpers ----

    @Override
    public List<Map<String, Object>> query(String sql, Object... params) {
        return select(sql, params, Integer.MAX_VALUE);
    }

    @Override
    public Optional<Map<String, Object>> queryOne(String sql, Object... params) {
        List<Map<String, Object>> rows = select(sql, params, 1);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private List<Map<String, Object>> select(String sql, Object[] params, int limit) {
        try (Connection c = getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, params);
            if (limit == 1) {
                ps.setMaxRows(1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return Rows.read(rs, limit);
            }
        } catch (SQLException e) {
            throw HelperErrors.statement(poolName(), e);
        }
    }

    @Override
    public int update(String sql, Object... params) {
        try (Connection c = getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw HelperErrors.statement(poolName(), e);
        }
    }

    @Override
    public List<StatementResult> transaction(List<SqlStatement> statements) {
        List<SqlStatement> work = List.copyOf(statements);
        return inTransaction(c -> TransactionRunner.runAll(c, work));
    }

    @Override
    public <T> T inTransaction(ConnectionCallback<T> work) {
        Connection c;
        try {
            c = getConnection();
        } catch (SQLException e) {
            throw HelperErrors.statement(poolName(), e);
        }
        try (Connection handle = c) {
            return new TransactionRunner(poolName(), handle.unwrap(ConnectionHandle.class),
                    ContainerTransactions::setRollbackOnly).run(work);
        } catch (SQLException e) {
            // only unwrap or close can get here
            throw HelperErrors.statement(poolName(), e);
        }
    }

    @Override
    public HealthStatus health() {
        ReplicaLagGuard lag;
        try {
            lag = requireRuntime().connector().replicaLag();
        } catch (RuntimeException e) {
            lag = null; // the probe reports why the pool cannot be reached
        }
        return HealthProbe.check(this, lag);
    }

    @Override
    public PoolStatistics statistics() {
        return requireRuntime().metrics().snapshot();
    }

    @Override
    public String poolName() {
        return requireRuntime().poolName();
    }

    private PoolRuntime requireRuntime() {
        Binding b;
        try {
            b = binding();
        } catch (ResourceException e) {
            throw new DatabaseConnectionException(e.getMessage(), "08003", e);
        }
        try {
            return b.factory().runtime();
        } catch (ResourceException e) {
            throw new DatabaseConnectionException(e.getMessage(), "08001", e);
        }
    }

    @Override
    public String toString() {
        return binding == null ? "CodeCheckDataSource[deserialized, not bound]"
                : "CodeCheckDataSource[" + poolName() + "]";
    }
}
