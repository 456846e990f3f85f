package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.PoolStatistics;
import io.codecheck.ra.testsupport.PostgresTestServer;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.ra.testsupport.TlsTestDatabase;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The six sslModes with libpq's meaning, through the adapter (factory, connection manager, data source) against a
 * TLS-only server ({@link TlsTestDatabase}) and a server without TLS ({@link TestDatabase}); certificate checks and
 * client-certificate login.
 */
class SslModesTest {

    private static final String SESSION_SSL = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    private static TlsTestDatabase tls() {
        return TlsTestDatabase.get();
    }

    private static PoolFixture pool(PostgresTestServer server, Consumer<PgManagedConnectionFactory> settings)
            throws ResourceException {
        return new PoolFixture(server, settings, new TestConnectionManager());
    }

    /** Whether the session the pool hands out is encrypted, according to the server. */
    private static boolean sessionEncrypted(PoolFixture pool) {
        Map<String, Object> row = pool.ds.queryOne(SESSION_SSL).orElseThrow();
        return (Boolean) row.get("ssl");
    }

    private static String currentUser(PoolFixture pool) {
        return (String) pool.ds.queryOne("SELECT current_user AS u").orElseThrow().get("u");
    }

    private static DatabaseConnectionException connectFails(PoolFixture pool) {
        return assertThrows(DatabaseConnectionException.class, () -> pool.ds.query("SELECT 1"));
    }

    /** The message and every cause's message, with stack traces. */
    static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    // ---------------------------------------------------------------------------------- TLS-only server

    @Test
    void disableAgainstTlsOnlyServerIsRefusedByPgHba() throws Exception {
        try (PoolFixture pool = pool(tls(), f -> f.setSslMode("disable"))) {
            DatabaseConnectionException e = connectFails(pool);
            assertEquals("28000", e.getSqlState(), e.getMessage());
            assertTrue(e.getMessage().contains("pg_hba.conf") || e.getMessage().contains("no encryption"),
                    "the reason is given: " + e.getMessage());
            assertTrue(e.getMessage().contains(pool.applicationName), "the pool is named: " + e.getMessage());
            assertEquals(0, pool.backends());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"allow", "prefer", "require"})
    void nonVerifyingModesConnectEncryptedToTlsOnlyServer(String mode) throws Exception {
        try (PoolFixture pool = pool(tls(), f -> f.setSslMode(mode))) {
            assertTrue(sessionEncrypted(pool), "sslMode=" + mode + " must end up encrypted on a TLS-only server");
            assertEquals(TlsTestDatabase.APP_USER, currentUser(pool));
            assertEquals(mode, pool.mcf.resolveSettings().sslMode().libpqName());
        }
    }

    // ---------------------------------------------------------------------------------- plain server

    @ParameterizedTest
    @ValueSource(strings = {"disable", "allow", "prefer"})
    void nonRequiringModesConnectWithoutTlsToPlainServer(String mode) throws Exception {
        try (PoolFixture pool = pool(TestDatabase.get(), f -> f.setSslMode(mode))) {
            assertFalse(sessionEncrypted(pool), "sslMode=" + mode + " against a server without TLS");
            assertEquals(TestDatabase.APP_USER, currentUser(pool));
        }
    }

    @Test
    void requireAgainstPlainServerFails() throws Exception {
        try (PoolFixture pool = pool(TestDatabase.get(), f -> f.setSslMode("require"))) {
            DatabaseConnectionException e = connectFails(pool);
            assertTrue(e.getMessage().contains("does not support SSL"), "says why: " + e.getMessage());
            assertEquals("08004", e.getSqlState(), e.getMessage());
            assertEquals(0, pool.backends());
        }
    }

    // ---------------------------------------------------------------------------------- certificate checks

