package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code urlVariable}: a resource reads its URL from another variable than DATABASE_URL (a read-only resource whose
 * role is not the read-write one), falls back to DATABASE_URL when that variable is unset, and never mixes the two.
 */
class UrlVariableTest {

    private static final String RW_URL = "postgresql://codecheck_app:app-Secret-1@primary.example:5432/codecheck"
            + "?sslmode=require&application_name=rw";
    private static final String RO_URL = "postgresql://codecheck_reader:reader-Secret-2@replica.example/codecheck";

    @Test
    void theNamedVariableIsReadInPlaceOfDatabaseUrl() {
        ConnectionSettings s = props().set("urlVariable", "DATABASE_READONLY_URL")
                .resolve(Map.of("DATABASE_URL", RW_URL, "DATABASE_READONLY_URL", RO_URL));
        assertEquals("jdbc:postgresql://replica.example:5432/codecheck", s.jdbcUrl());
        assertEquals("codecheck_reader", s.user());
        assertEquals("reader-Secret-2", s.driverProperties().getProperty("password"));
        assertEquals("DATABASE_READONLY_URL environment variable", s.sources().get("user"));
        assertTrue(s.describe().contains("urlVariable=DATABASE_READONLY_URL"), s.describe());
    }

    @Test
    void nothingOfDatabaseUrlLeaksIntoTheOtherVariablesSettings() {
        // the reader's URL has no password and no sslmode: DATABASE_URL's (the read-write role's) must not fill in
        ConnectionSettings s = props().set("urlVariable", "DATABASE_READONLY_URL")
                .resolve(Map.of("DATABASE_URL", RW_URL, "DATABASE_READONLY_URL",
                        "postgresql://codecheck_reader@replica.example/codecheck"));
        assertFalse(s.hasPassword(), "the read-write role's password is not sent for codecheck_reader");
        assertNull(s.driverProperties().getProperty("password"));
        assertEquals(SslMode.PREFER, s.sslMode(), "sslmode=require of DATABASE_URL is not borrowed");
        assertFalse(s.driverProperties().getProperty("ApplicationName", "").equals("rw"));
    }

    @Test
    void theDbVariablesStillFillWhatTheNamedUrlLeavesOpen() {
        ConnectionSettings s = props().set("urlVariable", "DATABASE_READONLY_URL")
                .resolve(Map.of("DATABASE_READONLY_URL", "postgresql://codecheck_reader@replica.example/codecheck",
                        "DB_SSLMODE", "require", "DB_STATEMENT_TIMEOUT", "5000"));
        assertEquals(SslMode.REQUIRE, s.sslMode());
        assertEquals(5000, s.statementTimeoutMillis());
    }

    @Test
    void anUnsetOrEmptyNamedVariableFallsBackToDatabaseUrl() {
        for (Map<String, String> env : new Map[] {Map.of("DATABASE_URL", RW_URL),
                Map.of("DATABASE_URL", RW_URL, "DATABASE_READONLY_URL", "")}) {
            ConnectionSettings s = props().set("urlVariable", "DATABASE_READONLY_URL").resolve(env);
            assertEquals("codecheck_app", s.user());
            assertEquals("app-Secret-1", s.driverProperties().getProperty("password"));
            assertEquals("DATABASE_URL environment variable", s.sources().get("user"));
        }
    }

    @Test
    void resourcePropertiesAndTheUrlPropertyStillWin() {
        ConnectionSettings s = props().set("urlVariable", "DATABASE_READONLY_URL").user("explicit")
                .url("postgresql://url-user@urlhost/urldb")
                .resolve(Map.of("DATABASE_READONLY_URL", RO_URL));
        assertEquals("explicit", s.user());
        assertEquals("jdbc:postgresql://urlhost:5432/urldb", s.jdbcUrl());
    }

    @Test
    void aMalformedUrlIsReportedUnderItsVariablesNameWithoutThePassword() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> props()
                .set("urlVariable", "DATABASE_READONLY_URL")
                .resolve(Map.of("DATABASE_READONLY_URL", "postgresql://codecheck_reader:reader-Secret-2@h:notaport/db")));
        assertTrue(e.getMessage().contains("DATABASE_READONLY_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("reader-Secret-2"), e.getMessage());
    }

    @Test
    void aValueThatIsNoVariableNameIsRefusedNamingTheProperty() {
        for (String bad : new String[] {"postgresql://u:p@h/db", "1DATABASE", "DATABASE-URL", "A B"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> props().set("urlVariable", bad).resolve(Map.of()), bad);
            assertEquals("urlVariable", e.property(), e.getMessage());
            assertTrue(e.getMessage().contains("environment variable name"), e.getMessage());
            assertFalse(e.getMessage().contains("u:p@"), "a URL given by mistake is not echoed: " + e.getMessage());
        }
    }

    @Test
    void theDefaultIsDatabaseUrl() {
        ConnectionSettings s = props().resolve(Map.of("DATABASE_URL", RW_URL, "DATABASE_READONLY_URL", RO_URL));
        assertEquals("codecheck_app", s.user());
        assertTrue(s.describe().contains("urlVariable=DATABASE_URL"), s.describe());
    }
}
