package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * Per field: individual resource property > url property > DATABASE_URL > DB_* > default. Each ladder removes the
 * winning level and checks that the next one takes over.
 */
class PrecedenceTest {

    /**
     * Runs the ladder. {@code url} and {@code databaseUrl} carry the field; {@code env} the DB_* variable(s).
     * {@code expected} = {resource, url, DATABASE_URL, DB_*, default}.
     */
    private static void ladder(Function<ConnectionSettings, Object> get, Consumer<Props> resource, String url,
            String databaseUrl, Map<String, String> env, Object... expected) {
        for (int level = 0; level < 5; level++) {
            Props p = props();
            if (level <= 0) {
                resource.accept(p);
            }
            if (level <= 1) {
                p.url(url);
            }
            Map<String, String> e = new HashMap<>();
            if (level <= 2) {
                e.put("DATABASE_URL", databaseUrl);
            }
            if (level <= 3) {
                e.putAll(env);
            }
            assertEquals(expected[level], get.apply(p.resolve(e)), "winner at level " + level);
        }
    }

    @Test
    void serverNameLadder() {
        ladder(s -> s.hosts().get(0), p -> p.serverName("rhost"), "postgresql://uhost/db", "postgres://dhost/db",
                Map.of("DB_HOST", "ehost"),
                "rhost:5432", "uhost:5432", "dhost:5432", "ehost:5432", "localhost:5432");
    }

    @Test
    void portNumberLadder() {
        ladder(s -> s.hosts().get(0), p -> p.portNumber(1000), "postgresql://h:1001/db", "postgres://h:1002/db",
                Map.of("DB_PORT", "1003", "DB_HOST", "h"),
                "h:1000", "h:1001", "h:1002", "h:1003", "localhost:5432");
    }

    @Test
    void databaseNameLadder() {
        ladder(ConnectionSettings::databaseName, p -> p.databaseName("rdb"), "postgresql://h/udb",
                "postgres://h/ddb", Map.of("DB_NAME", "edb"), "rdb", "udb", "ddb", "edb", "codecheck");
    }

    @Test
    void userLadder() {
        ladder(ConnectionSettings::user, p -> p.user("ruser"), "postgresql://uuser@h/db", "postgres://duser@h/db",
                Map.of("DB_USER", "euser"), "ruser", "uuser", "duser", "euser", "postgres");
    }

    @Test
    void passwordLadder() {
        ladder(s -> s.driverProperties().getProperty("password"), p -> p.password("rpw"),
                "postgresql://u:upw@h/db", "postgres://u:dpw@h/db", Map.of("DB_PASSWORD", "epw"),
                "rpw", "upw", "dpw", "epw", null);
    }

    @Test
    void sslModeLadder() {
        ladder(ConnectionSettings::sslMode, p -> p.sslMode("disable"), "postgresql://h/db?sslmode=allow",
                "postgres://h/db?sslmode=require", Map.of("DB_SSLMODE", "disable"),
                SslMode.DISABLE, SslMode.ALLOW, SslMode.REQUIRE, SslMode.DISABLE, SslMode.PREFER);
    }

    @Test
    void connectTimeoutLadder() {
        ladder(ConnectionSettings::connectTimeoutSeconds, p -> p.connectTimeout(1),
                "postgresql://h/db?connect_timeout=2", "postgres://h/db?connectTimeout=3", Map.of("DB_TIMEOUT", "4"),
                1, 2, 3, 4, 30);
    }

    @Test
    void loginTimeoutLadder() {
        ladder(ConnectionSettings::loginTimeoutSeconds, p -> p.loginTimeout(1),
                "postgresql://h/db?loginTimeout=2", "postgres://h/db?connect_timeout=3", Map.of("DB_TIMEOUT", "4"),
                1, 2, 3, 4, 30);
    }

    @Test
    void applicationNameLadder() {
        ladder(ConnectionSettings::applicationName, p -> p.applicationName("r"),
                "postgresql://h/db?application_name=u", "postgres://h/db?ApplicationName=d", Map.of(),
                "r", "u", "d", "codecheck-ra", "codecheck-ra");
    }

