package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.DatabaseException;
import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.config.Environment;
import io.codecheck.ra.testsupport.TestDatabase;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real connections whose details come only from the environment ({@code DATABASE_URL}, {@code DB_*}), through the
 * environment seam of a bare factory (no resource properties unless a case sets one on purpose), and the
 * precedence between resource properties, {@code DATABASE_URL} and {@code DB_*}.
 */
class EnvironmentFallbackAdapterTest {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final TestDatabase db = TestDatabase.get();
    private final String applicationName = "cc-env-" + COUNTER.incrementAndGet();
    private TestConnectionManager cm;
    private PgManagedConnectionFactory mcf;

    @AfterEach
    void tearDown() throws Exception {
        if (cm != null) {
            cm.shutdown();
        }
        if (mcf != null) {
            mcf.shutdown();
        }
        Await.until("backends of " + applicationName + " after shutdown", () -> db.countBackends(applicationName), 0,
                Duration.ofSeconds(10));
    }

    /** A factory with no resource properties except what {@code properties} sets, and its data source. */
    private CodeCheckDataSourceImpl dataSource(Map<String, String> env, Consumer<PgManagedConnectionFactory> properties)
            throws Exception {
        mcf = new PgManagedConnectionFactory();
        mcf.setEnvironment(Environment.of(env));
        properties.accept(mcf);
        cm = new TestConnectionManager();
        return (CodeCheckDataSourceImpl) mcf.createConnectionFactory(cm);
    }

    private CodeCheckDataSourceImpl dataSource(Map<String, String> env) throws Exception {
        return dataSource(env, f -> { });
    }

    private String databaseUrl(String extraQuery) {
        return "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/"
                + db.database() + "?sslmode=disable&application_name=" + applicationName + extraQuery;
    }

