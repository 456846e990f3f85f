package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.pool.PoolRuntime;

import jakarta.resource.spi.ManagedConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings at the ends of their ranges give working sessions that have exactly what was asked for: no derived value
 * (socket timeout, network timeout put back after a reset, validation timeout) overflows.
 */
class SettingBoundsTest {

    @ParameterizedTest
    @ValueSource(ints = {99_999, 2_147_453_000, 2_147_453_001, 2_147_483_000, 2_147_483_001, Integer.MAX_VALUE})
    void largeStatementTimeoutsGiveWorkingSessionsWithThatTimeout(int millis) throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> {
            f.setStatementTimeout(millis);
            f.setIdleInTransactionTimeout(millis);
        })) {
            try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals(Integer.toString(millis), setting(s, "statement_timeout"));
                assertEquals(Integer.toString(millis), setting(s, "idle_in_transaction_session_timeout"));
                // a changed network timeout is put back on return: the socket timeout * 1000 must fit an int
                c.setNetworkTimeout(null, 1000);
            }
            try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals(Integer.toString(millis), setting(s, "statement_timeout"));
                int socketMillis = pool.mcf.resolveSettings().socketTimeoutSeconds() * 1000;
                assertEquals(socketMillis, c.getNetworkTimeout());
            }
            assertEquals(1, pool.cm.size(), "one session served both borrows");
        }
    }

    @Test
    void theLargestValidationTimeoutIsPassedToPgjdbcUnchangedAndValidates() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> {
            f.setStatementTimeout(0); // no socket timeout, which would also end a validation
            f.setValidationTimeout(2_147_483_000);
            f.setValidationInterval(0);
        })) {
            assertEquals(2_147_483, pool.mcf.runtime().validationTimeoutSeconds());
            ManagedConnection killed = pool.mcf.createManagedConnection(null, null);
            assertEquals(1, pool.terminateBackends());
            ManagedConnection alive = pool.mcf.createManagedConnection(null, null);
            Thread.sleep(100);
            assertEquals(Set.of(killed), pool.mcf.getInvalidConnections(Set.of(alive, killed)));
            alive.destroy();
            killed.destroy();
        }
    }

    @Test
    void aWholeSecondValidationTimeoutIsPassedAsThoseSeconds() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> f.setValidationTimeout(3000))) {
            assertEquals(3, pool.mcf.runtime().validationTimeoutSeconds());
        }
        try (PoolFixture pool = new PoolFixture(f -> f.setSocketTimeout(2))) {
            assertEquals(2, pool.mcf.runtime().validationTimeoutSeconds(), "the socket timeout ends it anyway");
            assertTrue(pool.mcf.resolveSettings().describe().contains("validationTimeout=2000ms"));
        }
    }

    @Test
    void theLargestMillisecondSettingsBecomeNanosecondsWithoutOverflow() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> {
            f.setValidationInterval(Integer.MAX_VALUE);
            f.setMaxLifetime(Integer.MAX_VALUE);
            f.setLeakDetectionThreshold(Integer.MAX_VALUE);
        })) {
            PoolRuntime runtime = pool.mcf.runtime();
            assertEquals(Integer.MAX_VALUE * 1_000_000L, runtime.validationIntervalNanos());
            assertTrue(runtime.agesOut());
            long now = System.nanoTime();
            long retireIn = runtime.retireAtNanos(now) - now;
            assertTrue(retireIn > Integer.MAX_VALUE * 975_000L && retireIn <= Integer.MAX_VALUE * 1_000_000L,
                    retireIn + " ns");
            assertEquals(1, pool.ds.query("SELECT 1").size());
        }
    }

    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT setting FROM pg_settings WHERE name = '" + name + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
