package io.codecheck.ra.testsupport;

import io.codecheck.micro.Directories;
import io.codecheck.testkit.DatabaseSetup;
import io.codecheck.testkit.EmbeddedPostgresServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Properties;

/**
 * A second embedded PostgreSQL of this test JVM (started on first use) that accepts only TLS connections.
 *
 * <ul>
 *   <li>Server certificate: CN=localhost, subjectAltName DNS:localhost only, so {@code sslmode=verify-full}
 *       succeeds for host {@code localhost} and fails for {@code 127.0.0.1}.</li>
 *   <li>{@code hostnossl ... reject}: a connection without TLS (sslmode=disable, or allow when it tries plain
 *       first) is refused with SQLState 28000.</li>
 *   <li>Role {@link #certUser()} logs in only with a client certificate (pg_hba method {@code cert}, no
 *       password); role {@link #user()} logs in with a password over TLS.</li>
 *   <li>Client key {@link #clientCert()} / {@link #clientKeyPk8()} etc. in several formats; see each getter
 *       for what pgjdbc 42.7 accepts.</li>
 * </ul>
 * {@link #jdbcUrl()} is {@code jdbc:postgresql://localhost:port/codecheck?sslmode=verify-full&sslrootcert=<ca.crt>}.
 * The plain {@link TestDatabase} (ssl off) covers servers without TLS.
 */
public final class TlsTestDatabase extends PostgresTestServer {

    public static final String DATABASE = TestDatabase.DATABASE;
    public static final String APP_USER = TestDatabase.APP_USER;
    public static final String APP_PASSWORD = TestDatabase.APP_PASSWORD;
    public static final String SUPERUSER_PASSWORD = TestDatabase.SUPERUSER_PASSWORD;
    public static final String CERT_USER = "certuser";
    public static final String P12_PASSWORD = "p12-Pa55phrase!";

    private static final String HBA_CONF = String.join("\n",
            "# written by TlsTestDatabase: TLS only; certuser by client certificate, everyone else by password",
            "hostssl all certuser 127.0.0.1/32 cert",
            "hostssl all certuser ::1/128 cert",
            "hostssl all all 127.0.0.1/32 scram-sha-256",
            "hostssl all all ::1/128 scram-sha-256",
            "hostnossl all all 0.0.0.0/0 reject",
            "hostnossl all all ::/0 reject",
            "");

    private static TlsTestDatabase instance;
    private static RuntimeException startFailure;

    private final TestPki pki;

    private TlsTestDatabase(EmbeddedPostgresServer server, TestPki pki) {
        super("localhost", 0, DATABASE, APP_USER, APP_PASSWORD, EmbeddedPostgresServer.SUPERUSER, SUPERUSER_PASSWORD,
                JdbcUrls.query(Map.of("sslmode", "verify-full", "sslrootcert", pki.caCert.toString())),
                sslRequired(), server);
        this.pki = pki;
    }

    /** The server, started on the first call; a failed start is remembered rather than retried by every test. */
    public static synchronized TlsTestDatabase get() {
        if (startFailure != null) {
            throw new IllegalStateException("TLS test database failed to start earlier", startFailure);
        }
        if (instance == null) {
            try {
                instance = startEmbedded();
            } catch (Exception e) {
                startFailure = e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
                throw startFailure;
            }
        }
        return instance;
    }

    private static TlsTestDatabase startEmbedded() throws Exception {
        Path certDir = Files.createTempDirectory(EmbeddedPostgresServer.workDirectory(), "tls-certs-");
        TestPki pki = new TestPki(certDir, "localhost", CERT_USER, P12_PASSWORD);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Directories.deleteQuietly(certDir),
                "embedded-pg-tls-certs-cleanup"));
        // relative file names resolve against the data directory, where the server copies them (mode 0600)
        EmbeddedPostgresServer server = EmbeddedPostgresServer.builder("tls")
                .superuserPassword(SUPERUSER_PASSWORD)
                .hbaConf(HBA_CONF)
                .serverConfig(Map.of("ssl", "on", "ssl_cert_file", "server.crt", "ssl_key_file", "server.key",
                        "ssl_ca_file", "ca.crt"))
                .connectConfig(Map.of("sslmode", "require"))
                .dataDirFiles(Map.of("server.crt", pki.serverCert, "server.key", pki.serverKey, "ca.crt", pki.caCert))
                .build();
        server.start();
        TlsTestDatabase db = new TlsTestDatabase(server, pki);
        try (Connection admin = db.openAdminConnection("postgres")) {
            DatabaseSetup.ensureLoginRole(admin, APP_USER, APP_PASSWORD);
            DatabaseSetup.ensureLoginRole(admin, CERT_USER, null);
            DatabaseSetup.ensureDatabase(admin, DATABASE, APP_USER);
        }
        return db;
    }

    /** Admin connections encrypt but need not verify: the tests of verification use their own settings. */
    private static Properties sslRequired() {
        Properties props = new Properties();
        props.setProperty("sslmode", "require");
        return props;
    }

    /** PEM certificate of the CA that signed the server and client certificates. */
    public Path caCert() {
        return pki.caCert;
    }

    /** PEM certificate of an unrelated CA: verify-ca / verify-full with it fails ("PKIX path building failed"). */
    public Path wrongCaCert() {
        return pki.wrongCaCert;
    }

    /** PEM client certificate, CN={@link #certUser()}, signed by {@link #caCert()}. */
    public Path clientCert() {
        return pki.clientCert;
    }

    /** Client key as unencrypted PKCS#8 DER; pgjdbc's default key format. */
    public Path clientKeyPk8() {
        return pki.clientKeyPk8;
    }

    /** Client key and certificate chain in PKCS#12 (alias "user"), password {@link #clientKeyP12Password()}. */
    public Path clientKeyP12() {
        return pki.clientKeyP12;
    }

    public String clientKeyP12Password() {
        return P12_PASSWORD;
    }

    /** Client key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}); pgjdbc reads it from 42.7.9 on. */
    public Path clientKeyPkcs8Pem() {
        return pki.clientKeyPkcs8Pem;
    }

    /** Client key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}); pgjdbc 42.7 cannot load it. */
    public Path clientKeyPkcs1Pem() {
        return pki.clientKeyPkcs1Pem;
    }

    /** The role that logs in by client certificate ({@value #CERT_USER}). */
    public String certUser() {
        return CERT_USER;
    }
}
