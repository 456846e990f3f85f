package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.codecheck.ra.config.ConfigurationException;
import io.codecheck.ra.config.Environment;

import jakarta.resource.spi.InvalidPropertyException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A wrong configuration is refused through the JCA SPI itself ({@code createConnectionFactory},
 * {@code createManagedConnection}) with an {@link InvalidPropertyException} that names the property and what it
 * accepts, before any connection is attempted, and never quotes a password.
 */
class ConfigurationRejectedTest {

    static final String SECRET = "Adapter-Secr3t!";
    /** A different password, only ever inside a URL, so that masking the URL is tested on its own. */
    static final String URL_SECRET = "Url-Secr3t!";
    static final String POOL = "cc-rejected";

    @TempDir
    static Path dir;

    /** Valid except for what a case changes; nothing listens on port 1, and nothing must try to connect. */
    private static PgManagedConnectionFactory factory(Consumer<PgManagedConnectionFactory> change,
            Map<String, String> env) {
        PgManagedConnectionFactory f = new PgManagedConnectionFactory();
        f.setEnvironment(Environment.of(env));
        f.setServerName("localhost");
        f.setPortNumber(1);
        f.setDatabaseName("codecheck");
        f.setUser("app");
        f.setPassword(SECRET);
        f.setPoolName(POOL);
        change.accept(f);
        return f;
    }

    private static Arguments rejected(String what, Consumer<PgManagedConnectionFactory> change, String property,
            String... mustMention) {
        return rejected(what, change, Map.of(), property, mustMention);
    }

    private static Arguments rejected(String what, Consumer<PgManagedConnectionFactory> change,
            Map<String, String> env, String property, String... mustMention) {
        return Arguments.of(what, change, env, property, List.of(mustMention));
    }

