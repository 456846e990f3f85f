package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pass-through pgjdbc properties ({@code driverProperties}, or the parameters of a URL) cannot weaken TLS below what
 * {@code sslMode} promises: the rejection names both properties and the offending key.
 */
class TlsDowngradeTest {

    @TempDir
    Path dir;

    private String rootCert() throws Exception {
        return Files.writeString(dir.resolve("root.crt"), "-----BEGIN CERTIFICATE-----\n").toString();
    }

    private Map<String, String> emptyHome() throws Exception {
        return Map.of(Environment.USER_HOME, Files.createDirectories(dir.resolve("empty-home")).toString());
    }

    private static void assertNames(ConfigurationException e, String property, String... fragments) {
        assertEquals(property, e.property(), e.getMessage());
        assertTrue(e.getMessage().startsWith(property), "message starts with the property: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({
            "verify-ca,org.postgresql.ssl.NonValidatingFactory",
            "verify-full,org.postgresql.ssl.NonValidatingFactory",
            "verify-ca,org.postgresql.ssl.DefaultJavaSSLFactory",
            "verify-full,org.postgresql.ssl.DefaultJavaSSLFactory",
            "verify-full,com.example.MyFactory",
            "require,org.postgresql.ssl.NonValidatingFactory"})
    void anSslFactoryCannotReplaceTheVerificationSslModePromises(String mode, String factory) throws Exception {
        // require with a root certificate verifies the CA (libpq semantics), so it is protected too
        Props p = props().sslMode(mode).sslRootCert(rootCert()).driverProperties("sslfactory=" + factory);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> p.resolve(emptyHome()));
        assertNames(e, "driverProperties", "driverProperties entry 'sslfactory'", "sslMode", mode, factory);
    }

    @Test
    void theDefaultLibpqFactoryIsAllowedByName() throws Exception {
        Properties p = props().sslMode("verify-full").sslRootCert(rootCert())
                .driverProperties("sslfactory=org.postgresql.ssl.LibPQFactory").resolve(emptyHome())
                .driverProperties();
        assertEquals("verify-full", p.getProperty("sslmode"));
        assertEquals("org.postgresql.ssl.LibPQFactory", p.getProperty("sslfactory"));
    }

    @ParameterizedTest
    @CsvSource({"allow", "prefer", "require"})
    void anSslFactoryIsAllowedWhereNothingIsVerified(String mode) throws Exception {
        // no root certificate anywhere: these modes promise encryption at most, which any factory still gives
        Properties p = props().sslMode(mode).driverProperties("sslfactory=org.postgresql.ssl.NonValidatingFactory")
                .resolve(emptyHome()).driverProperties();
        assertEquals("org.postgresql.ssl.NonValidatingFactory", p.getProperty("sslfactory"));
    }

    @Test
    void aHostnameVerifierCannotReplaceVerifyFullsHostCheck() throws Exception {
        Props p = props().sslMode("verify-full").sslRootCert(rootCert())
                .driverProperties("sslhostnameverifier=com.example.AcceptAll");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> p.resolve(emptyHome()));
        assertNames(e, "driverProperties", "driverProperties entry 'sslhostnameverifier'", "sslMode",
                "verify-full", "com.example.AcceptAll");
    }

    @Test
    void aHostnameVerifierIsHarmlessBelowVerifyFull() throws Exception {
        // pgjdbc calls it only for verify-full
        Properties p = props().sslMode("verify-ca").sslRootCert(rootCert())
                .driverProperties("sslhostnameverifier=com.example.AcceptAll").resolve(emptyHome())
                .driverProperties();
        assertEquals("com.example.AcceptAll", p.getProperty("sslhostnameverifier"));
    }

    @Test
    void urlParametersOfTheSameNamesAreRefusedToo() throws Exception {
        Props p = props().url("postgresql://h/d?sslmode=verify-full&sslrootcert=" + rootCert()
                + "&sslfactory=org.postgresql.ssl.NonValidatingFactory");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> p.resolve(emptyHome()));
        assertNames(e, "url", "url parameter 'sslfactory'", "sslMode", "verify-full");

        Props q = props().sslMode("verify-full").sslRootCert(rootCert())
                .url("postgresql://h/d?sslhostnameverifier=com.example.AcceptAll");
        ConfigurationException e2 = assertThrows(ConfigurationException.class, () -> q.resolve(emptyHome()));
        assertNames(e2, "url", "url parameter 'sslhostnameverifier'", "sslMode", "verify-full");
    }

    @Test
    void databaseUrlParametersAreRefusedToo() throws Exception {
        Map<String, String> env = Map.of(Environment.USER_HOME, dir.toString(), "DATABASE_URL",
                "postgresql://h/d?sslfactory=org.postgresql.ssl.NonValidatingFactory");
        Props p = props().sslMode("verify-ca").sslRootCert(rootCert());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> p.resolve(env));
        assertNames(e, "DATABASE_URL", "parameter 'sslfactory'", "sslMode", "verify-ca");
    }

    @ParameterizedTest
    @CsvSource({"sslmode,require,sslMode", "ssl,false,sslMode", "sslrootcert,/r.crt,sslRootCert",
            "sslcert,/c.crt,sslCert", "sslkey,/k.pk8,sslKey", "sslpassword,x,sslPassword"})
    void tlsSettingsWithTheirOwnPropertyAreRefusedAsDuplicates(String key, String value, String owner)
            throws Exception {
        Props p = props().sslMode("verify-full").sslRootCert(rootCert()).driverProperties(key + "=" + value);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> p.resolve(emptyHome()));
        assertNames(e, "driverProperties", "'" + key + "'", owner + " property");
    }
}
