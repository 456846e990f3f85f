package io.codecheck.ra.jdbc;

import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Base of the connection handle: implements {@link Connection} by forwarding every method to the physical
 * connection that {@link #physical()} returns.
 *
 * <p>A {@link SQLException} thrown by the driver passes through {@link #failed(SQLException)} and the exception
 * that returns is thrown; one thrown by {@link #physical()} itself reaches the caller unchanged. The plain
 * forwarding methods are generated from {@link Connection} into {@link GeneratedConnectionDelegation} (see
 * docs/architecture.md, "Generated delegation"); this class holds those that do more. Statements
 * created by the driver go through {@link #wrapStatement}, {@link #wrapPrepared} or {@link #wrapCallable}, and
 * the SQL of each {@code prepareStatement} and {@code prepareCall} is first shown to {@link #onPrepare(String)}.
 *
 * <p>{@link #close()}, {@link #isClosed()}, {@link #abort(Executor)}, {@link #unwrap(Class)} and
 * {@link #isWrapperFor(Class)} are left to the subclass. The methods that change session state
 * ({@code setAutoCommit}, {@code commit}, {@code rollback}, {@code setReadOnly},
 * {@code setTransactionIsolation}, {@code setSchema}, {@code setCatalog}, {@code setHoldability},
 * {@code setTypeMap}, {@code setNetworkTimeout}) and {@code getMetaData} are plain delegation here; the
 * subclass overrides those it has to watch.
 */
abstract class DelegatingConnection extends GeneratedConnectionDelegation {

    // ---- left to the subclass: declared here so that no delegation is generated for them ----

    @Override
    public abstract void close() throws SQLException;

    @Override
    public abstract boolean isClosed() throws SQLException;

    @Override
    public abstract void abort(Executor executor) throws SQLException;

    @Override
    public abstract <T> T unwrap(Class<T> iface) throws SQLException;

    @Override
    public abstract boolean isWrapperFor(Class<?> iface) throws SQLException;

    // ---- hooks ----

    /**
     * Wraps a statement created by the driver.
     *
     * @param statement the driver's statement
     * @return what the application gets
     */
    protected abstract Statement wrapStatement(Statement statement);

    /**
     * Wraps a prepared statement created by the driver.
     *
     * @param statement the driver's statement
     * @param sql the SQL it was prepared with
     * @return what the application gets
     */
    protected abstract PreparedStatement wrapPrepared(PreparedStatement statement, String sql);

    /**
     * Wraps a callable statement created by the driver.
     *
     * @param statement the driver's statement
     * @param sql the SQL it was prepared with
     * @return what the application gets
     */
    protected abstract CallableStatement wrapCallable(CallableStatement statement, String sql);

    /**
     * Called with the SQL of every {@code prepareStatement} and {@code prepareCall}, after {@link #physical()}
     * and before the driver prepares it. Does nothing by default.
     *
     * @param sql the SQL being prepared
     * @throws SQLException to refuse the statement; it reaches the caller as it is
     */
    protected void onPrepare(String sql) throws SQLException {
        // no-op
    }

    @Override
    public Statement createStatement() throws SQLException {
        Connection connection = physical();
        try {
            return wrapStatement(connection.createStatement());
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapPrepared(connection.prepareStatement(sql), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapCallable(connection.prepareCall(sql), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        Connection connection = physical();
        try {
            return wrapStatement(connection.createStatement(resultSetType, resultSetConcurrency));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType,
            int resultSetConcurrency) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapPrepared(connection.prepareStatement(sql, resultSetType, resultSetConcurrency), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapCallable(connection.prepareCall(sql, resultSetType, resultSetConcurrency), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        Connection connection = physical();
        try {
            return wrapStatement(connection.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapPrepared(connection.prepareStatement(sql, resultSetType, resultSetConcurrency,
                    resultSetHoldability), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapCallable(connection.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapPrepared(connection.prepareStatement(sql, autoGeneratedKeys), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapPrepared(connection.prepareStatement(sql, columnIndexes), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        Connection connection = physical();
        onPrepare(sql);
        try {
            return wrapPrepared(connection.prepareStatement(sql, columnNames), sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        Connection connection;
        try {
            connection = physical();
        } catch (SQLException e) {
            throw clientInfoUnavailable(e, Collections.singletonMap(name, ClientInfoStatus.REASON_UNKNOWN));
        }
        try {
            connection.setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            throw clientInfoFailed(e);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        Connection connection;
        try {
            connection = physical();
        } catch (SQLException e) {
            Map<String, ClientInfoStatus> failedProperties = new HashMap<>();
            if (properties != null) {
                for (String name : properties.stringPropertyNames()) {
                    failedProperties.put(name, ClientInfoStatus.REASON_UNKNOWN);
                }
            }
            throw clientInfoUnavailable(e, failedProperties);
        }
        try {
            connection.setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            throw clientInfoFailed(e);
        }
    }

    /**
     * Passes a driver's {@link SQLClientInfoException} through {@link #failed(SQLException)}, keeping the type
     * {@code setClientInfo} may throw: what {@code failed} returns if it is one, {@code e} otherwise.
     */
    private SQLClientInfoException clientInfoFailed(SQLClientInfoException e) {
        return failed(e) instanceof SQLClientInfoException thrown ? thrown : e;
    }

    /** Turns an exception from {@link #physical()} into one {@code setClientInfo} may throw. */
    private static SQLClientInfoException clientInfoUnavailable(SQLException e,
            Map<String, ClientInfoStatus> failedProperties) {
        if (e instanceof SQLClientInfoException clientInfo) {
            return clientInfo;
        }
        return new SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), failedProperties, e);
    }
}