    /** DB_* pointing at the test server; application_name has no DB_* variable, so it comes from a URL or not at all. */
    private Map<String, String> dbVariables() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", db.host());
        env.put("DB_PORT", String.valueOf(db.port()));
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password());
        env.put("DB_NAME", db.database());
        env.put("DB_SSLMODE", "disable");
        return env;
    }

    private void assertConnectedAsApp(CodeCheckDataSourceImpl ds) {
        Map<String, Object> row = ds.queryOne("SELECT current_user AS u, current_database() AS d").orElseThrow();
        assertEquals(TestDatabase.APP_USER, row.get("u"));
        assertEquals(db.database(), row.get("d"));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------------------------------------- sources

    @Test
    void databaseUrlAlone() throws Exception {
        CodeCheckDataSourceImpl ds = dataSource(Map.of("DATABASE_URL", databaseUrl("")));

        assertConnectedAsApp(ds);
        Map<String, Object> row = ds.queryOne("SELECT current_setting('application_name') AS a").orElseThrow();
        assertEquals(applicationName, row.get("a"));
        assertEquals(1, db.countBackends(applicationName), "the pooled session carries the URL's application_name");
        ConnectionSettings s = mcf.resolveSettings();
        assertEquals("DATABASE_URL environment variable", s.sources().get("serverName"));
        assertEquals("DATABASE_URL environment variable", s.sources().get("password"));
    }

    @Test
    void dbVariablesAlone() throws Exception {
        // there is no DB_* variable for application_name: the next test sets it as a property to count sessions
        Map<String, String> env = dbVariables();
        env.put("DB_STATEMENT_TIMEOUT", "4321");
        CodeCheckDataSourceImpl ds = dataSource(env);

        assertConnectedAsApp(ds);
        assertEquals("4321ms", ds.queryOne("SHOW statement_timeout").orElseThrow().get("statement_timeout"));
        assertEquals("codecheck-ra", ds.queryOne("SELECT current_setting('application_name') AS a").orElseThrow()
                .get("a"), "no application_name anywhere: the default");
        ConnectionSettings s = mcf.resolveSettings();
        assertEquals("DB_HOST environment variable", s.sources().get("serverName"));
        assertEquals("DB_PORT environment variable", s.sources().get("portNumber"));
        assertEquals("DB_USER environment variable", s.sources().get("user"));
        assertEquals("DB_PASSWORD environment variable", s.sources().get("password"));
        assertEquals("DB_NAME environment variable", s.sources().get("databaseName"));
        assertEquals("DB_SSLMODE environment variable", s.sources().get("sslMode"));
    }

    @Test
    void dbVariablesWithApplicationNameFromAResourcePropertyAreCountable() throws Exception {
        CodeCheckDataSourceImpl ds = dataSource(dbVariables(), f -> f.setApplicationName(applicationName));

        assertConnectedAsApp(ds);
        assertEquals(1, db.countBackends(applicationName));
        assertEquals(1, cm.size(), "one pooled session");
    }

    // ---------------------------------------------------------------------------------------------- precedence

    @Test
    void resourcePropertyWinsOverAWrongDbPort() throws Exception {
        Map<String, String> env = dbVariables();
        env.put("DB_PORT", String.valueOf(closedPort()));
        CodeCheckDataSourceImpl ds = dataSource(env, f -> {
            f.setPortNumber(db.port());
            f.setApplicationName(applicationName);
        });

        assertConnectedAsApp(ds);
        assertEquals(1, db.countBackends(applicationName));
        assertEquals("resource property", mcf.resolveSettings().sources().get("portNumber"));
    }

    @Test
    void withoutThePropertyTheWrongDbPortIsUsed() throws Exception {
        // the counterpart of the test above: DB_PORT really is read, so the property is what saved it there
        int wrong = closedPort();
        Map<String, String> env = dbVariables();
        env.put("DB_PORT", String.valueOf(wrong));
        CodeCheckDataSourceImpl ds = dataSource(env, f -> {
            f.setApplicationName(applicationName);
            f.setConnectTimeout(2);
            f.setLoginTimeout(2);
        });

        DatabaseConnectionException e = assertThrows(DatabaseConnectionException.class, () -> ds.query("SELECT 1"));
        assertTrue(e.getMessage().contains(":" + wrong), e.getMessage());
        assertEquals("08001", e.getSqlState(), e.getMessage());
    }

    @Test
    void databaseUrlWinsOverDbVariables() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", databaseUrl(""));
        env.put("DB_HOST", "db-host-that-does-not-exist.invalid");
        env.put("DB_PORT", String.valueOf(closedPort()));
        env.put("DB_USER", "nobody");
        env.put("DB_PASSWORD", "wrong-password");
        env.put("DB_NAME", "no_such_database");
        env.put("DB_SSLMODE", "verify-full"); // would fail without a root certificate, were it used
        CodeCheckDataSourceImpl ds = dataSource(env);

        assertConnectedAsApp(ds);
        assertEquals(1, db.countBackends(applicationName));
        assertEquals("disable", mcf.resolveSettings().sslMode().libpqName());
    }

    @Test
    void dbVariablesFillWhatDatabaseUrlLeavesOut() throws Exception {
        // DATABASE_URL without credentials: DB_USER / DB_PASSWORD supply them
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgresql://" + db.host() + ":" + db.port() + "/" + db.database()
                + "?sslmode=disable&application_name=" + applicationName);
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password());
        CodeCheckDataSourceImpl ds = dataSource(env);

        assertConnectedAsApp(ds);
        assertEquals(1, db.countBackends(applicationName));
        assertEquals("DB_USER environment variable", mcf.resolveSettings().sources().get("user"));
    }

    // ---------------------------------------------------------------------------------------------- session settings

    @Test
    void dbStatementTimeoutBecomesTheSessionsStatementTimeout() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", databaseUrl(""));
        env.put("DB_STATEMENT_TIMEOUT", "1234");
        CodeCheckDataSourceImpl ds = dataSource(env);

        assertEquals("1234ms", ds.queryOne("SHOW statement_timeout").orElseThrow().get("statement_timeout"));
        assertEquals(1234, mcf.resolveSettings().statementTimeoutMillis());
        // and the server enforces it: a longer statement is cancelled (57014), the session survives
        DatabaseException e = assertThrows(DatabaseException.class, () -> ds.query("SELECT pg_sleep(3)"));
        assertEquals("57014", e.getSqlState(), e.getMessage());
        assertEquals(1, db.countBackends(applicationName));
    }
}
