package io.codecheck.ra.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.codecheck.testkit.Await;

import java.io.Reader;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.IntSupplier;

import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

/** Proves the test infrastructure against real servers: each assertion fails when its part is broken. */
class TestSupportSelfTest {

    // ---- TestDatabase -------------------------------------------------------------------------------------

    @Test
    void plainServerAnswersSelectOneAsAppRole() throws SQLException {
        TestDatabase db = TestDatabase.get();
        try (Connection c = db.openConnection()) {
            assertEquals(1, queryInt(c, "select 1"));
            assertEquals(db.user(), queryString(c, "select current_user"));
            assertEquals(db.database(), queryString(c, "select current_database()"));
        }
    }

    @Test
    void plainServerDemandsThePassword() {
        TestDatabase db = TestDatabase.get();
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "wrong-password").close());
        assertEquals("28P01", e.getSQLState(), e.toString());
        SQLException superuser = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(db.jdbcUrl(), db.adminUser(), "").close());
        assertTrue(superuser.getSQLState().startsWith("28") || superuser.getSQLState().startsWith("08"),
                superuser.toString());
    }

    @Test
    void appRoleIsNoSuperuserButCanCreateTables() throws SQLException {
        TestDatabase db = TestDatabase.get();
        try (Connection c = db.openConnection(); Statement st = c.createStatement()) {
            assertFalse(queryBoolean(c, "select rolsuper from pg_roles where rolname = current_user"));
            st.execute("drop table if exists selftest_app_table");
            st.execute("create table selftest_app_table (id int primary key)");
            st.execute("insert into selftest_app_table values (1)");
            assertEquals(1, queryInt(c, "select count(*) from selftest_app_table"));
        }
        try (Connection admin = db.openAdminConnection()) {
            assertTrue(queryBoolean(admin, "select rolsuper from pg_roles where rolname = current_user"));
            assertEquals(db.database(), queryString(admin, "select current_database()"));
        }
    }

    @Test
    void terminateBackendsKillsExactlyTheNamedSessions() throws SQLException {
        TestDatabase db = TestDatabase.get();
        try (Connection victim1 = connect(db, "selftest-victim");
             Connection victim2 = connect(db, "selftest-victim");
             Connection bystander = connect(db, "selftest-bystander")) {
            assertEquals(2, db.countBackends("selftest-victim"));

            assertEquals(2, db.terminateBackends("selftest-victim"));

            assertEquals(0, db.countBackends("selftest-victim"));
            for (Connection victim : List.of(victim1, victim2)) {
                SQLException e = assertThrows(SQLException.class, () -> queryInt(victim, "select 1"));
                assertTrue(List.of("57P01", "08006", "08003").contains(e.getSQLState()), e.toString());
            }
            assertEquals(1, queryInt(bystander, "select 1"));
            assertEquals(1, db.countBackends("selftest-bystander"));
        }
    }

    @Test
    void embeddedServerRestartsOnTheSamePortWithItsData() throws SQLException {
        TestDatabase db = TestDatabase.get();
        assumeTrue(db.isEmbedded(), "external server: no restart");
        int port = db.port();
        try (Connection c = db.openConnection(); Statement st = c.createStatement()) {
            st.execute("drop table if exists selftest_restart");
            st.execute("create table selftest_restart (id int)");
            try {
                db.stop();
                assertFalse(db.isRunning());
                assertThrows(SQLException.class, () -> queryInt(c, "select 1"));
            } finally {
                db.start();
            }
        }
        assertEquals(port, db.port());
        try (Connection c = db.openConnection()) {
            assertEquals(0, queryInt(c, "select count(*) from selftest_restart"));
        }
    }

    // ---- TlsTestDatabase ----------------------------------------------------------------------------------

    @Test
    void tlsVerifyFullToLocalhostSucceedsEncrypted() throws SQLException {
        TlsTestDatabase db = TlsTestDatabase.get();
        assertTrue(db.jdbcUrl().contains("sslmode=verify-full"), db.jdbcUrl());
        try (Connection c = db.openConnection()) {
            assertEquals(db.user(), queryString(c, "select current_user"));
            assertTrue(queryBoolean(c, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"));
        }
    }

    @Test
    void tlsVerifyFullTo127001FailsOnTheHostname() {
        TlsTestDatabase db = TlsTestDatabase.get();
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                db.jdbcUrl("127.0.0.1", db.port()), db.user(), db.password()).close());
        assertTrue(fullMessage(e).contains("could not be verified"), fullMessage(e));
    }

    @Test
    void tlsWrongCaFailsVerification() {
        TlsTestDatabase db = TlsTestDatabase.get();
        Properties props = props("user", db.user(), "password", db.password(),
                "sslmode", "verify-ca", "sslrootcert", db.wrongCaCert().toString());
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(plainUrl(db), props).close());
        assertTrue(fullMessage(e).contains("PKIX"), fullMessage(e));
    }

    @Test
    void tlsServerRefusesConnectionsWithoutTls() {
        TlsTestDatabase db = TlsTestDatabase.get();
        Properties props = props("user", db.user(), "password", db.password(), "sslmode", "disable");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(plainUrl(db), props).close());
        assertEquals("28000", e.getSQLState(), fullMessage(e));
    }

    @Test
    void tlsCertUserLogsInWithPk8Key() throws SQLException {
        TlsTestDatabase db = TlsTestDatabase.get();
        assertCertLogin(db, props("sslkey", db.clientKeyPk8().toString()));
    }

    @Test
    void tlsCertUserLogsInWithP12Key() throws SQLException {
        TlsTestDatabase db = TlsTestDatabase.get();
        assertCertLogin(db, props("sslkey", db.clientKeyP12().toString(), "sslpassword", db.clientKeyP12Password()));
    }

    @Test
    void tlsCertUserLogsInWithPkcs8PemKey() throws SQLException {
        TlsTestDatabase db = TlsTestDatabase.get();
        assertCertLogin(db, props("sslkey", db.clientKeyPkcs8Pem().toString()));
    }

    @Test
    void tlsCertUserWithoutClientCertificateIsRefused() {
        TlsTestDatabase db = TlsTestDatabase.get();
        Properties props = props("user", db.certUser(), "sslmode", "verify-full",
                "sslrootcert", db.caCert().toString(), "sslcert", db.caCert().resolveSibling("absent.crt").toString());
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(plainUrl(db), props).close());
        assertEquals("28000", e.getSQLState(), fullMessage(e));
    }

    @Test
    void tlsKeyFilesHaveTheirFormatsAndMatchTheClientCertificate() throws Exception {
        TlsTestDatabase db = TlsTestDatabase.get();
        assertTrue(Files.readString(db.clientKeyPkcs1Pem()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.readString(db.clientKeyPkcs8Pem()).startsWith("-----BEGIN PRIVATE KEY-----"));
        X509Certificate cert;
        try (var in = Files.newInputStream(db.clientCert())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals("CN=" + db.certUser(), cert.getSubjectX500Principal().getName());
        try (Reader in = Files.newBufferedReader(db.clientKeyPkcs1Pem()); PEMParser pem = new PEMParser(in)) {
            var keyPair = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) pem.readObject());
            assertEquals(cert.getPublicKey(), keyPair.getPublic());
        }
    }

    // ---- FaultProxy ---------------------------------------------------------------------------------------

    @Test
    void proxyForwards() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (FaultProxy proxy = FaultProxy.inFrontOf(db);
             Connection c = DriverManager.getConnection(db.jdbcUrl(proxy.host(), proxy.port()), db.user(), db.password())) {
            assertEquals(42, queryInt(c, "select 42"));
            assertEquals(1, proxy.connectionCount());
        }
    }

    @Test
    void proxyStallMakesLoginTimeOut() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (FaultProxy proxy = FaultProxy.inFrontOf(db)) {
            proxy.stall();
            Properties props = props("user", db.user(), "password", db.password(), "loginTimeout", "2");
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(db.jdbcUrl(proxy.host(), proxy.port()), props).close());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(e.getSQLState().startsWith("08"), fullMessage(e));
            assertTrue(took.compareTo(Duration.ofMillis(1_500)) >= 0, "failed too early, not stalled: " + took);
            assertTrue(took.compareTo(Duration.ofMillis(4_000)) < 0, "login timeout not honoured: " + took);
            assertEquals(1, proxy.connectionCount(), "the stalled connection was accepted and is held");

            proxy.forward();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(proxy.host(), proxy.port()), props)) {
                assertEquals(1, queryInt(c, "select 1"));
            }
        }
    }

    @Test
    void proxyStallFreezesAnOpenConnection() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (FaultProxy proxy = FaultProxy.inFrontOf(db);
             Connection c = DriverManager.getConnection(db.jdbcUrl(proxy.host(), proxy.port()),
                     props("user", db.user(), "password", db.password(), "socketTimeout", "1"))) {
            assertEquals(1, queryInt(c, "select 1"));
            proxy.stall();
            SQLException e = assertThrows(SQLException.class, () -> queryInt(c, "select 1"));
            assertEquals("08006", e.getSQLState(), fullMessage(e));
        }
    }

    @Test
    void proxyDropsTheConnectionWhenTheClientSendsCommit() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (Connection direct = db.openConnection(); Statement st = direct.createStatement()) {
            st.execute("drop table if exists selftest_commit");
            st.execute("create table selftest_commit (id int)");
        }
        try (FaultProxy proxy = FaultProxy.inFrontOf(db);
             Connection c = DriverManager.getConnection(db.jdbcUrl(proxy.host(), proxy.port()), db.user(), db.password())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("insert into selftest_commit values (1)");
            }
            proxy.dropWhenClientSends("COMMIT");

            SQLException e = assertThrows(SQLException.class, c::commit);

            assertTrue(e.getSQLState().startsWith("08"), fullMessage(e));
            assertEquals(1, proxy.droppedByMarker());
            waitUntil(() -> proxy.connectionCount() == 0 ? 1 : 0, "proxy connection closed");
        }
        try (Connection direct = db.openConnection()) {
            assertEquals(0, queryInt(direct, "select count(*) from selftest_commit"), "COMMIT must not reach the server");
        }
    }

    @Test
    void proxyCloseAllDropsOpenConnections() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (FaultProxy proxy = FaultProxy.inFrontOf(db);
             Connection c = DriverManager.getConnection(db.jdbcUrl(proxy.host(), proxy.port()),
                     props("user", db.user(), "password", db.password(), "ApplicationName", "selftest-closeall"))) {
            assertEquals(1, queryInt(c, "select 1"));
            assertEquals(1, proxy.connectionCount());

            proxy.closeAll();

            assertEquals(0, proxy.connectionCount());
            SQLException e = assertThrows(SQLException.class, () -> queryInt(c, "select 1"));
            assertTrue(e.getSQLState().startsWith("08"), fullMessage(e));
            waitUntil(() -> {
                try {
                    return db.countBackends("selftest-closeall") == 0 ? 1 : 0;
                } catch (SQLException ex) {
                    throw new IllegalStateException(ex);
                }
            }, "server backend gone");
        }
    }

    @Test
    void proxyCloseEndsAllItsThreads() throws Exception {
        TestDatabase db = TestDatabase.get();
        FaultProxy proxy = FaultProxy.inFrontOf(db);
        String prefix = "fault-proxy-" + proxy.port() + "-";
        Connection c = DriverManager.getConnection(db.jdbcUrl(proxy.host(), proxy.port()), db.user(), db.password());
        try (Connection stalled = c) {
            assertEquals(1, queryInt(stalled, "select 1"));
            proxy.stall();
            assertTrue(proxyThreads(prefix) >= 3, "acceptor + two pumps expected");
            proxy.close();
            assertEquals(0, proxyThreads(prefix), "threads left after close()");
            assertThrows(SQLException.class, () -> queryInt(stalled, "select 1"));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static void assertCertLogin(TlsTestDatabase db, Properties keyProps) throws SQLException {
        Properties props = props("user", db.certUser(), "sslmode", "verify-full", "sslrootcert", db.caCert().toString(),
                "sslcert", db.clientCert().toString());
        props.putAll(keyProps);
        try (Connection c = DriverManager.getConnection(plainUrl(db), props)) {
            assertEquals(db.certUser(), queryString(c, "select current_user"));
            assertTrue(queryBoolean(c, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"));
        }
    }

    /** The URL without the TLS parameters of {@link TlsTestDatabase#jdbcUrl()}, so each test sets its own. */
    private static String plainUrl(PostgresTestServer db) {
        return "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database();
    }

    private static Connection connect(PostgresTestServer db, String applicationName) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(),
                props("user", db.user(), "password", db.password(), "ApplicationName", applicationName));
    }

    private static Properties props(String... keyValues) {
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static long proxyThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    private static void waitUntil(IntSupplier condition, String what) {
        Await.until("timed out waiting for: " + what, Duration.ofSeconds(10), () -> condition.getAsInt() != 0);
    }

    private static String fullMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append(" | ");
        }
        return sb.toString();
    }

    private static int queryInt(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean queryBoolean(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
