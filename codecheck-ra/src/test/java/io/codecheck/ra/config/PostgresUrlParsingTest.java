package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.Driver;

class PostgresUrlParsingTest {

    @TempDir
    Path dir;

    private static ConnectionSettings url(String url) {
        return props().url(url).resolve();
    }

    @Test
    void libpqFormWithEverything() {
        ConnectionSettings s = url("postgresql://alice:s%40cr%2Ft@db.example.com:6543/my%20db"
                + "?sslmode=require&application_name=billing&connect_timeout=7");
        Properties p = s.driverProperties();
        assertEquals("jdbc:postgresql://db.example.com:6543/my%20db", s.jdbcUrl());
        assertEquals("my db", s.databaseName());
        assertEquals("alice", s.user());
        assertEquals("s@cr/t", p.getProperty("password"), "user info is percent-decoded");
        assertEquals("require", p.getProperty("sslmode"));
        assertEquals("billing", s.applicationName());
        assertEquals(7, s.connectTimeoutSeconds());
        assertEquals(7, s.loginTimeoutSeconds(), "libpq's connect_timeout bounds the whole attempt");
    }

    @Test
    void postgresSchemeWorksTooAndIsCaseInsensitive() {
        assertEquals("jdbc:postgresql://h:5432/d", url("postgres://h/d").jdbcUrl());
        assertEquals("jdbc:postgresql://h:5432/d", url("PostgreSQL://h/d").jdbcUrl());
    }

    @Test
    void plusIsLiteralInLibpqUrlsButASpaceInJdbcUrls() {
        assertEquals("a+b", url("postgresql://u:a+b@h/d").driverProperties().getProperty("password"));
        assertEquals("a b", url("jdbc:postgresql://h/d?password=a+b").driverProperties().getProperty("password"));
    }

    @Test
    void multipleHostsWithAndWithoutPorts() {
        assertEquals(List.of("h1:5433", "h2:5432", "h3:5435"), url("postgresql://h1:5433,h2,h3:5435/d").hosts());
    }

    @Test
    void ipv6HostsInBrackets() {
        ConnectionSettings s = url("postgresql://[::1]:5433,[fe80::1%25eth0]/d");
        assertEquals(List.of("[::1]:5433", "[fe80::1%25eth0]:5432"), s.hosts());
    }

    @Test
    void jdbcFormWithCredentialsAsParameters() {
        ConnectionSettings s = url("jdbc:postgresql://h1:5433,h2/appdb?user=bob&password=pw&sslmode=disable"
                + "&targetServerType=preferSecondary&loadBalanceHosts=true&ApplicationName=x&socketTimeout=99"
                + "&loginTimeout=8&connectTimeout=9&readOnly=true");
        Properties p = s.driverProperties();
        assertEquals(List.of("h1:5433", "h2:5432"), s.hosts());
        assertEquals("appdb", s.databaseName());
        assertEquals("bob", s.user());
        assertEquals("pw", p.getProperty("password"));
        assertEquals(SslMode.DISABLE, s.sslMode());
        assertEquals("preferSecondary", s.targetServerType());
        assertTrue(s.loadBalanceHosts());
        assertEquals("x", s.applicationName());
        assertEquals(99, s.socketTimeoutSeconds());
        assertEquals(8, s.loginTimeoutSeconds());
        assertEquals(9, s.connectTimeoutSeconds());
        assertTrue(s.readOnly());
    }

    @Test
    void jdbcShortFormsAreAccepted() {
        assertEquals("jdbc:postgresql://localhost:5432/onlydb", url("jdbc:postgresql:onlydb").jdbcUrl());
        assertEquals("jdbc:postgresql://h:5432/codecheck", url("jdbc:postgresql://h").jdbcUrl());
        assertEquals("jdbc:postgresql://h:5432/codecheck", url("jdbc:postgresql://h/").jdbcUrl());
    }

    @Test
    void libpqHostPortAndDbnameParameters() {
        ConnectionSettings s = url("postgresql:///ignored?host=a,b:6000&port=7000&dbname=real");
        assertEquals(List.of("a:7000", "b:6000"), s.hosts());
        assertEquals("real", s.databaseName());
    }

