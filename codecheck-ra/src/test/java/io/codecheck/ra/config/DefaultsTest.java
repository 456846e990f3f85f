package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultsTest {

    @Test
    void nothingConfiguredGivesTheSeedDefaults() {
        ConnectionSettings s = props().resolve();
        assertEquals(List.of("localhost:5432"), s.hosts());
        assertEquals("codecheck", s.databaseName());
        assertEquals("postgres", s.user());
        assertFalse(s.hasPassword());
        assertEquals(SslMode.PREFER, s.sslMode());
        assertEquals(30, s.connectTimeoutSeconds());
        assertEquals(30, s.loginTimeoutSeconds());
        assertEquals(30000, s.statementTimeoutMillis());
        assertEquals(60000, s.idleInTransactionTimeoutMillis());
        assertEquals(60, s.socketTimeoutSeconds());
        assertFalse(s.readOnly());
        assertEquals("codecheck-ra", s.applicationName());
        assertEquals("primary", s.targetServerType());
        assertFalse(s.loadBalanceHosts());
        assertEquals(5000, s.validationTimeoutMillis());
        assertEquals(1000, s.validationIntervalMillis());
        assertEquals(0, s.leakDetectionThresholdMillis());
        assertEquals(1_800_000, s.maxLifetimeMillis());
        assertEquals(SessionReset.AUTO, s.sessionReset());
        assertEquals("codecheck-rw", s.poolName());
    }

    @Test
    void defaultDriverPropertiesAreComplete() {
        Properties p = props().resolve().driverProperties();
        assertEquals("postgres", p.getProperty("user"));
        assertFalse(p.containsKey("password"));
        assertEquals("prefer", p.getProperty("sslmode"));
        assertEquals("30", p.getProperty("connectTimeout"));
        assertEquals("30", p.getProperty("loginTimeout"));
        assertEquals("60", p.getProperty("socketTimeout"));
        assertEquals("codecheck-ra", p.getProperty("ApplicationName"));
        assertEquals("primary", p.getProperty("targetServerType"));
        assertEquals("false", p.getProperty("loadBalanceHosts"));
        assertEquals("-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000",
                p.getProperty("options"));
    }

    @ParameterizedTest
    @CsvSource({"30000,60", "1,31", "1000,31", "1001,32", "1500,32", "0,0"})
    void socketTimeoutDefaultsToStatementTimeoutRoundedUpPlus30s(int statementMillis, int socketSeconds) {
        assertEquals(socketSeconds, props().statementTimeout(statementMillis).resolve().socketTimeoutSeconds());
    }

    @Test
    void explicitSocketTimeoutWins() {
        assertEquals(5, props().statementTimeout(60000).socketTimeout(5).resolve().socketTimeoutSeconds());
        assertEquals(0, props().socketTimeout(0).resolve().socketTimeoutSeconds());
    }

    @Test
    void readOnlyWithSeveralHostsPrefersStandbysAndBalances() {
        ConnectionSettings s = props().readOnly(true).serverName("a,b").resolve();
        assertEquals("preferSecondary", s.targetServerType());
        assertTrue(s.loadBalanceHosts());
        assertEquals("codecheck-ro", s.poolName());
        // pgjdbc tells standbys from primaries by "show transaction_read_only": read-only is set after login
        assertFalse(s.driverProperties().getProperty("options").contains("read_only"));
        assertTrue(s.readOnlyAfterLogin());
    }

    @Test
    void readOnlyWithOneHostTakesAnyServer() {
        ConnectionSettings s = props().readOnly(true).resolve();
        assertEquals("any", s.targetServerType());
        assertFalse(s.loadBalanceHosts());
        assertTrue(s.driverProperties().getProperty("options").endsWith(" -c default_transaction_read_only=on"));
        assertFalse(s.readOnlyAfterLogin());
    }

    @Test
    void readWriteWithSeveralHostsNeedsThePrimaryInOrder() {
        ConnectionSettings s = props().serverName("a,b").resolve();
        assertEquals("primary", s.targetServerType());
        assertFalse(s.loadBalanceHosts());
        assertFalse(s.driverProperties().getProperty("options").contains("read_only"));
    }

    @Test
    void explicitTargetAndBalancingOverrideTheDerivedDefaults() {
        ConnectionSettings s = props().readOnly(true).serverName("a,b").targetServerType("secondary")
                .loadBalanceHosts(false).resolve();
        assertEquals("secondary", s.targetServerType());
        assertFalse(s.loadBalanceHosts());
    }

    @Test
    void poolNameFollowsTheDatabaseName() {
        assertEquals("orders-rw", props().databaseName("orders").resolve().poolName());
        assertEquals("mine", props().poolName(" mine ").resolve().poolName());
    }

    @Test
    void defaultsConstantsMatchTheSeed() {
        assertEquals("prefer", Defaults.SSL_MODE);
        assertEquals(5432, Defaults.PORT_NUMBER);
        assertEquals(30, Defaults.CONNECT_TIMEOUT_SECONDS);
        assertEquals(60, Defaults.socketTimeoutSeconds(30000));
        assertEquals("preferSecondary", Defaults.targetServerType(true, 2));
    }
}
