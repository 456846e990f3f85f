package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.api.SqlStatement;
import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.config.Environment;
import io.codecheck.ra.jmx.PoolMBeanRegistration;
import io.codecheck.ra.testsupport.GeneratedSecrets;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.ra.testsupport.TlsTestDatabase;

import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * No password or key passphrase reaches a log record (of the adapter or of pgjdbc, at every level), an exception,
 * a {@code toString()}, the statistics or the health report, whether things go right or wrong. The adapter-level
 * counterpart of the config package's {@code SecretsNeverLeakTest}.
 */
class AdapterSecretsNeverLeakTest {

    static final String SECRET = "Adapter-Secr3t!";
    static final List<String> SECRETS = List.of(SECRET, TestDatabase.APP_PASSWORD, TlsTestDatabase.P12_PASSWORD,
            TestDatabase.SUPERUSER_PASSWORD);

    /** Strong references: JUL holds loggers weakly, and a collected logger forgets its level. */
    private static final Logger ADAPTER_LOGGER = Logger.getLogger("io.codecheck");
    private static final Logger DRIVER_LOGGER = Logger.getLogger("org.postgresql");

    private final Capture capture = new Capture();
    private Level adapterLevel;
    private Level driverLevel;

    /** Keeps every record; rendering happens at assertion time. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new ArrayList<>();
        private final SimpleFormatter formatter = new SimpleFormatter();

        Capture() {
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized void clear() {
            records.clear();
        }

        synchronized List<LogRecord> snapshot() {
            return new ArrayList<>(records);
        }

        /** Raw message, formatted message, parameters and the thrown exception with every cause and stack. */
        String render(LogRecord r) {
            StringBuilder sb = new StringBuilder();
            sb.append(r.getLoggerName()).append(' ').append(r.getLevel()).append(": ").append(r.getMessage());
            sb.append(" | formatted: ").append(formatter.formatMessage(r));
            if (r.getParameters() != null) {
                sb.append(" | parameters: ").append(Arrays.deepToString(r.getParameters()));
            }
            if (r.getThrown() != null) {
                sb.append(" | thrown: ").append(SslModesTest.everything(r.getThrown()));
            }
            return sb.toString();
        }
    }

    /**
     * The servers are started (and their roles created) before anything is captured: the set-up runs
     * {@code CREATE ROLE ... PASSWORD '...'}, and pgjdbc logs every statement's SQL at FINEST. That is test
     * infrastructure talking to the driver directly, not the adapter.
     */
    @BeforeAll
    static void startServersBeforeCapturing() {
        TestDatabase.get();
        TlsTestDatabase.get();
    }

    @BeforeEach
    void captureAllLogging() {
        adapterLevel = ADAPTER_LOGGER.getLevel();
        driverLevel = DRIVER_LOGGER.getLevel();
        ADAPTER_LOGGER.setLevel(Level.ALL);
        DRIVER_LOGGER.setLevel(Level.ALL);
        ADAPTER_LOGGER.addHandler(capture);
        DRIVER_LOGGER.addHandler(capture);
    }

    @AfterEach
    void restoreLogging() {
        ADAPTER_LOGGER.removeHandler(capture);
        DRIVER_LOGGER.removeHandler(capture);
        ADAPTER_LOGGER.setLevel(adapterLevel);
        DRIVER_LOGGER.setLevel(driverLevel);
    }

    // ---------------------------------------------------------------------------------------------- assertions

    private static void assertClean(String where, Object shown) {
        String text = shown instanceof Throwable t ? SslModesTest.everything(t) : String.valueOf(shown);
        for (String secret : SECRETS) {
            if (text.contains(secret)) {
                fail("secret '" + secret.charAt(0) + "...' leaked into " + where + ": " + text);
            }
        }
        assertFalse(text.contains("Secr3t"), "part of a secret leaked into " + where + ": " + text);
    }

    /** Every captured record is clean; and the capture really saw adapter and driver records at fine levels. */
    private void assertLogsClean(boolean expectDriverRecords) {
        List<LogRecord> records = capture.snapshot();
        for (LogRecord r : records) {
            assertClean("log record", capture.render(r));
        }
        assertTrue(records.stream().anyMatch(r -> r.getLoggerName().startsWith("io.codecheck")),
                "no adapter log record was captured: the capture is not working");
        if (expectDriverRecords) {
            assertTrue(records.stream().anyMatch(r -> r.getLoggerName().startsWith("org.postgresql")
                            && r.getLevel().intValue() < Level.INFO.intValue()),
                    "no fine-level pgjdbc record was captured: the capture is not working");
        }
    }

    private static void assertSettingsClean(PgManagedConnectionFactory mcf) throws Exception {
        ConnectionSettings s = mcf.resolveSettings();
        assertClean("describe()", s.describe());
        assertClean("operatorView()", s.operatorView());
        assertClean("ConnectionSettings.toString()", s);
        assertClean("sources()", s.sources());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------------------------------------- scenarios

    @Test
    void successfulPoolUse() throws Exception {
        PgManagedConnectionFactory unused = PoolFixture.factoryFor(TestDatabase.get(), "cc-secrets-unused");
        assertClean("factory toString before first use", unused);
        assertTrue(unused.toString().contains("password=****"), unused.toString());

        try (PoolFixture pool = new PoolFixture()) {
            pool.ds.update("CREATE TEMP TABLE IF NOT EXISTS secrets_t (v int)");
            pool.ds.transaction(SqlStatement.of("SELECT 1"), SqlStatement.of("SELECT 2"));
            assertEquals(1, pool.ds.query("SELECT 1 AS one").size());
            HealthStatus health = pool.ds.health();
            assertTrue(health.healthy(), String.valueOf(health));
            assertClean("health", health);

            try (Connection handle = pool.ds.getConnection()) {
                assertClean("handle", handle);
                for (ManagedConnection mc : pool.cm.idleConnections()) {
                    assertClean("idle managed connection", mc);
                }
            }
            // explicit credentials: the request info and the connection's credentials print masked
            try (Connection handle = pool.ds.getConnection(TestDatabase.APP_USER, TestDatabase.APP_PASSWORD)) {
                assertClean("handle with explicit credentials", handle);
                assertEquals(1, pool.ds.query("SELECT 1").size());
            }
            assertFalse(pool.cm.idleConnections().isEmpty());
            for (ManagedConnection mc : pool.cm.idleConnections()) {
                assertClean("managed connection", mc);
            }
            assertClean("request info", new PgConnectionRequestInfo(TestDatabase.APP_USER, TestDatabase.APP_PASSWORD));
            assertClean("factory toString after first use", pool.mcf);
            assertClean("data source", pool.ds);
            assertClean("statistics", pool.ds.statistics());
            assertSettingsClean(pool.mcf);
        }
        assertLogsClean(true);
    }

    @Test
    void clientKeyPassphraseOfASuccessfulLogin() throws Exception {
        TlsTestDatabase tls = TlsTestDatabase.get();
        try (PoolFixture pool = new PoolFixture(tls, f -> {
            f.setUser(tls.certUser());
            f.setPassword(null);
            f.setSslMode("verify-full");
            f.setSslRootCert(tls.caCert().toString());
            f.setSslCert(tls.clientCert().toString());
            f.setSslKey(tls.clientKeyP12().toString());
            f.setSslPassword(tls.clientKeyP12Password());
        }, new TestConnectionManager())) {
            assertClean("factory toString before first connection", pool.mcf);
            assertEquals(tls.certUser(), pool.ds.queryOne("SELECT current_user AS u").orElseThrow().get("u"));
            assertTrue(pool.ds.health().healthy());
            for (ManagedConnection mc : pool.cm.idleConnections()) {
                assertClean("managed connection", mc);
            }
            assertClean("factory", pool.mcf);
            assertClean("statistics", pool.ds.statistics());
            assertSettingsClean(pool.mcf);
        }
        assertLogsClean(true);
    }

    @Test
    void failedLoginWithAWrongPassword() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setPassword(SECRET))) {
            assertClean("factory toString", pool.mcf);

            DatabaseConnectionException e = assertThrows(DatabaseConnectionException.class,
                    () -> pool.ds.query("SELECT 1"));
            assertEquals("28P01", e.getSqlState(), e.getMessage());
            assertClean("helper exception", e);

            SQLException direct = assertThrows(SQLException.class, () -> pool.ds.getConnection());
            assertClean("getConnection() exception", direct);
            SQLException explicit = assertThrows(SQLException.class,
                    () -> pool.ds.getConnection(TestDatabase.APP_USER, SECRET));
            assertClean("getConnection(user, password) exception", explicit);
            ManagedConnectionFailure.assertRefused(pool.mcf);

            String lastError = pool.ds.statistics().lastError();
            assertNotNull(lastError, "the failure is recorded");
            assertTrue(lastError.contains("password authentication failed"), lastError);
            assertClean("statistics().lastError()", lastError);
            HealthStatus health = pool.ds.health();
            assertFalse(health.healthy());
            assertNotNull(health.error());
            assertClean("health().error()", health.error());
            assertClean("health", health);
            assertClean("factory toString after failures", pool.mcf);
            assertClean("data source", pool.ds);
            assertSettingsClean(pool.mcf);
        }
        assertLogsClean(true);
    }

    /** createManagedConnection, as a container calls it, with a wrong password. */
    private static final class ManagedConnectionFailure {
        static void assertRefused(PgManagedConnectionFactory mcf) {
            jakarta.resource.ResourceException e = assertThrows(jakarta.resource.ResourceException.class,
                    () -> mcf.createManagedConnection(null, null));
            assertClean("createManagedConnection exception", e);
            jakarta.resource.ResourceException explicit = assertThrows(jakarta.resource.ResourceException.class,
                    () -> mcf.createManagedConnection(null,
                            new PgConnectionRequestInfo(TestDatabase.APP_USER, SECRET)));
            assertClean("createManagedConnection(explicit credentials) exception", explicit);
        }
    }

    @Test
    void malformedUrlContainingAPassword() throws Exception {
        String url = "postgresql://app:" + SECRET + "@localhost:1/x?sslmode=bogus";
        PgManagedConnectionFactory f = new PgManagedConnectionFactory();
        f.setEnvironment(Environment.of(Map.of()));
        f.setUrl(url);
        f.setPoolName("cc-secrets-url");
        assertClean("factory toString", f);
        assertTrue(f.toString().contains("postgresql://app:****@localhost:1/x"), "the rest stays readable: " + f);

        InvalidPropertyException pooled = assertThrows(InvalidPropertyException.class,
                () -> f.createConnectionFactory(new TestConnectionManager()));
        assertTrue(pooled.getMessage().contains("sslmode"), pooled.getMessage());
        assertClean("createConnectionFactory exception", pooled);
        InvalidPropertyException unpooled = assertThrows(InvalidPropertyException.class,
                () -> f.createConnectionFactory());
        assertClean("createConnectionFactory() exception", unpooled);
        assertClean("createManagedConnection exception",
                assertThrows(InvalidPropertyException.class, () -> f.createManagedConnection(null, null)));
        assertClean("factory toString after the failure", f);

        // the same URL that does not even parse, as a property and as DATABASE_URL
        PgManagedConnectionFactory broken = new PgManagedConnectionFactory();
        broken.setEnvironment(Environment.of(Map.of("DATABASE_URL", "postgresql//app:" + SECRET + "@localhost/x")));
        assertClean("factory toString", broken);
        InvalidPropertyException fromEnv = assertThrows(InvalidPropertyException.class,
                () -> broken.createConnectionFactory(new TestConnectionManager()));
        assertTrue(fromEnv.getMessage().contains("DATABASE_URL"), fromEnv.getMessage());
        assertClean("DATABASE_URL exception", fromEnv);
        broken.setUrl("jdbc:postgresql://localhost:1/x?user=app&password=" + SECRET + "&sslmode=bogus");
        assertClean("factory toString with a jdbc url", broken);
        assertClean("jdbc url exception", assertThrows(InvalidPropertyException.class,
                () -> broken.createConnectionFactory(new TestConnectionManager())));

        // a settings logger at CONFIG and the failures above must have left something to look at
        try (PoolFixture ok = new PoolFixture()) {
            assertEquals(1, ok.ds.query("SELECT 1").size());
        }
        assertLogsClean(false);
    }

    @Test
    void healthOfAnUnreachableServer() throws Exception {
        int port = closedPort();
        PgManagedConnectionFactory f = PoolFixture.factoryFor(TestDatabase.get(), "cc-secrets-unreachable");
        f.setPortNumber(port);
        f.setPassword(SECRET);
        f.setConnectTimeout(2);
        f.setLoginTimeout(2);
        TestConnectionManager cm = new TestConnectionManager();
        try {
            CodeCheckDataSourceImpl ds = (CodeCheckDataSourceImpl) f.createConnectionFactory(cm);
            HealthStatus health = ds.health();
            assertFalse(health.healthy());
            assertEquals("08001", health.sqlState(), String.valueOf(health));
            assertNotNull(health.error());
            assertTrue(health.error().contains(String.valueOf(port)), "says where: " + health.error());
            assertClean("health().error()", health.error());
            assertClean("health", health);
            assertClean("statistics().lastError()", ds.statistics().lastError());
            assertClean("statistics", ds.statistics());
            assertClean("data source", ds);
            assertClean("factory", f);
            assertClean("helper exception", assertThrows(DatabaseConnectionException.class, () -> ds.query("SELECT 1")));
            assertSettingsClean(f);
        } finally {
            cm.shutdown();
            f.shutdown();
        }
        assertLogsClean(true);
    }

    // ---------------------------------------------------------------------------------------------- generated

    /** Every 50th generated password: 40 logins that cover the alphabet's delimiters, blanks and non-ASCII. */
    private static List<String> generatedPasswords() {
        List<String> all = GeneratedSecrets.generate();
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 50) {
            picked.add(all.get(i));
        }
        return picked;
    }

    /**
     * For generated passwords, a real login that succeeds and one that fails with that password: no part of it in any
     * log record (adapter and pgjdbc, every level), exception, {@code toString()}, statistics, health, MBean attribute
     * or MBean operation result. The role's password is set with {@code PGConnection.alterUserPassword}, so not even
     * the test's own SQL holds it.
     */
    @Test
    void generatedPasswordsLeakNowhereWhetherTheLoginSucceedsOrFails() throws Exception {
        TestDatabase db = TestDatabase.get();
        String role = "leak_probe";
        try (Connection admin = db.openAdminConnection(); java.sql.Statement st = admin.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
            st.execute("CREATE ROLE " + role + " LOGIN");
        }
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        List<String> failures = new ArrayList<>();
        List<String> passwords = generatedPasswords();
        try {
            for (String pw : passwords) {
                capture.clear();
                List<String> shown = new ArrayList<>();
                setPassword(db, role, pw.toCharArray());
                try (PoolFixture pool = new PoolFixture(f -> {
                    f.setUser(role);
                    f.setPassword(pw);
                })) {
                    assertEquals(role, pool.ds.queryOne("SELECT current_user AS u").orElseThrow().get("u"),
                            "logged in with the generated password");
                    try (Connection c = pool.ds.getConnection(role, pw)) {
                        shown.add(String.valueOf(c));
                    }
                    shown.add(String.valueOf(pool.ds.health()));
                    showEverything(pool, jmx, shown);
                }
                setPassword(db, role, "not-the-generated-one".toCharArray());
                try (PoolFixture pool = new PoolFixture(f -> {
                    f.setUser(role);
                    f.setPassword(pw);
                })) {
                    DatabaseConnectionException e = assertThrows(DatabaseConnectionException.class,
                            () -> pool.ds.query("SELECT 1"));
                    assertEquals("28P01", e.getSqlState(), e.getMessage());
                    shown.add(SslModesTest.everything(e));
                    shown.add(SslModesTest.everything(assertThrows(SQLException.class, pool.ds::getConnection)));
                    shown.add(SslModesTest.everything(assertThrows(SQLException.class,
                            () -> pool.ds.getConnection(role, pw))));
                    shown.add(SslModesTest.everything(assertThrows(jakarta.resource.ResourceException.class,
                            () -> pool.mcf.createManagedConnection(null, new PgConnectionRequestInfo(role, pw)))));
                    HealthStatus health = pool.ds.health();
                    assertFalse(health.healthy());
                    shown.add(String.valueOf(health));
                    showEverything(pool, jmx, shown);
                }
                TlsTestDatabase tls = TlsTestDatabase.get();
                try (PoolFixture pool = new PoolFixture(tls, f -> {
                    f.setUser(tls.certUser());
                    f.setPassword(null);
                    f.setSslMode("verify-full");
                    f.setSslRootCert(tls.caCert().toString());
                    f.setSslCert(tls.clientCert().toString());
                    f.setSslKey(tls.clientKeyP12().toString());
                    f.setSslPassword(pw);
                }, new TestConnectionManager())) {
                    shown.add(SslModesTest.everything(assertThrows(SQLException.class, pool.ds::getConnection)));
                    showEverything(pool, jmx, shown);
                }
                for (LogRecord r : capture.snapshot()) {
                    String text = capture.render(r);
                    if (text.contains("SASL") || text.contains("SCRAM-SHA-256$")) {
                        // pgjdbc's FINEST SCRAM trace, and its trace of the test's own ALTER USER with the hashed
                        // verifier: random base64 nonces, salts and proofs (one-way from the password) hold
                        // 3-character pieces of anything by chance ('Ww=', seen once); the password itself must still
                        // not be there
                        assertFalse(text.contains(pw), "the password is in pgjdbc's SCRAM trace: " + text);
                    } else {
                        shown.add(text);
                    }
                }
                for (String text : shown) {
                    // file paths may hold random temporary directory names: digits any password may share
                    for (java.nio.file.Path file : List.of(tls.caCert(), tls.clientCert(), tls.clientKeyP12())) {
                        text = text.replace(file.toString(), "<file>");
                    }
                    String leak = GeneratedSecrets.leak(pw, withoutMeasurements(text));
                    if (leak != null) {
                        failures.add("[" + pw + "] leaks '" + leak + "' in: " + text);
                        break;
                    }
                }
            }
        } finally {
            try (Connection admin = db.openAdminConnection(); java.sql.Statement st = admin.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + passwords.size() + " passwords (seed "
                + GeneratedSecrets.SEED + ") leak, e.g.\n"
                + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
    }

    private static void setPassword(TestDatabase db, String role, char[] password) throws SQLException {
        try (Connection admin = db.openAdminConnection()) {
            admin.unwrap(PGConnection.class).alterUserPassword(role, password, "scram-sha-256");
        }
    }

    /** toString of the factory, data source and idle sessions; statistics; every MBean attribute and operation. */
    private static void showEverything(PoolFixture pool, MBeanServer jmx, List<String> shown) throws Exception {
        shown.add(String.valueOf(pool.mcf));
        shown.add(String.valueOf(pool.ds));
        shown.add(String.valueOf(pool.ds.statistics()));
        for (ManagedConnection mc : pool.cm.idleConnections()) {
            shown.add(String.valueOf(mc));
        }
        ObjectName name = PoolMBeanRegistration.objectName(pool.applicationName);
        MBeanInfo info = jmx.getMBeanInfo(name);
        shown.add(String.valueOf(info));
        for (MBeanAttributeInfo a : info.getAttributes()) {
            shown.add(a.getName() + "=" + jmx.getAttribute(name, a.getName()));
        }
        for (MBeanOperationInfo op : info.getOperations()) {
            if (op.getSignature().length == 0) {
                shown.add(op.getName() + "() -> " + jmx.invoke(name, op.getName(), null, null));
            }
        }
    }

    /**
     * Times and measured durations (the health check's database time, latencies, mean waits) hold digits that any
     * password may share by chance ('878' of a timestamp's microseconds, seen once): masked before the check, as
     * they come from clocks, not from input.
     */
    static String withoutMeasurements(String text) {
        return text.replaceAll("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}(:?\\d{2})?)?", "<time>")
                .replaceAll("\\d+\\.\\d+", "<measured>")
                // identity hash codes of the driver's objects (Handler@48788853): random digits any password may share
                .replaceAll("@\\p{XDigit}{6,8}\\b", "@<hash>");
    }
}
