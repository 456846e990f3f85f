package io.codecheck.ra.jdbc;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;

/**
 * The {@link PreparedStatement} the application gets from a connection handle, in place of the driver's.
 *
 * <p>Forwards every method to {@link #prepared} in the same way as {@link StatementWrapper} (the plain forwarding
 * methods are generated into {@link GeneratedPreparedStatementDelegation}); the
 * parameterless {@code execute*} methods (and {@code executeBatch}) report to
 * {@link StatementOwner#beforeExecute(String)} with the SQL the statement was prepared with, on every execution: what
 * it may change is recorded for each borrow that runs it.
 */
class PreparedStatementWrapper extends GeneratedPreparedStatementDelegation {

    /** The SQL it was prepared with. */
    final String sql;

    /**
     * @param delegate the statement returned by the driver
     * @param owner the connection handle that created it
     * @param sql the SQL it was prepared with
     */
    PreparedStatementWrapper(PreparedStatement delegate, StatementOwner owner, String sql) {
        super(delegate, owner);
        this.sql = sql;
    }

    @Override
    String batchSql() {
        return sql;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(ResultSetWrapper.wrap(prepared.executeQuery(), this, owner));
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(prepared.executeUpdate());
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        try {
            prepared.setObject(parameterIndex, ArrayWrapper.unwrapValue(x), targetSqlType);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        try {
            prepared.setObject(parameterIndex, ArrayWrapper.unwrapValue(x));
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public boolean execute() throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(prepared.execute());
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        try {
            prepared.setArray(parameterIndex, (Array) ArrayWrapper.unwrapValue(x));
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        try {
            prepared.setObject(parameterIndex, ArrayWrapper.unwrapValue(x), targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        try {
            prepared.setObject(parameterIndex, ArrayWrapper.unwrapValue(x), targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        try {
            prepared.setObject(parameterIndex, ArrayWrapper.unwrapValue(x), targetSqlType);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        InFlight running = owner.beforeExecute(sql);
        try {
            return owner.executed(prepared.executeLargeUpdate());
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            running.end();
        }
    }
}
