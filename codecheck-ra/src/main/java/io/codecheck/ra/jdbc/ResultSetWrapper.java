package io.codecheck.ra.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The {@link ResultSet} the application gets from a {@link StatementWrapper} (or from the connection handle's
 * {@link java.sql.DatabaseMetaData}), in place of the driver's.
 *
 * <p>Every method forwards to {@link #delegate}; the plain forwarding methods are generated into
 * {@link GeneratedResultSetDelegation} (see docs/architecture.md, "Generated delegation"), this class holds those
 * that do more. A {@link SQLException} thrown by the driver (a backend that dies
 * while {@link #next()} fetches the next rows of a cursor, for example) passes through
 * {@link StatementOwner#failed(SQLException)} and the exception that returns is thrown. {@link #getStatement()}
 * returns the statement the application created, never the driver's, so the physical connection cannot be reached
 * through it; it returns {@code null} for a result set made by {@link java.sql.DatabaseMetaData}, as JDBC says.
 * Objects the result set hands out ({@link #getArray}, {@link #getObject}, {@link #getMetaData}, ...) are the
 * driver's own.
 *
 * <p>This is the per-row path: no reflection and nothing allocated beyond the wrapper itself. Like the driver's
 * result set, an instance is meant to be used by one thread at a time.
 */
final class ResultSetWrapper extends GeneratedResultSetDelegation {

    /** The statement the application sees: {@link #getStatement()} returns it; {@code null} for metadata. */
    final Statement statement;

    /**
     * @param delegate the result set returned by the driver
     * @param statement the statement wrapper that produced it, or {@code null} for a metadata result set
     * @param owner the connection handle
     */
    ResultSetWrapper(ResultSet delegate, Statement statement, StatementOwner owner) {
        super(delegate, owner);
        this.statement = statement;
    }

    /**
     * Wraps a result set from the driver; {@code null} stays {@code null}.
     *
     * @param delegate the driver's result set, or {@code null}
     * @param statement the statement the application sees, or {@code null}
     * @param owner the connection handle
     * @return the wrapper, or {@code null}
     */
    static ResultSet wrap(ResultSet delegate, Statement statement, StatementOwner owner) {
        return delegate == null ? null : new ResultSetWrapper(delegate, statement, owner);
    }

    /**
     * Returns the statement the application created (a {@link StatementWrapper}), or {@code null} for a result set
     * made by {@link java.sql.DatabaseMetaData}; never the driver's statement.
     */
    @Override
    public Statement getStatement() throws SQLException {
        return statement;
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
    public boolean next() throws SQLException {
        InFlight fetching = owner.fetching();
        try {
            return delegate.next();
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            fetching.end();
        }
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        try {
            return ArrayWrapper.wrapValue(delegate.getObject(columnIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        try {
            return ArrayWrapper.wrapValue(delegate.getObject(columnLabel), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean isLast() throws SQLException {
        InFlight fetching = owner.fetching();
        try {
            return delegate.isLast();
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            fetching.end();
        }
    }

    @Override
    public boolean last() throws SQLException {
        InFlight fetching = owner.fetching();
        try {
            return delegate.last();
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            fetching.end();
        }
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        InFlight fetching = owner.fetching();
        try {
            return delegate.absolute(row);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            fetching.end();
        }
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        InFlight fetching = owner.fetching();
        try {
            return delegate.relative(rows);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            fetching.end();
        }
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        try {
            return ArrayWrapper.wrapValue(delegate.getObject(columnIndex, map), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        try {
            return ArrayWrapper.lob(delegate.getBlob(columnIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        try {
            return ArrayWrapper.lob(delegate.getClob(columnIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        try {
            return ArrayWrapper.wrap(delegate.getArray(columnIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        try {
            return ArrayWrapper.wrapValue(delegate.getObject(columnLabel, map), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        try {
            return ArrayWrapper.lob(delegate.getBlob(columnLabel), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        try {
            return ArrayWrapper.lob(delegate.getClob(columnLabel), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        try {
            return ArrayWrapper.wrap(delegate.getArray(columnLabel), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        try {
            return ArrayWrapper.lob(delegate.getNClob(columnIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        try {
            return ArrayWrapper.lob(delegate.getNClob(columnLabel), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        try {
            return ArrayWrapper.wrapTyped(delegate.getObject(columnIndex, type), type, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        try {
            return ArrayWrapper.wrapTyped(delegate.getObject(columnLabel, type), type, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

}
