package io.codecheck.ra.jdbc;

import io.codecheck.ra.pg.SessionSql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The {@link Statement} the application gets from a connection handle, in place of the driver's.
 *
 * <p>Every method forwards to {@link #delegate}. A {@link SQLException} thrown by the driver passes through
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
class StatementWrapper implements Statement {

    /** The driver's statement. */
    final Statement delegate;

    /** The connection handle that created this statement. */
    final StatementOwner owner;

    private volatile boolean closed;

    /** A COMMIT is among the SQL added to the batch: the batch is judged as one when it runs. */
    private boolean batchedCommit;

    /**
     * @param delegate the statement returned by the driver
     * @param owner the connection handle that created it
     */
    StatementWrapper(Statement delegate, StatementOwner owner) {
        this.delegate = delegate;
        this.owner = owner;
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
            return ResultSetWrapper.wrap(delegate.executeQuery(sql), this, owner);
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
            return delegate.executeUpdate(sql);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        try {
            return delegate.getMaxFieldSize();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        try {
            delegate.setMaxFieldSize(max);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        try {
            return delegate.getMaxRows();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        try {
            delegate.setMaxRows(max);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        try {
            delegate.setEscapeProcessing(enable);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        try {
            return delegate.getQueryTimeout();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        try {
            delegate.setQueryTimeout(seconds);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void cancel() throws SQLException {
        try {
            delegate.cancel();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        try {
            delegate.setCursorName(name);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return delegate.execute(sql);
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
    public int getUpdateCount() throws SQLException {
        try {
            return delegate.getUpdateCount();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            return delegate.getMoreResults();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        try {
            delegate.setFetchDirection(direction);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        try {
            return delegate.getFetchDirection();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        try {
            delegate.setFetchSize(rows);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        try {
            return delegate.getFetchSize();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        try {
            return delegate.getResultSetConcurrency();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int getResultSetType() throws SQLException {
        try {
            return delegate.getResultSetType();
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
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        try {
            return delegate.getMoreResults(current);
        } catch (SQLException e) {
            throw owner.failed(e);
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
            return delegate.executeUpdate(sql, autoGeneratedKeys);
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
            return delegate.executeUpdate(sql, columnIndexes);
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
            return delegate.executeUpdate(sql, columnNames);
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
            return delegate.execute(sql, autoGeneratedKeys);
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
            return delegate.execute(sql, columnIndexes);
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
            return delegate.execute(sql, columnNames);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        try {
            return delegate.getResultSetHoldability();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        try {
            delegate.setPoolable(poolable);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean isPoolable() throws SQLException {
        try {
            return delegate.isPoolable();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        try {
            delegate.closeOnCompletion();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        try {
            return delegate.isCloseOnCompletion();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        try {
            return delegate.getLargeUpdateCount();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        try {
            delegate.setLargeMaxRows(max);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        try {
            return delegate.getLargeMaxRows();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        InFlight running = owner.beforeExecute(batchSql());
        try {
            return delegate.executeLargeBatch();
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
            return delegate.executeLargeUpdate(sql);
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
            return delegate.executeLargeUpdate(sql, autoGeneratedKeys);
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
            return delegate.executeLargeUpdate(sql, columnIndexes);
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
            return delegate.executeLargeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        try {
            return delegate.enquoteLiteral(val);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        try {
            return delegate.enquoteIdentifier(identifier, alwaysQuote);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        try {
            return delegate.isSimpleIdentifier(identifier);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        try {
            return delegate.enquoteNCharLiteral(val);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }
}
