package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.postgresql.PGProperty;

class DriverPropertiesTest {

    @Test
    void extraPropertiesPassThroughTrimmedAndInOrder() {
        ConnectionSettings s = props().driverProperties(" prepareThreshold = 0 ;tcpKeepAlive=true;").resolve();
        Properties p = s.driverProperties();
        assertEquals("0", p.getProperty("prepareThreshold"));
        assertEquals("true", p.getProperty("tcpKeepAlive"));
        assertEquals("prepareThreshold=0;tcpKeepAlive=true", s.operatorView().get("driverProperties"));
    }

    @Test
    void everyKeyIsAPgjdbcProperty() {
        Properties p = props().password("pw").driverProperties("prepareThreshold=0").resolve().driverProperties();
        for (String name : p.stringPropertyNames()) {
            assertFalse(PGProperty.forName(name) == null, name + " is not a pgjdbc property");
        }
    }

    @Test
    void userOptionsAreAppendedAfterTheAdaptersOwn() {
        String options = props().readOnly(true).statementTimeout(5000).idleInTransactionTimeout(7000)
                .driverProperties("options=-c search_path=app,public -c lock_timeout=2000").resolve()
                .driverProperties().getProperty("options");
        assertEquals("-c statement_timeout=5000 -c idle_in_transaction_session_timeout=7000"
                + " -c default_transaction_read_only=on -c search_path=app,public -c lock_timeout=2000", options);
    }

    @Test
    void eachCallReturnsAFreshCopy() {
        ConnectionSettings s = props().resolve();
        Properties a = s.driverProperties();
        a.setProperty("user", "mallory");
        Properties b = s.driverProperties();
        assertNotSame(a, b);
        assertEquals("postgres", b.getProperty("user"));
    }

    @Test
    void perRequestCredentialsReplaceTheConfiguredOnes() {
        ConnectionSettings s = props().user("app").password("apppw").resolve();
        Properties p = s.driverProperties("other", "otherpw");
        assertEquals("other", p.getProperty("user"));
        assertEquals("otherpw", p.getProperty("password"));
        assertEquals("app", s.driverProperties().getProperty("user"), "the settings are not changed");
    }

    @Test
    void configuredPasswordIsNeverSentForAnotherUser() {
        ConnectionSettings s = props().user("app").password("apppw").resolve();
        assertNull(s.driverProperties("other", null).getProperty("password"));
        assertEquals("apppw", s.driverProperties("app", null).getProperty("password"));
        Properties noUser = s.driverProperties(null, null);
        assertEquals("app", noUser.getProperty("user"));
        assertEquals("apppw", noUser.getProperty("password"));
    }

    @Test
    void perRequestCredentialsKeepEverythingElse() {
        ConnectionSettings s = props().sslMode("require").applicationName("x").resolve();
        Properties p = s.driverProperties("other", "pw");
        assertEquals("require", p.getProperty("sslmode"));
        assertEquals("x", p.getProperty("ApplicationName"));
        assertEquals(s.sessionOptions(), p.getProperty("options"));
    }
}