    @ParameterizedTest
    @CsvSource({"any,any", "read-write,primary", "primary,primary", "read-only,secondary", "standby,secondary",
            "prefer-standby,preferSecondary"})
    void targetSessionAttrsMapsToTargetServerType(String libpq, String pgjdbc) {
        assertEquals(pgjdbc, url("postgresql://h1,h2/d?target_session_attrs=" + libpq).targetServerType());
    }

    @Test
    void specificPgjdbcNameBeatsLibpqAliasWhateverTheOrder() {
        ConnectionSettings a = url("postgresql://h/d?connectTimeout=3&connect_timeout=9");
        ConnectionSettings b = url("postgresql://h/d?connect_timeout=9&connectTimeout=3");
        assertEquals(3, a.connectTimeoutSeconds());
        assertEquals(3, b.connectTimeoutSeconds());
        assertEquals(9, a.loginTimeoutSeconds());
        assertEquals("primary",
                url("postgresql://h/d?targetServerType=primary&target_session_attrs=standby").targetServerType());
    }

    @Test
    void loadBalanceHostsLibpqSpelling() {
        assertTrue(url("postgresql://a,b/d?load_balance_hosts=random").loadBalanceHosts());
        assertEquals(false, url("postgresql://a,b/d?load_balance_hosts=disable&readOnly=true").loadBalanceHosts());
    }

    @Test
    void pgjdbcSslTrueMeansVerifyFullLikePgjdbc() throws Exception {
        Path root = Files.writeString(dir.resolve("root.crt"), "cert");
        ConnectionSettings s = url("jdbc:postgresql://h/d?ssl=true&sslrootcert=" + root);
        assertEquals(SslMode.VERIFY_FULL, s.sslMode());
        assertEquals(SslMode.REQUIRE, url("jdbc:postgresql://h/d?ssl=true&sslmode=require").sslMode());
    }

    @Test
    void otherPgjdbcPropertiesPassThrough() {
        Properties p = url("postgresql://h/d?prepareThreshold=0&currentSchema=app&tcpKeepAlive=true")
                .driverProperties();
        assertEquals("0", p.getProperty("prepareThreshold"));
        assertEquals("app", p.getProperty("currentSchema"));
        assertEquals("true", p.getProperty("tcpKeepAlive"));
    }

    @Test
    void optionsParameterIsAppendedAfterTheAdaptersSessionSettings() {
        String options = url("postgresql://h/d?options=-c%20search_path%3Dapp").driverProperties()
                .getProperty("options");
        assertEquals("-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000 -c search_path=app",
                options);
    }

