package io.codecheck.ra.jdbc;

import io.codecheck.ra.pg.SessionSql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@link Statement} the application gets from a connection handle, in place of the driver's.
 *
 * <p>Every method forwards to {@link #delegate}; the plain forwarding methods are generated into
 * {@link GeneratedStatementDelegation} (see docs/architecture.md, "Generated delegation"), this class holds those
 * that do more. A {@link SQLException} thrown by the driver passes through
 * {@link StatementOwner#failed(SQLException)} and the exception that returns is thrown. Each {@code execute*}
 * method first reports to {@link StatementOwner#beforeExecute(String)}, with its SQL if it takes one.
 * {@link #getConnection()} returns the handle, not the physical connection, and {@link #close()} tells the
 * owner. The result sets it returns ({@code executeQuery}, {@link #getResultSet()}, {@link #getGeneratedKeys()})
 * are wrapped in a {@link ResultSetWrapper}, whose {@code getStatement()} returns this wrapper and whose errors
 * pass through the owner too. Other objects (arrays, LOBs, metadata objects, a result set read from an OUT parameter or
 * from an {@link java.sql.Array}) are the driver's own.
 *
 * <p>Like the driver's statement, an instance is meant to be used by one thread at a time.
 */
class StatementWrapper extends GeneratedStatementDelegation {

    private volatile boolean closed;

    /** A COMMIT is among the SQL added to the batch: the batch is judged as one when it runs. */
    private boolean batchedCommit;

    /**
     * @param delegate the statement returned by the driver
     * @param owner the connection handle that created it
     */
    StatementWrapper(Statement delegate, StatementOwner owner) {
        super(delegate, owner);
    }

    /**
     * Closes the driver's statement on behalf of the owner, when the connection handle is closed: an
     * {@link SQLException} is ignored and {@link StatementOwner#statementClosed} is not called. A later
     * {@link #close()} by the application does nothing.
     */
    void closeQuietly() {
        closed = true;
        try {
            delegate.close();
        } catch (SQLException ignored) {
            // the handle is being closed; the statement is of no further use either way
        }
    }

    /**
     * What {@code executeBatch} reports to {@link StatementOwner#beforeExecute(String)}: each SQL of the batch was
     * judged when added; a COMMIT among them is reported as one, so that a failed transaction cannot be committed
     * through a batch either.
     */
    String batchSql() {
        String reported = batchedCommit ? "COMMIT" : null;
        batchedCommit = false;
        return reported;
    }

    /**
     * Marks the statement closed without calling the driver, whose session is being closed under it (a call still
     * running on it would make the driver's close wait).
     */
    void abandon() {
        closed = true;
    }

    /**
     * Closes the driver's statement, then tells the owner, even if closing failed. Only the first call
     * has any effect.
     */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            delegate.close();
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            owner.statementClosed(this);
        }
    }

    /** Returns the application's connection handle, never the physical connection. */
    @Override
    public Connection getConnection() throws SQLException {
        return owner.handle();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        owner.exposed();
        try {
            return delegate.unwrap(iface);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        try {
            return delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(ResultSetWrapper.wrap(delegate.executeQuery(sql), this, owner));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.executeUpdate(sql));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.execute(sql));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try {
            return ResultSetWrapper.wrap(delegate.getResultSet(), this, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        owner.batched(sql);
        batchedCommit |= SessionSql.isCommit(sql);
        try {
            delegate.addBatch(sql);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        batchedCommit = false;
        try {
            delegate.clearBatch();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        InFlight running = owner.beforeExecute(batchSql());
        try {
            return owner.executed(delegate.executeBatch());
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        try {
            return ResultSetWrapper.wrap(delegate.getGeneratedKeys(), this, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.executeUpdate(sql, autoGeneratedKeys));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.executeUpdate(sql, columnIndexes));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.executeUpdate(sql, columnNames));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.execute(sql, autoGeneratedKeys));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.execute(sql, columnIndexes));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.execute(sql, columnNames));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        InFlight running = owner.beforeExecute(batchSql());
        try {
            return owner.executed(delegate.executeLargeBatch());
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.executeLargeUpdate(sql));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.executeLargeUpdate(sql, autoGeneratedKeys));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.executeLargeUpdate(sql, columnIndexes));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(delegate.executeLargeUpdate(sql, columnNames));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

}
