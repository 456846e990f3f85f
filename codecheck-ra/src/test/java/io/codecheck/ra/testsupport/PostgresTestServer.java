package io.codecheck.ra.testsupport;

import io.codecheck.testkit.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * What tests need to know about a PostgreSQL server: where it is, the application role that owns the
 * test database, a superuser connection for set-up and fault injection, and (for embedded servers) stop/start.
 *
 * <p>Subclasses: {@link TestDatabase} (plain, no TLS) and {@link TlsTestDatabase} (TLS only, client certificates).
 */
public abstract class PostgresTestServer {

    /** application_name of the connections this class opens itself, so they never count as a test's backends. */
    public static final String ADMIN_APPLICATION_NAME = "codecheck-testsupport-admin";

    private final String host;
    private final int externalPort;
    private final String database;
    private final String user;
    private final String password;
    private final String adminUser;
    private final String adminPassword;
    private final String urlQuery;
    private final Properties adminProperties;
    private final EmbeddedPostgresServer embedded;

    /**
     * @param urlQuery        appended to every JDBC URL, either empty or starting with {@code ?}
     * @param adminProperties extra pgjdbc properties for admin connections (e.g. sslmode)
     * @param embedded        the embedded server, or null for an external one reached at {@code externalPort}
     */
    PostgresTestServer(String host, int externalPort, String database, String user, String password,
                       String adminUser, String adminPassword, String urlQuery, Properties adminProperties,
                       EmbeddedPostgresServer embedded) {
        this.host = host;
        this.externalPort = externalPort;
        this.database = database;
        this.user = user;
        this.password = password;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.urlQuery = urlQuery;
        this.adminProperties = adminProperties;
        this.embedded = embedded;
    }

    public String host() {
        return host;
    }

    /** The port; for an embedded server it stays the same across {@link #stop()} / {@link #start()}. */
    public int port() {
        return embedded != null ? embedded.port() : externalPort;
    }

    /** The application database ({@code codecheck} unless an external server gave no rights to create it). */
    public String database() {
        return database;
    }

    /** The non-superuser application role owning {@link #database()}. */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The superuser (or, on an external server, the configured user). */
    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** {@code jdbc:postgresql://host:port/database} plus any parameters this server needs (TLS settings). */
    public String jdbcUrl() {
        return jdbcUrl(host, port());
    }

    /** The same URL but pointing elsewhere, e.g. at a {@link FaultProxy} in front of this server. */
    public String jdbcUrl(String viaHost, int viaPort) {
        return "jdbc:postgresql://" + viaHost + ":" + viaPort + "/" + database + urlQuery;
    }

    /** A new connection as {@link #user()} to {@link #jdbcUrl()}. */
    public Connection openConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** A new superuser connection to {@link #database()}, application_name {@link #ADMIN_APPLICATION_NAME}. */
    public Connection openAdminConnection() throws SQLException {
        return openAdminConnection(database);
    }

    /** The same to another database of the server. */
    public Connection openAdminConnection(String db) throws SQLException {
        Properties props = new Properties();
        props.putAll(adminProperties);
        props.setProperty("user", adminUser);
        props.setProperty("password", adminPassword);
        props.setProperty("ApplicationName", ADMIN_APPLICATION_NAME);
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port() + "/" + db, props);
    }

    /**
     * Terminates every backend whose application_name equals {@code applicationName} (except the admin
     * connection used to do it) and waits up to 5 s for each to exit, so a following
     * {@link #countBackends} no longer sees them (uses pg_terminate_backend(pid, timeout): PostgreSQL 14+).
     * Their clients get SQLState 57P01 (or 08006) on next use.
     *
     * @return how many backends were terminated
     */
    public int terminateBackends(String applicationName) throws SQLException {
        String sql = "select pg_terminate_backend(pid, 5000) from pg_stat_activity"
                + " where application_name = ? and pid <> pg_backend_pid()";
        try (Connection admin = openAdminConnection(); PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setString(1, applicationName);
            int terminated = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    terminated += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return terminated;
        }
    }

    /** Counts the server's backends (any database) with this application_name. */
    public int countBackends(String applicationName) throws SQLException {
        String sql = "select count(*) from pg_stat_activity where application_name = ? and pid <> pg_backend_pid()";
        try (Connection admin = openAdminConnection(); PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** True for the embedded server, which supports {@link #stop()} and {@link #start()}. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * Stops the embedded server (fast shutdown: clients see 57P01 / 08006). Other tests share this server:
     * always {@link #start()} it again, e.g. in a finally block.
     *
     * @throws UnsupportedOperationException for an external server
     */
    public void stop() {
        requireEmbedded().stop();
    }

    /** Starts a stopped embedded server again, same port and data; no-op if it runs. */
    public void start() {
        try {
            requireEmbedded().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return embedded == null || embedded.isRunning();
    }

    private EmbeddedPostgresServer requireEmbedded() {
        if (embedded == null) {
            throw new UnsupportedOperationException("stop/start only for the embedded server, not " + host + ":" + port());
        }
        return embedded;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + host + ":" + port() + "/" + database + ", user " + user + "]";
    }
}
