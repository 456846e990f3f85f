package io.codecheck.ra.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
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
 * that returns is thrown; one thrown by {@link #physical()} itself reaches the caller unchanged. Statements
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
abstract class DelegatingConnection implements Connection {

    /**
     * Returns the physical connection, after checking that this handle may still be used.
     *
     * @return the driver's connection
     * @throws SQLException if the handle cannot be used (closed, for example); it reaches the caller as it is,
     *         without passing through {@link #failed(SQLException)}
     */
    protected abstract Connection physical() throws SQLException;

    /**
     * Receives every {@link SQLException} thrown by the driver, before it is thrown to the application.
     *
     * @param e the driver's exception
     * @return the exception to throw, usually {@code e}
     */
    protected abstract SQLException failed(SQLException e);

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
    public String nativeSQL(String sql) throws SQLException {
        Connection connection = physical();
        try {
            return connection.nativeSQL(sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        Connection connection = physical();
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getAutoCommit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void commit() throws SQLException {
        Connection connection = physical();
        try {
            connection.commit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void rollback() throws SQLException {
        Connection connection = physical();
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getMetaData();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        Connection connection = physical();
        try {
            connection.setReadOnly(readOnly);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        Connection connection = physical();
        try {
            return connection.isReadOnly();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        Connection connection = physical();
        try {
            connection.setCatalog(catalog);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getCatalog();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        Connection connection = physical();
        try {
            connection.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getTransactionIsolation();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getWarnings();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        Connection connection = physical();
        try {
            connection.clearWarnings();
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
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getTypeMap();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        Connection connection = physical();
        try {
            connection.setTypeMap(map);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        Connection connection = physical();
        try {
            connection.setHoldability(holdability);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getHoldability();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        Connection connection = physical();
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        Connection connection = physical();
        try {
            return connection.setSavepoint(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        Connection connection = physical();
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        Connection connection = physical();
        try {
            connection.releaseSavepoint(savepoint);
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
    public Clob createClob() throws SQLException {
        Connection connection = physical();
        try {
            return connection.createClob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Blob createBlob() throws SQLException {
        Connection connection = physical();
        try {
            return connection.createBlob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public NClob createNClob() throws SQLException {
        Connection connection = physical();
        try {
            return connection.createNClob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        Connection connection = physical();
        try {
            return connection.createSQLXML();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        Connection connection = physical();
        try {
            return connection.isValid(timeout);
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

    @Override
    public String getClientInfo(String name) throws SQLException {
        Connection connection = physical();
        try {
            return connection.getClientInfo(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getClientInfo();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        Connection connection = physical();
        try {
            return connection.createArrayOf(typeName, elements);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        Connection connection = physical();
        try {
            return connection.createStruct(typeName, attributes);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        Connection connection = physical();
        try {
            connection.setSchema(schema);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getSchema() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getSchema();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        Connection connection = physical();
        try {
            connection.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        Connection connection = physical();
        try {
            return connection.getNetworkTimeout();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void beginRequest() throws SQLException {
        Connection connection = physical();
        try {
            connection.beginRequest();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void endRequest() throws SQLException {
        Connection connection = physical();
        try {
            connection.endRequest();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey,
            int timeout) throws SQLException {
        Connection connection = physical();
        try {
            return connection.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        Connection connection = physical();
        try {
            return connection.setShardingKeyIfValid(shardingKey, timeout);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        Connection connection = physical();
        try {
            connection.setShardingKey(shardingKey, superShardingKey);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        Connection connection = physical();
        try {
            connection.setShardingKey(shardingKey);
        } catch (SQLException e) {
            throw failed(e);
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