    @Test
    void targetServerTypeLadder() {
        ladder(ConnectionSettings::targetServerType, p -> p.targetServerType("any"),
                "postgresql://h/db?target_session_attrs=standby", "postgres://h/db?targetServerType=preferPrimary",
                Map.of(), "any", "secondary", "preferPrimary", "primary", "primary");
    }

    @Test
    void statementAndIdleTimeoutsResourceBeatsEnvironment() {
        Map<String, String> env = Map.of("DB_STATEMENT_TIMEOUT", "7000", "DB_IDLE_TIMEOUT", "8000");
        ConnectionSettings fromEnv = props().resolve(env);
        assertEquals(7000, fromEnv.statementTimeoutMillis());
        assertEquals(8000, fromEnv.idleInTransactionTimeoutMillis());
        ConnectionSettings fromResource = props().statementTimeout(100).idleInTransactionTimeout(200).resolve(env);
        assertEquals(100, fromResource.statementTimeoutMillis());
        assertEquals(200, fromResource.idleInTransactionTimeoutMillis());
    }

    @Test
    void fieldsMixAcrossLevels() {
        ConnectionSettings s = props().user("app").resolve(Map.of(
                "DATABASE_URL", "postgres://heroku:pw@dbhost:6000/herokudb",
                "DB_NAME", "ignored", "DB_STATEMENT_TIMEOUT", "1234"));
        assertEquals("app", s.user());
        assertEquals("pw", s.driverProperties().getProperty("password"));
        assertEquals(List.of("dbhost:6000"), s.hosts());
        assertEquals("herokudb", s.databaseName());
        assertEquals(1234, s.statementTimeoutMillis());
        assertEquals("resource property", s.sources().get("user"));
        assertEquals("DATABASE_URL environment variable", s.sources().get("password"));
        assertEquals("DB_STATEMENT_TIMEOUT environment variable", s.sources().get("statementTimeout"));
        assertEquals("default", s.sources().get("applicationName"));
    }

    @Test
    void hostOwnPortBeatsPortNumberFromSameLevel() {
        assertEquals(List.of("h1:7000", "h2:6000"),
                props().serverName("h1:7000,h2").portNumber(6000).resolve().hosts());
        assertEquals(List.of("h:7000"), props().resolve(Map.of("DB_HOST", "h:7000", "DB_PORT", "6000")).hosts());
    }

    @Test
    void portNumberFromHigherLevelBeatsPortInsideUrl() {
        assertEquals(List.of("h:5433"), props().url("postgresql://h:6432/db").portNumber(5433).resolve().hosts());
        assertEquals(List.of("a:5433", "b:5433"),
                props().url("postgresql://a:1,b:2/db").portNumber(5433).resolve().hosts());
    }

    @Test
    void serverNameFromResourceKeepsPortFromLowerLevel() {
        assertEquals(List.of("h:6000"),
                props().serverName("h").resolve(Map.of("DATABASE_URL", "postgres://x:6000/db")).hosts());
        assertEquals(List.of("h:6001"), props().serverName("h").resolve(Map.of("DB_PORT", "6001")).hosts());
    }

    @Test
    void passThroughDriverPropertiesFollowPrecedencePerName() {
        ConnectionSettings both = props().driverProperties("prepareThreshold=0")
                .url("postgresql://h/db?prepareThreshold=3&tcpKeepAlive=true").resolve();
        assertEquals("0", both.driverProperties().getProperty("prepareThreshold"));
        assertEquals("true", both.driverProperties().getProperty("tcpKeepAlive"));
        ConnectionSettings urlOnly = props().url("postgresql://h/db?prepareThreshold=3").resolve();
        assertEquals("3", urlOnly.driverProperties().getProperty("prepareThreshold"));
    }

    @Test
    void onlyTheWinningValueIsValidated() {
        // a bad lower-level value that is overridden does not matter
        ConnectionSettings s = props().portNumber(5433).sslMode("require")
                .resolve(Map.of("DB_PORT", "not-a-port", "DB_SSLMODE", "bogus"));
        assertEquals(List.of("localhost:5433"), s.hosts());
        assertEquals(SslMode.REQUIRE, s.sslMode());
    }
}