    @Test
    void requireWithWrongRootCertFailsLikeLibpq() throws Exception {
        // pgjdbc's own require never verifies; libpq's require with a root certificate verifies the CA
        try (PoolFixture pool = pool(tls(), f -> {
            f.setSslMode("require");
            f.setSslRootCert(tls().wrongCaCert().toString());
        })) {
            assertEquals("verify-ca", pool.mcf.resolveSettings().pgjdbcSslMode());
            DatabaseConnectionException e = connectFails(pool);
            assertTrue(everything(e).contains("PKIX"), "a certificate-path failure: " + everything(e));
            assertEquals(0, pool.backends());
        }
    }

    @Test
    void requireWithRightRootCertConnects() throws Exception {
        try (PoolFixture pool = pool(tls(), f -> {
            f.setSslMode("require");
            f.setSslRootCert(tls().caCert().toString());
        })) {
            assertTrue(sessionEncrypted(pool));
        }
    }

    @Test
    void verifyCaWithWrongRootCertFails() throws Exception {
        try (PoolFixture pool = pool(tls(), f -> {
            f.setSslMode("verify-ca");
            f.setSslRootCert(tls().wrongCaCert().toString());
        })) {
            DatabaseConnectionException e = connectFails(pool);
            assertTrue(everything(e).contains("PKIX"), everything(e));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void verifyCaWithRightRootCertConnectsWhateverTheHostName(String host) throws Exception {
        try (PoolFixture pool = pool(tls(), f -> {
            f.setServerName(host);
            f.setSslMode("verify-ca");
            f.setSslRootCert(tls().caCert().toString());
        })) {
            assertTrue(sessionEncrypted(pool), "verify-ca does not check the host name (" + host + ")");
        }
    }

    @Test
    void verifyFullWithRightRootCertConnectsToTheCertifiedName() throws Exception {
        try (PoolFixture pool = pool(tls(), f -> {
            f.setServerName("localhost");
            f.setSslMode("verify-full");
            f.setSslRootCert(tls().caCert().toString());
        })) {
            assertTrue(sessionEncrypted(pool));
        }
    }

    /**
     * A CA bundle such as RDS's global-bundle.pem (docs/managed-postgresql.md): many CAs in one PEM file, the
     * server's somewhere in the middle. Every certificate of the file is trusted, not only the first.
     */
    @Test
    void verifyFullTrustsEveryCertificateOfABundle(@TempDir Path dir) throws Exception {
        String other = Files.readString(tls().wrongCaCert());
        Path bundle = Files.writeString(dir.resolve("global-bundle.pem"),
                other + "\n" + Files.readString(tls().caCert()) + "\n" + other);
        try (PoolFixture pool = pool(tls(), f -> {
            f.setServerName("localhost");
            f.setSslMode("verify-full");
            f.setSslRootCert(bundle.toString());
        })) {
            assertTrue(sessionEncrypted(pool));
        }
        Path without = Files.writeString(dir.resolve("other-bundle.pem"), other + "\n" + other);
        try (PoolFixture pool = pool(tls(), f -> {
            f.setServerName("localhost");
            f.setSslMode("verify-full");
            f.setSslRootCert(without.toString());
        })) {
            assertEquals("08006", connectFails(pool).getSqlState());
        }
    }

    @Test
    void verifyFullRefusesAHostNameTheCertificateDoesNotName() throws Exception {
        try (PoolFixture pool = pool(tls(), f -> {
            f.setServerName("127.0.0.1");
            f.setSslMode("verify-full");
            f.setSslRootCert(tls().caCert().toString());
        })) {
            DatabaseConnectionException e = connectFails(pool);
            assertTrue(e.getMessage().contains("127.0.0.1"), "names the host: " + e.getMessage());
            assertTrue(e.getMessage().contains("could not be verified"), "says why: " + e.getMessage());
            assertEquals("08006", e.getSqlState(), e.getMessage());
            assertEquals(0, pool.backends());
        }
    }

    // ---------------------------------------------------------------------------------- client certificates

    private static Consumer<PgManagedConnectionFactory> certLogin(Path key, String sslPassword) {
        return f -> {
            f.setUser(tls().certUser());
            f.setPassword(null);
            f.setSslMode("verify-full");
            f.setSslRootCert(tls().caCert().toString());
            f.setSslCert(tls().clientCert().toString());
            f.setSslKey(key.toString());
            f.setSslPassword(sslPassword);
        };
    }

    @Test
    void clientCertificateLoginWithPk8Key() throws Exception {
        try (PoolFixture pool = pool(tls(), certLogin(tls().clientKeyPk8(), null))) {
            assertEquals(TlsTestDatabase.CERT_USER, currentUser(pool));
            assertTrue(sessionEncrypted(pool));
        }
    }

    @Test
    void clientCertificateLoginWithP12KeyStore() throws Exception {
        try (PoolFixture pool = pool(tls(), certLogin(tls().clientKeyP12(), tls().clientKeyP12Password()))) {
            assertEquals(TlsTestDatabase.CERT_USER, currentUser(pool));
        }
    }

    @Test
    void clientCertificateLoginWithUnencryptedPkcs8PemKey() throws Exception {
        try (PoolFixture pool = pool(tls(), certLogin(tls().clientKeyPkcs8Pem(), null))) {
            assertEquals(TlsTestDatabase.CERT_USER, currentUser(pool));
        }
    }

    @Test
    void certUserWithoutClientCertificateIsRefused() throws Exception {
        // shows that the logins above really were by certificate: the same role without one gets nowhere
        try (PoolFixture pool = pool(tls(), f -> {
            f.setUser(tls().certUser());
            f.setPassword(null);
            f.setSslMode("verify-full");
            f.setSslRootCert(tls().caCert().toString());
        })) {
            DatabaseConnectionException e = connectFails(pool);
            assertEquals("28000", e.getSqlState(), e.getMessage());
        }
    }

    @Test
    void pkcs1PemKeyIsRejectedAtConfigurationTimeWithConversionAdvice() {
        Path key = tls().clientKeyPkcs1Pem();
        PgManagedConnectionFactory f = PoolFixture.factoryFor(tls(), "cc-ssl-pkcs1");
        certLogin(key, null).accept(f);

        InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                () -> f.createConnectionFactory(new TestConnectionManager()));
        String message = e.getMessage();
        assertTrue(message.contains("sslKey"), "names the property: " + message);
        assertTrue(message.contains(key.toString()), "names the file: " + message);
        assertTrue(message.contains("PKCS#1"), "says what is wrong: " + message);
        assertTrue(message.contains("openssl pkcs8 -topk8"), "says how to convert it: " + message);
    }

    @Test
    void wrongP12PasswordFailsWithoutShowingThePassword() throws Exception {
        String wrong = "Wr0ng-P12-Secr3t!";
        try (PoolFixture pool = pool(tls(), certLogin(tls().clientKeyP12(), wrong))) {
            DatabaseConnectionException e = connectFails(pool);
            String all = everything(e);
            assertFalse(all.contains(wrong), "the wrong sslPassword leaked: " + all);
            assertFalse(all.contains(TlsTestDatabase.P12_PASSWORD), "the real sslPassword leaked: " + all);

            PoolStatistics stats = pool.ds.statistics();
            assertNotNull(stats.lastError(), "the failure is recorded");
            assertFalse(stats.lastError().contains(wrong), stats.lastError());
            assertFalse(pool.mcf.toString().contains(wrong), pool.mcf.toString());
            assertFalse(pool.ds.health().error().contains(wrong));
        }
    }

    @Test
    void successfulP12LoginShowsThePassphraseNowhere() throws Exception {
        String passphrase = tls().clientKeyP12Password();
        try (PoolFixture pool = pool(tls(), certLogin(tls().clientKeyP12(), passphrase))) {
            assertTrue(pool.ds.health().healthy());
            assertFalse(pool.mcf.toString().contains(passphrase), pool.mcf.toString());
            assertFalse(pool.mcf.resolveSettings().describe().contains(passphrase));
            assertFalse(pool.mcf.resolveSettings().operatorView().toString().contains(passphrase));
            assertEquals("true", pool.mcf.resolveSettings().operatorView().get("sslPasswordSet"));
        }
    }
}
