package io.codecheck.ra.testsupport;

import io.codecheck.testkit.DatabaseSetup;
import io.codecheck.testkit.DockerPostgres;
import io.codecheck.testkit.EmbeddedPostgresServer;
import io.codecheck.testkit.PostgresChoice;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postgresql.Driver;

/**
 * The plain (no TLS) PostgreSQL server of this test JVM, started on first use.
 *
 * <p>Which server: {@link PostgresChoice}. With {@code TEST_PG=testcontainers} (and a Docker daemon) PostgreSQL runs
 * in Docker through Testcontainers and is set up as an external server is. With environment variable
 * {@code TEST_PG_URL} ({@code jdbc:postgresql://host:port/db}) plus
 * {@code TEST_PG_USER} / {@code TEST_PG_PASSWORD} that external server is used; the role {@code app} and
 * database {@code codecheck} are created there if those credentials allow it, else the given user and
 * database are used as they are. Without it an embedded PostgreSQL (zonky) runs on loopback, with
 * password authentication (scram-sha-256) for every TCP login; it is stopped when the JVM exits.
 */
public final class TestDatabase extends PostgresTestServer {

    public static final String DATABASE = "codecheck";
    public static final String APP_USER = "app";
    public static final String APP_PASSWORD = "app-Pa55word!";
    /** Distinctive, so tests can search logs and exception messages for leaked passwords. */
    public static final String SUPERUSER_PASSWORD = "s3cret-Pg!";

    private static final Logger LOG = Logger.getLogger(TestDatabase.class.getName());

    private static final String HBA_CONF = String.join("\n",
            "# written by TestDatabase: every TCP login needs a password",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            "");

    private static TestDatabase instance;
    private static RuntimeException startFailure;

    private TestDatabase(String host, int port, String database, String user, String password,
                         String adminUser, String adminPassword, String urlQuery, Properties adminProperties,
                         EmbeddedPostgresServer embedded) {
        super(host, port, database, user, password, adminUser, adminPassword, urlQuery, adminProperties, embedded);
    }

    /** The server, started on the first call; a failed start is remembered rather than retried by every test. */
    public static synchronized TestDatabase get() {
        if (startFailure != null) {
            throw new IllegalStateException("test database failed to start earlier", startFailure);
        }
        if (instance == null) {
            try {
                PostgresChoice choice = PostgresChoice.forThisProcess();
                LOG.info(() -> "test database: " + choice.kind() + " (" + choice.reason() + ")");
                instance = switch (choice.kind()) {
                    case EMBEDDED -> startEmbedded();
                    case EXTERNAL -> external(System.getenv(PostgresChoice.TEST_PG_URL));
                    case TESTCONTAINERS -> startInDocker();
                };
            } catch (Exception e) {
                startFailure = e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
                throw startFailure;
            }
        }
        return instance;
    }

    private static TestDatabase startEmbedded() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.builder("plain")
                .superuserPassword(SUPERUSER_PASSWORD)
                .hbaConf(HBA_CONF)
                // XA tests prepare transactions; PostgreSQL's default of 0 disables them (TlsTestDatabase keeps it)
                .serverConfig(Map.of("max_prepared_transactions", "20"))
                .build();
        server.start();
        TestDatabase db = new TestDatabase("localhost", 0, DATABASE, APP_USER, APP_PASSWORD,
                EmbeddedPostgresServer.SUPERUSER, SUPERUSER_PASSWORD, "", new Properties(), server);
        try (Connection admin = db.openAdminConnection("postgres")) {
            DatabaseSetup.ensureLoginRole(admin, APP_USER, APP_PASSWORD);
            DatabaseSetup.ensureDatabase(admin, DATABASE, APP_USER);
        }
        return db;
    }

    /** TEST_PG=testcontainers: the same set-up as an external server, on PostgreSQL in Docker. */
    private static TestDatabase startInDocker() throws SQLException {
        DockerPostgres docker = DockerPostgres.start(SUPERUSER_PASSWORD);
        return external(docker.adminUrl(), EmbeddedPostgresServer.SUPERUSER, SUPERUSER_PASSWORD);
    }

    private static TestDatabase external(String url) throws SQLException {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw new IllegalArgumentException("TEST_PG_URL is not a jdbc:postgresql URL");
        }
        return external(url, System.getenv().getOrDefault("TEST_PG_USER", parsed.getProperty("user", "postgres")),
                System.getenv().getOrDefault("TEST_PG_PASSWORD", parsed.getProperty("password", "")));
    }

    private static TestDatabase external(String url, String adminUser, String adminPassword) throws SQLException {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw new IllegalArgumentException("TEST_PG_URL is not a jdbc:postgresql URL");
        }
        // a multi-host URL lists hosts and ports comma-separated; tests talk to the first one
        String host = parsed.getProperty("PGHOST").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT").split(",")[0]);
        String urlDatabase = parsed.getProperty("PGDBNAME");
        // keep the URL's other parameters (sslmode, ...) but never its credentials: tests choose the role
        Properties adminProperties = new Properties();
        parsed.stringPropertyNames().stream()
                .filter(k -> !k.startsWith("PG") && !k.equals("user") && !k.equals("password"))
                .forEach(k -> adminProperties.setProperty(k, parsed.getProperty(k)));
        String urlQuery = JdbcUrls.query(adminProperties);

        TestDatabase given = new TestDatabase(host, port, urlDatabase, adminUser, adminPassword,
                adminUser, adminPassword, urlQuery, adminProperties, null);
        try (Connection admin = given.openAdminConnection(urlDatabase)) {
            DatabaseSetup.ensureLoginRole(admin, APP_USER, APP_PASSWORD);
            DatabaseSetup.ensureDatabase(admin, DATABASE, APP_USER);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot create role " + APP_USER + " / database " + DATABASE + " on " + host + ":"
                    + port + " (SQLState " + e.getSQLState() + "); tests use " + adminUser + " and " + urlDatabase, e);
            return given;
        }
        return new TestDatabase(host, port, DATABASE, APP_USER, APP_PASSWORD,
                adminUser, adminPassword, urlQuery, adminProperties, null);
    }
}
