package io.codecheck.sample.schema;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The read-write resource seen through another login: every connection is the resource's
 * {@code getConnection(user, password)}, so Flyway creates the schema as the role that owns it
 * (DB_MIGRATION_USER, docs/managed-postgresql.md) while the application's own sessions log in as a role that may
 * only read and insert. The adapter pools such sessions apart from the resource's own; they are not kept, though:
 * closing one ends the session ({@link Connection#abort}), so that no session that may change the schema stays open
 * in the running application.
 */
final class MigrationLogin implements DataSource {
    private final DataSource resource;
    private final String user;
    private final String password;

    MigrationLogin(DataSource resource, String user, String password) {
        this.resource = resource;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection session = resource.getConnection(user, password);
        return (Connection) Proxy.newProxyInstance(MigrationLogin.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        if (!session.isClosed()) {
                            session.abort(Runnable::run);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(session, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String otherUser, String otherPassword) throws SQLException {
        return resource.getConnection(otherUser, otherPassword);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return resource.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        resource.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        resource.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return resource.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return resource.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return resource.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return resource.isWrapperFor(iface);
    }

    /** The user only: the password is never shown. */
    @Override
    public String toString() {
        return "MigrationLogin[user=" + user + "]";
    }
}