    @Test
    void unknownParameterIsRejectedByName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> url("postgresql://h/d?sslmod=require"));
        assertEquals("url", e.property());
        assertTrue(e.getMessage().contains("unknown parameter 'sslmod'"), e.getMessage());
    }

    @Test
    void wrongCaseOfAPgjdbcNameGetsASuggestion() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> url("jdbc:postgresql://h/d?preparethreshold=0"));
        assertTrue(e.getMessage().contains("did you mean 'prepareThreshold'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mysql://h/d",
        "postgresql:/h/d",
        "jdbc:postgresql://user@h/d",
        "postgresql://h/d%zz",
        "postgresql://h:99999/d",
        "postgresql://h:abc/d",
        "postgresql://h/d?sslmode",
        "postgresql://h/a/b",
        "postgresql://h1,,h2/d",
        "postgresql://::1/d",
        "postgresql://[::1/d",
        "postgresql:///run/postgresql/d?host=/var/run/postgresql",
    })
    void malformedUrlsAreRejectedNamingUrl(String bad) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> url(bad));
        assertEquals("url", e.property());
        assertTrue(e.getMessage().startsWith("url"), e.getMessage());
    }

    @Test
    void malformedUrlMessageShowsTheExpectedForm() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> url("mysql://h/d"));
        assertTrue(e.getMessage().contains("postgresql://user:password@host:port/database"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:postgresql://host:port/database"), e.getMessage());
    }

    @Test
    void malformedDatabaseUrlIsReportedUnderItsVariableName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().resolve(Map.of("DATABASE_URL", "postgres//h/d")));
        assertEquals("DATABASE_URL", e.property());
        assertTrue(e.getMessage().startsWith("DATABASE_URL"), e.getMessage());
    }

    @Test
    void aMalformedUrlFailsEvenIfEveryFieldIsOverridden() {
        assertThrows(ConfigurationException.class,
                () -> props().serverName("h").databaseName("d").url("postgresql://h:0/d").resolve());
    }

    @Test
    void badValueInsideUrlNamesTheParameter() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> url("postgresql://h/d?sslmode=sometimes"));
        assertTrue(e.getMessage().startsWith("url parameter 'sslmode': 'sometimes' is not valid"), e.getMessage());
        assertTrue(e.getMessage().contains("verify-full"), e.getMessage());
    }

    @Test
    void jdbcUrlHasNoCredentialsOrParametersAndRoundTripsThroughPgjdbc() {
        ConnectionSettings s = props().serverName("h1:5433,[::1]:6000,h3").databaseName("we+ird/ db%")
                .user("u").password("pw").resolve();
        String jdbc = s.jdbcUrl();
        assertTrue(!jdbc.contains("?") && !jdbc.contains("pw") && !jdbc.contains("u@"), jdbc);
        Properties parsed = Driver.parseURL(jdbc, new Properties());
        assertEquals("we+ird/ db%", parsed.getProperty("PGDBNAME"));
        assertEquals("h1,[::1],h3", parsed.getProperty("PGHOST"));
        assertEquals("5433,6000,5432", parsed.getProperty("PGPORT"));
    }

    @Test
    void emptyPasswordInUserInfoMeansNoPassword() {
        ConnectionSettings s = url("postgresql://u:@h/d");
        assertEquals("u", s.user());
        assertNull(s.driverProperties().getProperty("password"));
    }

    @Test
    void unencodedHashAndAtInAUserInfoPasswordAreTakenAsIs() {
        assertEquals("p#ss@word", url("postgresql://u:p#ss@word@h/d").driverProperties().getProperty("password"));
    }

    @Test
    void hostListProblemsAreDescribedByPositionNotQuoted() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> url("postgresql://u:pw@h1,h2:x9/d"));
        assertTrue(e.getMessage().contains("the host list after '@' is not valid: the port of host 2 must be a number"),
                e.getMessage());
    }

    @Test
    void anAtAfterTheHostListIsRejectedAsAnUnencodedPassword() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().resolve(Map.of("DATABASE_URL", "postgresql://app:Pa55word/Xyz9@db.example/d")));
        assertTrue(e.getMessage().contains("must be percent-encoded (%2F, %3F, %23, %40)"), e.getMessage());
        // also in a parameter value: libpq URLs must encode it there as well
        assertThrows(ConfigurationException.class, () -> url("postgresql://h/d?application_name=a@b"));
        assertEquals("a@b", url("postgresql://h/d?application_name=a%40b").applicationName());
    }

    @Test
    void jdbcUrlsKeepAnAtInParameterValues() {
        assertEquals("app@server", url("jdbc:postgresql://h/d?user=app@server&password=pw").user());
    }

    @Test
    void knownParametersMayFollowAPasswordButNothingElse() {
        ConnectionSettings s = url("jdbc:postgresql://h/d?password=a=b&sslmode=require&ApplicationName=x");
        assertEquals("a=b", s.driverProperties().getProperty("password"));
        assertEquals("require", s.driverProperties().getProperty("sslmode"));
        for (String bad : List.of("jdbc:postgresql://h/d?password=First&SecondHalf",
                "jdbc:postgresql://h/d?password=First&Second=Half", "postgresql://h/d?password=First&",
                "postgresql://h/d?password=First&&sslmode=require")) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> url(bad));
            assertTrue(e.getMessage().contains("%26") && !e.getMessage().contains("Second")
                    && !e.getMessage().contains("First"), e.getMessage());
        }
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> url("jdbc:postgresql://h/d?password=First&sslmode=Half"));
        assertTrue(!e.getMessage().contains("Half") && e.getMessage().contains("url parameter 'sslmode'"),
                e.getMessage());
    }
}
