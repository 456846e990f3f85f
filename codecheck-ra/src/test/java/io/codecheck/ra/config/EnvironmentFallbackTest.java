package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentFallbackTest {

    @TempDir
    Path dir;

    @Test
    void everySeedVariableIsRead() throws Exception {
        Path root = Files.writeString(dir.resolve("root.crt"), "cert");
        Path cert = Files.writeString(dir.resolve("client.crt"), "cert");
        Path key = TestKeys.pkcs8Der(dir.resolve("client.pk8"));
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", "envhost");
        env.put("DB_PORT", "6543");
        env.put("DB_USER", "envuser");
        env.put("DB_PASSWORD", "envpw");
        env.put("DB_NAME", "envdb");
        env.put("DB_SSLMODE", "verify-full");
        env.put("DB_TIMEOUT", "12");
        env.put("DB_STATEMENT_TIMEOUT", "45000");
        env.put("DB_IDLE_TIMEOUT", "90000");
        env.put("DB_SSLROOTCERT", root.toString());
        env.put("DB_SSLCERT", cert.toString());
        env.put("DB_SSLKEY", key.toString());
        env.put("DB_POOL_MIN", "2");   // the container pool's business: ignored, not rejected
        env.put("DB_POOL_MAX", "10");

        ConnectionSettings s = props().resolve(env);
        Properties p = s.driverProperties();

        assertEquals("jdbc:postgresql://envhost:6543/envdb", s.jdbcUrl());
        assertEquals("envuser", p.getProperty("user"));
        assertEquals("envpw", p.getProperty("password"));
        assertEquals(SslMode.VERIFY_FULL, s.sslMode());
        assertEquals("verify-full", p.getProperty("sslmode"));
        assertEquals(root.toString(), p.getProperty("sslrootcert"));
        assertEquals(cert.toString(), p.getProperty("sslcert"));
        assertEquals(key.toString(), p.getProperty("sslkey"));
        assertEquals(12, s.connectTimeoutSeconds(), "DB_TIMEOUT is the connect timeout");
        assertEquals(12, s.loginTimeoutSeconds(), "DB_TIMEOUT also bounds the whole login");
        assertEquals(45000, s.statementTimeoutMillis());
        assertEquals(90000, s.idleInTransactionTimeoutMillis());
        assertEquals(45 + 30, s.socketTimeoutSeconds(), "derived from DB_STATEMENT_TIMEOUT");
        assertEquals("DB_TIMEOUT environment variable", s.sources().get("loginTimeout"));
    }

    @Test
    void emptyValuesCountAsUnset() {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME", "DB_SSLMODE",
                "DB_TIMEOUT", "DB_STATEMENT_TIMEOUT", "DB_IDLE_TIMEOUT", "DB_SSLROOTCERT", "DB_SSLCERT", "DB_SSLKEY",
                "DATABASE_URL")) {
            env.put(name, "");
        }
        ConnectionSettings s = props().resolve(env);
        assertEquals("jdbc:postgresql://localhost:5432/codecheck", s.jdbcUrl());
        assertFalse(s.hasPassword());
        assertEquals(SslMode.PREFER, s.sslMode());
        assertEquals(30, s.connectTimeoutSeconds());
    }

    @Test
    void emptyResourcePropertiesCountAsUnsetToo() {
        // some servers pass "" for string properties nobody set
        ConnectionSettings s = props().serverName("").user("").sslMode("").url("")
                .resolve(Map.of("DB_HOST", "envhost", "DB_USER", "envuser"));
        assertEquals(List.of("envhost:5432"), s.hosts());
        assertEquals("envuser", s.user());
    }

    @Test
    void herokuStyleDatabaseUrlAloneIsEnough() {
        ConnectionSettings s = props().resolve(Map.of("DATABASE_URL",
                "postgres://u1x2:p4ssw0rd@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d9k8?sslmode=require"));
        assertEquals("jdbc:postgresql://ec2-1-2-3-4.compute-1.amazonaws.com:5432/d9k8", s.jdbcUrl());
        assertEquals("u1x2", s.user());
        assertEquals("p4ssw0rd", s.driverProperties().getProperty("password"));
        assertEquals("require", s.driverProperties().getProperty("sslmode"));
    }

    @Test
    void environmentOfIsACopyAndSeesNothingElse() {
        Map<String, String> m = new HashMap<>(Map.of("DB_HOST", "a"));
        Environment env = Environment.of(m);
        m.put("DB_HOST", "b");
        assertEquals("a", env.get("DB_HOST"));
        assertNull(env.get("PATH"));
        assertNull(env.get(Environment.USER_HOME));
    }

    @Test
    void systemEnvironmentAnswersUserHomeFromTheSystemProperty() {
        assertEquals(System.getProperty("user.home"), Environment.system().get(Environment.USER_HOME));
        String path = System.getenv("PATH");
        assertEquals(path, Environment.system().get("PATH"));
    }

    @Test
    void withoutAnyEnvironmentTheDefaultsApply() {
        ConnectionSettings s = ConnectionSettings.resolve(PropertyValues.empty(), Environment.of(Map.of()));
        assertEquals("jdbc:postgresql://localhost:5432/codecheck", s.jdbcUrl());
        assertTrue(s.sources().values().stream().allMatch("default"::equals), s.sources().toString());
    }
}
