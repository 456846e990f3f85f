package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rejection names where the bad value came from and what would be accepted. */
class ConfigurationValidationTest {

    private static final String MILLIS_RANGE = "from 0 to 2147483647";
    private static final String VALIDATION_RANGE = "1000, 2000, ... 2147483000";

    private static Arguments reject(String name, Supplier<Props> props, Map<String, String> env, String property,
            String... fragments) {
        return Arguments.of(name, props, env, property, fragments);
    }

    static Stream<Arguments> rejections() {
        String ssl = "disable, allow, prefer, require, verify-ca, verify-full";
        String tst = "any, primary, secondary, preferSecondary, preferPrimary";
        return Stream.of(
                reject("sslMode", () -> props().sslMode("bogus"), Map.of(), "sslMode", "sslMode: 'bogus'", ssl),
                reject("DB_SSLMODE", Props::props, Map.of("DB_SSLMODE", "bogus"), "DB_SSLMODE",
                        "DB_SSLMODE: 'bogus'", ssl),
                reject("url sslmode", () -> props().url("postgresql://h/d?sslmode=bogus"), Map.of(), "url",
                        "url parameter 'sslmode'", ssl),
                reject("targetServerType", () -> props().targetServerType("leader"), Map.of(), "targetServerType",
                        "'leader'", tst),
                reject("target_session_attrs", () -> props().url("postgresql://h/d?target_session_attrs=x"),
                        Map.of(), "url", "target_session_attrs", "read-write", "prefer-standby"),
                reject("portNumber 0", () -> props().portNumber(0), Map.of(), "portNumber", "1 to 65535"),
                reject("portNumber 65536", () -> props().portNumber(65536), Map.of(), "portNumber", "1 to 65535"),
                reject("DB_PORT text", Props::props, Map.of("DB_PORT", "fivefour"), "DB_PORT", "'fivefour'",
                        "1 to 65535"),
                reject("port in serverName", () -> props().serverName("h:0"), Map.of(), "serverName",
                        "port '0'", "1 to 65535"),
                reject("port in DB_HOST", Props::props, Map.of("DB_HOST", "h:x"), "DB_HOST", "1 to 65535"),
                reject("unbracketed IPv6", () -> props().serverName("::1"), Map.of(), "serverName", "[::1]"),
                reject("empty host", () -> props().serverName("a,,b"), Map.of(), "serverName", "empty host"),
                reject("unix socket", () -> props().url("postgresql:///d?host=/var/run/postgresql"), Map.of(), "url",
                        "Unix-domain sockets"),
                reject("connectTimeout", () -> props().connectTimeout(-1), Map.of(), "connectTimeout", "from 0 to",
                        "seconds"),
                reject("loginTimeout", () -> props().loginTimeout(-1), Map.of(), "loginTimeout", "seconds"),
                reject("socketTimeout", () -> props().socketTimeout(-5), Map.of(), "socketTimeout", "seconds"),
                reject("DB_TIMEOUT", Props::props, Map.of("DB_TIMEOUT", "30s"), "DB_TIMEOUT", "'30s'", "seconds"),
                reject("statementTimeout", () -> props().statementTimeout(-1), Map.of(), "statementTimeout",
                        MILLIS_RANGE, "milliseconds"),
                reject("DB_STATEMENT_TIMEOUT", Props::props, Map.of("DB_STATEMENT_TIMEOUT", "-1"),
                        "DB_STATEMENT_TIMEOUT", MILLIS_RANGE),
                reject("DB_STATEMENT_TIMEOUT above PostgreSQL's maximum", Props::props,
                        Map.of("DB_STATEMENT_TIMEOUT", "2147483648"), "DB_STATEMENT_TIMEOUT", "'2147483648'",
                        MILLIS_RANGE),
                reject("idleInTransactionTimeout", () -> props().idleInTransactionTimeout(-1), Map.of(),
                        "idleInTransactionTimeout", MILLIS_RANGE),
                reject("DB_IDLE_TIMEOUT", Props::props, Map.of("DB_IDLE_TIMEOUT", "1m"), "DB_IDLE_TIMEOUT",
                        MILLIS_RANGE),
                reject("DB_IDLE_TIMEOUT above PostgreSQL's maximum", Props::props,
                        Map.of("DB_IDLE_TIMEOUT", "99999999999"), "DB_IDLE_TIMEOUT", MILLIS_RANGE),
                reject("socketTimeout above pgjdbc's maximum", () -> props().socketTimeout(2_147_484), Map.of(),
                        "socketTimeout", "from 0 to 2147483"),
                reject("url socketTimeout above pgjdbc's maximum",
                        () -> props().url("postgresql://h/d?socketTimeout=2147484"), Map.of(), "url",
                        "url parameter 'socketTimeout'", "from 0 to 2147483"),
                reject("DB_TIMEOUT above pgjdbc's maximum", Props::props, Map.of("DB_TIMEOUT", "2147484"),
                        "DB_TIMEOUT", "from 0 to 2147483"),
                reject("validationTimeout 0", () -> props().validationTimeout(0), Map.of(), "validationTimeout",
                        VALIDATION_RANGE),
                reject("validationTimeout 1", () -> props().validationTimeout(1), Map.of(), "validationTimeout",
                        "'1'", VALIDATION_RANGE, "whole seconds"),
                reject("validationTimeout 1500", () -> props().validationTimeout(1500), Map.of(),
                        "validationTimeout", "'1500'", VALIDATION_RANGE, "whole seconds"),
                reject("validationTimeout Integer.MAX_VALUE", () -> props().validationTimeout(Integer.MAX_VALUE)
                        .statementTimeout(0), Map.of(), "validationTimeout", VALIDATION_RANGE),
                reject("validationTimeout over socketTimeout", () -> props().validationTimeout(20_000)
                        .socketTimeout(10), Map.of(), "validationTimeout", "'20000'", "socketTimeout", "10000"),
                reject("validationTimeout over the derived socketTimeout", () -> props().validationTimeout(60_000)
                        .statementTimeout(5_000), Map.of(), "validationTimeout", "socketTimeout", "35000",
                        "statementTimeout"),
                reject("validationInterval", () -> props().validationInterval(-1), Map.of(), "validationInterval",
                        MILLIS_RANGE),
                reject("leakDetectionThreshold", () -> props().leakDetectionThreshold(-1), Map.of(),
                        "leakDetectionThreshold", MILLIS_RANGE),
                reject("maxLifetime negative", () -> props().maxLifetime(-1), Map.of(), "maxLifetime",
                        MILLIS_RANGE),
                reject("maxLifetime too short", () -> props().maxLifetime(500), Map.of(), "maxLifetime",
                        "0 (off) or at least 1000 milliseconds", "500"),
                reject("sessionReset", () -> props().sessionReset("sometimes"), Map.of(), "sessionReset",
                        "sessionReset: 'sometimes' is not valid", "allowed values are auto, always"),
                reject("sessionReset blank", () -> props().sessionReset(" "), Map.of(), "sessionReset",
                        "auto, always"),
                reject("transactionSupportLevel", () -> props().transactionSupportLevel("Local"), Map.of(),
                        "transactionSupportLevel", "transactionSupportLevel: 'Local' is not valid",
                        "allowed values are NoTransaction, LocalTransaction, XATransaction"),

                reject("readOnly in url", () -> props().url("jdbc:postgresql://h/d?readOnly=maybe"), Map.of(), "url",
                        "url parameter 'readOnly'", "true or false"),
                reject("poolName blank", () -> props().poolName("   "), Map.of(), "poolName", "must not be blank"),
                reject("driverProperties unknown", () -> props().driverProperties("prepareThreshold=0;fooBar=1"),
                        Map.of(), "driverProperties", "'fooBar' is not a pgjdbc property", "name=value"),
                reject("driverProperties case", () -> props().driverProperties("applicationname=x"), Map.of(),
                        "driverProperties", "did you mean 'ApplicationName'"),
                reject("driverProperties password", () -> props().driverProperties("password=x"), Map.of(),
                        "driverProperties", "'password' may not be set here", "password property"),
                reject("driverProperties sslpassword", () -> props().driverProperties("sslpassword=x"), Map.of(),
                        "driverProperties", "sslPassword property"),
                reject("driverProperties managed", () -> props().driverProperties("sslmode=require"), Map.of(),
                        "driverProperties", "use the sslMode property"),
                reject("driverProperties host", () -> props().driverProperties("PGHOST=x"), Map.of(),
                        "driverProperties", "use the serverName property"),
                reject("driverProperties syntax", () -> props().driverProperties("prepareThreshold"), Map.of(),
                        "driverProperties", "entry 1 is not name=value"),
                reject("driverProperties duplicate", () -> props().driverProperties("tcpKeepAlive=true;tcpKeepAlive=false"),
                        Map.of(), "driverProperties", "given twice"),
                reject("options sets statement_timeout", () -> props().driverProperties("options=-c statement_timeout=0"),
                        Map.of(), "driverProperties", "statement_timeout", "statementTimeout property"),
                reject("url options sets read only",
                        () -> props().url("postgresql://h/d?options=--default-transaction-read-only%3Doff"), Map.of(),
                        "url", "default_transaction_read_only", "readOnly property"),
                reject("url port list", () -> props().url("postgresql://a,b/d?port=1,2"), Map.of(), "url",
                        "port lists are not supported"),
                reject("sslRootCert missing", () -> props().sslMode("verify-ca").sslRootCert("/nope.crt"), Map.of(),
                        "sslRootCert", "/nope.crt", "does not exist"),
                reject("sslKey missing", () -> props().sslMode("require").sslKey("/nope.pk8"), Map.of(), "sslKey",
                        "/nope.pk8", "does not exist"),
                reject("sslRootCert with NUL", () -> props().sslMode("verify-ca").sslRootCert("/etc/root\0.crt"),
                        Map.of(), "sslRootCert", "'/etc/root\\u0000.crt'", "not a valid file path"),
                reject("sslCert with NUL", () -> props().sslMode("require").sslCert("/etc/client\0.crt"), Map.of(),
                        "sslCert", "not a valid file path"),
                reject("sslKey with NUL", () -> props().sslMode("require").sslKey("\0"), Map.of(), "sslKey",
                        "not a valid file path"),
                reject("DB_SSLROOTCERT with NUL", Props::props, Map.of("DB_SSLROOTCERT", "/r\0.crt"),
                        "DB_SSLROOTCERT", "not a valid file path"),
                reject("url sslrootcert with %00", () -> props().url("postgresql://h/d?sslrootcert=/r%00.crt"),
                        Map.of(), "url", "url parameter 'sslrootcert'", "not a valid file path"),
                reject("sslRootCert system with NUL", () -> props().sslMode("verify-full").sslRootCert("system\0"),
                        Map.of(), "sslRootCert", "'system\\u0000' is not a valid file path"),
                reject("sslRootCert blank", () -> props().sslMode("require").sslRootCert("   "), Map.of(),
                        "sslRootCert", "must not be blank"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejectionNamesPropertyAndWhatIsAllowed(String name, Supplier<Props> props, Map<String, String> env,
            String property, String[] fragments) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> props.get().resolve(env));
        assertEquals(property, e.property(), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), "no control characters: "
                + e.getMessage().replace("\0", "<NUL>"));
        assertTrue(e.getMessage().startsWith(property), "message starts with the property: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void deprecatedPgjdbcTargetServerTypeSpellingsAreNormalised() {
        assertEquals("primary", props().targetServerType("master").resolve().targetServerType());
        assertEquals("secondary", props().targetServerType("slave").resolve().targetServerType());
        assertEquals("preferSecondary", props().targetServerType("preferSlave").resolve().targetServerType());
        assertEquals("preferPrimary", props().targetServerType("PREFERPRIMARY").resolve().targetServerType());
    }

    @Test
    void readOnlyResourcesStayOutOfContainerTransactionsUnlessToldOtherwise() {
        assertEquals(TransactionMode.LOCAL_TRANSACTION, props().resolve().transactionMode());
        ConnectionSettings ro = props().readOnly(true).resolve();
        assertEquals(TransactionMode.NO_TRANSACTION, ro.transactionMode());
        assertEquals("NoTransaction", ro.operatorView().get("transactionSupportLevel"));
        assertEquals("default", ro.sources().get("transactionSupportLevel"));
        assertTrue(ro.describe().contains("transactionSupportLevel=NoTransaction"), ro.describe());
        ConnectionSettings enlisted = props().readOnly(true).transactionSupportLevel(" localtransaction ").resolve();
        assertEquals(TransactionMode.LOCAL_TRANSACTION, enlisted.transactionMode());
        assertEquals("resource property", enlisted.sources().get("transactionSupportLevel"));
        assertEquals(TransactionMode.NO_TRANSACTION,
                props().transactionSupportLevel("NOTRANSACTION").resolve().transactionMode());
        assertEquals(TransactionMode.XA_TRANSACTION,
                props().transactionSupportLevel("XATransaction").resolve().transactionMode());
    }

    @Test
    void sessionResetDefaultsToAutoAndTakesAlwaysInAnyCase() {
        ConnectionSettings auto = props().resolve();
        assertEquals(SessionReset.AUTO, auto.sessionReset());
        assertFalse(auto.resetEverySession());
        assertEquals("auto", auto.operatorView().get("sessionReset"));
        assertEquals("default", auto.sources().get("sessionReset"));
        for (String always : new String[] {"always", "ALWAYS", " Always "}) {
            ConnectionSettings s = props().sessionReset(always).resolve();
            assertEquals(SessionReset.ALWAYS, s.sessionReset(), always);
            assertTrue(s.resetEverySession(), always);
            assertEquals("always", s.operatorView().get("sessionReset"));
            assertEquals("resource property", s.sources().get("sessionReset"));
            assertTrue(s.describe().contains("sessionReset=always"), s.describe());
        }
        assertEquals(SessionReset.AUTO, props().sessionReset("Auto").resolve().sessionReset());
    }

    @Test
    void boundaryValuesAreAccepted() {
        ConnectionSettings s = props().portNumber(65535).validationTimeout(1000).statementTimeout(0)
                .idleInTransactionTimeout(0).connectTimeout(0).validationInterval(0).resolve();
        assertEquals("localhost:65535", s.hosts().get(0));
        assertEquals(1000, s.validationTimeoutMillis());
        assertEquals("-c statement_timeout=0 -c idle_in_transaction_session_timeout=0", s.sessionOptions());
    }

    @Test
    void configurationExceptionIsAnIllegalArgumentException() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(ConfigurationException.class));
    }
}
