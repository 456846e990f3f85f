package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every value a numeric property accepts gives derived values that fit where they go: pgjdbc multiplies its
 * second-based timeouts by 1000 into an int, and PostgreSQL takes at most INT_MAX milliseconds.
 */
class BoundsTest {

    /** The largest socket/connect timeout pgjdbc can turn into milliseconds without overflowing an int. */
    private static final int PGJDBC_MAX_SECONDS = Integer.MAX_VALUE / 1000;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 99_999, 2_147_453_000, 2_147_453_001, 2_147_483_000, 2_147_483_001,
            Integer.MAX_VALUE})
    void everyStatementTimeoutGivesASocketTimeoutPgjdbcCanUse(int statementMillis) {
        ConnectionSettings s = props().statementTimeout(statementMillis).idleInTransactionTimeout(statementMillis)
                .resolve();
        assertEquals(statementMillis, s.statementTimeoutMillis());
        assertEquals("-c statement_timeout=" + statementMillis + " -c idle_in_transaction_session_timeout="
                + statementMillis, s.sessionOptions());
        int socket = s.socketTimeoutSeconds();
        assertTrue(socket >= 0 && socket <= PGJDBC_MAX_SECONDS, "socketTimeout " + socket);
        Properties p = s.driverProperties();
        assertEquals(Integer.toString(socket), p.getProperty("socketTimeout"));
        // the server's clean 57014 must come before the socket timeout, whenever there is one
        assertTrue(socket == 0 || socket * 1000L >= statementMillis + 30_000L,
                "socketTimeout " + socket + " s does not leave the margin over " + statementMillis + " ms");
    }

    @ParameterizedTest
    @CsvSource({"2147453000,2147483", "2147453001,0", "2147483000,0", "2147483647,0"})
    void aSocketTimeoutThatWouldExceedPgjdbcsMaximumIsNone(int statementMillis, int socketSeconds) {
        assertEquals(socketSeconds, props().statementTimeout(statementMillis).resolve().socketTimeoutSeconds());
    }

    @Test
    void theLargestSecondsPgjdbcAcceptsAreAccepted() {
        ConnectionSettings s = props().connectTimeout(PGJDBC_MAX_SECONDS).loginTimeout(PGJDBC_MAX_SECONDS)
                .socketTimeout(PGJDBC_MAX_SECONDS).resolve();
        assertEquals(PGJDBC_MAX_SECONDS, s.connectTimeoutSeconds());
        assertEquals(PGJDBC_MAX_SECONDS, s.loginTimeoutSeconds());
        assertEquals(PGJDBC_MAX_SECONDS, s.socketTimeoutSeconds());
    }

    @Test
    void theLargestMillisecondValuesAreAccepted() {
        ConnectionSettings s = props().validationInterval(Integer.MAX_VALUE)
                .leakDetectionThreshold(Integer.MAX_VALUE).maxLifetime(Integer.MAX_VALUE).resolve();
        assertEquals(Integer.MAX_VALUE, s.validationIntervalMillis());
        assertEquals(Integer.MAX_VALUE, s.leakDetectionThresholdMillis());
        assertEquals(Integer.MAX_VALUE, s.maxLifetimeMillis());
    }

    @ParameterizedTest
    @CsvSource({"1000,0", "2000,0", "5000,6", "2147483000,0", "2147483000,2147483", "7000,7"})
    void validationTimeoutsInWholeSecondsUpToTheSocketTimeoutAreHonoured(int validationMillis, int socketSeconds) {
        ConnectionSettings s = props().validationTimeout(validationMillis).socketTimeout(socketSeconds).resolve();
        assertEquals(validationMillis, s.validationTimeoutMillis());
        assertEquals(validationMillis / 1000, s.validationTimeoutSeconds());
    }

    @ParameterizedTest
    @CsvSource({"0,5000", "1,1000", "4,4000", "5,5000", "6,5000"})
    void theDefaultValidationTimeoutIsNoLongerThanTheSocketTimeoutThatAlsoEndsIt(int socketSeconds,
            int validationMillis) {
        ConnectionSettings s = props().socketTimeout(socketSeconds).resolve();
        assertEquals(validationMillis, s.validationTimeoutMillis());
        assertEquals(Integer.toString(validationMillis), s.operatorView().get("validationTimeout"));
    }

    @Test
    void theDefaultValidationTimeoutFollowsADerivedSocketTimeoutToo() {
        // statementTimeout 0: no socket timeout, the 5 s default stands
        assertEquals(5000, props().statementTimeout(0).resolve().validationTimeoutMillis());
        // 1 ms statements: socket timeout 31 s, more than 5 s
        assertEquals(5000, props().statementTimeout(1).resolve().validationTimeoutMillis());
    }

    @Test
    void aHomeDirectoryThatIsNoValidPathCountsAsNone() {
        // user.home is not configuration: an unusable one means "no ~/.postgresql/root.crt", as when it is unset
        Map<String, String> env = Map.of(Environment.USER_HOME, "/home/x\0y");
        assertEquals(SslMode.REQUIRE, props().sslMode("require").resolve(env).sslMode());
        assertEquals("require", props().sslMode("require").resolve(env).pgjdbcSslMode());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("verify-ca").resolve(env));
        assertEquals("sslMode", e.property());
        assertTrue(e.getMessage().contains("there is no home directory"), e.getMessage());
    }

    @Test
    void aCertificatePathWithANulIsNamedEscaped() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey("/keys/client\0.pk8").resolve(Map.of()));
        assertEquals("sslKey", e.property());
        assertTrue(e.getMessage().contains("'/keys/client\\u0000.pk8' is not a valid file path"), e.getMessage());
    }
}