    static Stream<Arguments> wrongConfigurations() throws Exception {
        Path missing = dir.resolve("no-such-root.crt");
        return Stream.of(
                rejected("unknown sslMode", f -> f.setSslMode("bogus"), "sslMode",
                        "'bogus'", "disable, allow, prefer, require, verify-ca, verify-full"),
                rejected("unknown poolerMode", f -> f.setPoolerMode("statement"), "poolerMode",
                        "'statement'", "allowed values are none, session, transaction"),
                rejected("options startup parameter behind PgBouncer", f -> {
                    f.setPoolerMode("Session");
                    f.setDriverProperties("options=-c work_mem=64MB");
                }, "driverProperties", "options startup parameter cannot be used with poolerMode=session"),
                rejected("unknown sessionReset", f -> f.setSessionReset("sometimes"), "sessionReset",
                        "'sometimes'", "allowed values are auto, always"),
                rejected("negative statementTimeout", f -> f.setStatementTimeout(-5), "statementTimeout",
                        "'-5'", "milliseconds", "from 0 to 2147483647"),
                rejected("missing sslRootCert", f -> {
                    f.setSslMode("verify-ca");
                    f.setSslRootCert(missing.toString());
                }, "sslRootCert", missing.toString(), "does not exist"),
                rejected("sslRootCert is a directory", f -> {
                    f.setSslMode("require");
                    f.setSslRootCert(dir.toString());
                }, "sslRootCert", dir.toString(), "not a regular file"),
                rejected("sslRootCert with a NUL character", f -> {
                    f.setSslMode("verify-ca");
                    f.setSslRootCert(dir + "/root\0.crt");
                }, "sslRootCert", "\\u0000", "not a valid file path"),
                rejected("sslKey with a NUL character", f -> f.setSslKey("client.pk8\0"), "sslKey",
                        "not a valid file path"),
                rejected("validationTimeout not in whole seconds", f -> f.setValidationTimeout(1500),
                        "validationTimeout", "'1500'", "1000, 2000, ... 2147483000"),
                rejected("validationTimeout over socketTimeout", f -> {
                    f.setSocketTimeout(3);
                    f.setValidationTimeout(4000);
                }, "validationTimeout", "socketTimeout"),
                rejected("DB_STATEMENT_TIMEOUT above PostgreSQL's maximum", f -> { },
                        Map.of("DB_STATEMENT_TIMEOUT", "2147483648"), "DB_STATEMENT_TIMEOUT", "from 0 to 2147483647"),
                rejected("verify-full without any root certificate", f -> f.setSslMode("verify-full"), "sslMode",
                        "needs sslRootCert"),
                rejected("url without '//'", f -> f.setUrl("postgresql:app:" + URL_SECRET + "@localhost/x"), "url",
                        "is not a valid PostgreSQL URL", "postgresql://user:password@host:port/database"),
                rejected("url with an unknown scheme", f -> f.setUrl("mysql://app:" + URL_SECRET + "@localhost/x"),
                        "url", "unknown scheme"),
                rejected("url with a bad port", f -> f.setUrl("postgresql://app:" + URL_SECRET + "@localhost:99999/x"),
                        "url", "is not a valid PostgreSQL URL", "1 to 65535"),
                rejected("url with an unknown parameter",
                        f -> f.setUrl("postgresql://app:" + URL_SECRET + "@localhost/x?sslmod=require"),
                        "url", "unknown parameter 'sslmod'"),
                rejected("portNumber out of range", f -> f.setPortNumber(70000), "portNumber",
                        "70000", "1 to 65535"),
                rejected("unknown targetServerType", f -> f.setTargetServerType("master2"), "targetServerType",
                        "'master2'", "any, primary, secondary, preferSecondary, preferPrimary"),
                rejected("unknown driverProperties name", f -> f.setDriverProperties("prepareThreshhold=0"),
                        "driverProperties", "'prepareThreshhold'", "not a pgjdbc property"),
                rejected("password inside driverProperties",
                        f -> f.setDriverProperties("prepareThreshold=0;password=" + SECRET), "driverProperties",
                        "'password' may not be set here", "password property"),
                rejected("sslpassword inside driverProperties",
                        f -> f.setDriverProperties("sslpassword=" + SECRET), "driverProperties",
                        "'sslpassword' may not be set here", "sslPassword property"),
                rejected("driverProperties entry without '='", f -> f.setDriverProperties("prepareThreshold"),
                        "driverProperties", "not name=value"),
                rejected("bad DB_SSLMODE from the environment", f -> { }, Map.of("DB_SSLMODE", "bogus"),
                        "DB_SSLMODE", "'bogus'", "disable, allow, prefer, require, verify-ca, verify-full"),
                rejected("bad DB_PORT from the environment", f -> f.setPortNumber(null), Map.of("DB_PORT", "70000"),
                        "DB_PORT", "1 to 65535"),
                rejected("bad DB_STATEMENT_TIMEOUT from the environment", f -> { },
                        Map.of("DB_STATEMENT_TIMEOUT", "soon"), "DB_STATEMENT_TIMEOUT", "'soon'", "milliseconds"),
                rejected("malformed DATABASE_URL", f -> { },
                        Map.of("DATABASE_URL", "postgresql://app:" + URL_SECRET + "@localhost:0/x"), "DATABASE_URL",
                        "is not a valid PostgreSQL URL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongConfigurations")
    void createConnectionFactoryRefusesIt(String what, Consumer<PgManagedConnectionFactory> change,
            Map<String, String> env, String property, List<String> mustMention) {
        PgManagedConnectionFactory f = factory(change, env);
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                () -> f.createConnectionFactory(new TestConnectionManager()), what);
        assertExplains(e, property, mustMention);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongConfigurations")
    void createManagedConnectionRefusesIt(String what, Consumer<PgManagedConnectionFactory> change,
            Map<String, String> env, String property, List<String> mustMention) {
        PgManagedConnectionFactory f = factory(change, env);
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                () -> f.createManagedConnection(null, null), what);
        assertExplains(e, property, mustMention);
    }

    private static void assertExplains(InvalidPropertyException e, String property, List<String> mustMention) {
        String message = e.getMessage();
        assertNotNull(message);
        assertTrue(message.contains(property), "names " + property + ": " + message);
        assertTrue(message.contains(POOL), "names the resource: " + message);
        for (String fragment : mustMention) {
            assertTrue(message.contains(fragment), "mentions '" + fragment + "': " + message);
        }
        ConfigurationException cause = assertInstanceOf(ConfigurationException.class, e.getCause());
        assertEquals(property, cause.property());
        String all = SslModesTest.everything(e);
        assertFalse(all.contains(SECRET), "leaked the password: " + all);
        assertFalse(all.contains(URL_SECRET), "leaked the URL's password: " + all);
        assertFalse(all.contains("Secr3t"), "leaked part of a password: " + all);
    }

    @Test
    void anUnreadableCertificateFileIsRefusedNamingIt() throws Exception {
        Path unreadable = Files.writeString(dir.resolve("unreadable-root.crt"), "-----BEGIN CERTIFICATE-----\n");
        Files.setPosixFilePermissions(unreadable, Set.of());
        // root reads any file whatever its mode: the README test command runs this as a normal user too
        assumeFalse(Files.isReadable(unreadable), "this process can read a file with mode 000 (root)");
        PgManagedConnectionFactory f = factory(x -> {
            x.setSslMode("verify-ca");
            x.setSslRootCert(unreadable.toString());
        }, Map.of());
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                () -> f.createConnectionFactory(new TestConnectionManager()));
        assertExplains(e, "sslRootCert", List.of(unreadable.toString(), "is not readable"));
    }

    @Test
    void theSameFactoryWorksOnceTheValueIsCorrected() throws Exception {
        PgManagedConnectionFactory f = factory(x -> x.setSslMode("bogus"), Map.of());
        assertThrows(InvalidPropertyException.class, () -> f.createConnectionFactory(new TestConnectionManager()));
        f.setSslMode("disable");
        Object cf = f.createConnectionFactory(new TestConnectionManager());
        assertInstanceOf(CodeCheckDataSourceImpl.class, cf);
        assertEquals("disable", f.resolveSettings().sslMode().libpqName());
    }

    @Test
    void aWrongValueThatLosesToAResourcePropertyIsNotReported() throws Exception {
        // only the winning value is validated: DB_SSLMODE=bogus is harmless when sslMode is set on the resource
        PgManagedConnectionFactory f = factory(x -> x.setSslMode("disable"), Map.of("DB_SSLMODE", "bogus"));
        assertInstanceOf(CodeCheckDataSourceImpl.class, f.createConnectionFactory(new TestConnectionManager()));
    }

    @Test
    void passwordWithUnusualCharactersInDriverPropertiesIsNotQuotedEvenPartly() {
        // a ';' inside a secret splits it: the tail must not be quoted as "an entry"
        PgManagedConnectionFactory f = factory(x -> x.setDriverProperties("password=Adapter;Secr3t-tail"),
                Map.of());
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                () -> f.createConnectionFactory(new TestConnectionManager()));
        assertFalse(SslModesTest.everything(e).contains("Secr3t-tail"), e.getMessage());
        assertTrue(e.getMessage().contains("driverProperties"), e.getMessage());
    }
}
