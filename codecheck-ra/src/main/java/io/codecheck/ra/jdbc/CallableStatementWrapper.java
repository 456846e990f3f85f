package io.codecheck.ra.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.util.Map;

/**
 * The {@link CallableStatement} the application gets from a connection handle, in place of the driver's.
 *
 * <p>Forwards every method to {@link #callable} in the same way as {@link StatementWrapper} (the plain forwarding
 * methods are generated into {@link GeneratedCallableStatementDelegation}).
 */
class CallableStatementWrapper extends GeneratedCallableStatementDelegation {

    /**
     * @param delegate the statement returned by the driver
     * @param owner the connection handle that created it
     * @param sql the SQL it was prepared with
     */
    CallableStatementWrapper(CallableStatement delegate, StatementOwner owner, String sql) {
        super(delegate, owner, sql);
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        try {
            return ArrayWrapper.wrapValue(callable.getObject(parameterIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
        try {
            return ArrayWrapper.wrapValue(callable.getObject(parameterIndex, map), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        try {
            return ArrayWrapper.lob(callable.getBlob(parameterIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        try {
            return ArrayWrapper.lob(callable.getClob(parameterIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        try {
            return ArrayWrapper.wrap(callable.getArray(parameterIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        try {
            return ArrayWrapper.wrapValue(callable.getObject(parameterName), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
        try {
            return ArrayWrapper.wrapValue(callable.getObject(parameterName, map), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        try {
            return ArrayWrapper.lob(callable.getBlob(parameterName), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        try {
            return ArrayWrapper.lob(callable.getClob(parameterName), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        try {
            return ArrayWrapper.wrap(callable.getArray(parameterName), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        try {
            return ArrayWrapper.lob(callable.getNClob(parameterIndex), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        try {
            return ArrayWrapper.lob(callable.getNClob(parameterName), owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        try {
            return ArrayWrapper.wrapTyped(callable.getObject(parameterIndex, type), type, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        try {
            return ArrayWrapper.wrapTyped(callable.getObject(parameterName, type), type, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

}
