package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.pool.LeakDetector;

import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

/** health() as the Python module reported it, and leak detection. */
class HealthAndLeaksTest {

    @Test
    void aReachableServerIsHealthy() throws Exception {
        try (PoolFixture pool = new PoolFixture()) {
            HealthStatus h = pool.ds.health();

            assertTrue(h.healthy(), String.valueOf(h.error()));
            assertEquals("healthy", h.status());
            assertTrue(h.serverVersion().startsWith("PostgreSQL"), h.serverVersion());
            assertTrue(Duration.between(h.databaseTime(), OffsetDateTime.now()).abs().toMinutes() < 5);
            assertFalse(h.replica());
            assertTrue(h.latencyMillis() > 0);
            assertNull(h.error());
            assertEquals(pool.applicationName, h.poolName());
        }
    }

    @Test
    void anUnreachableServerIsReportedNotThrown() throws Exception {
        try (PoolFixture pool = new PoolFixture(f -> {
            f.setServerName("127.0.0.1");
            f.setPortNumber(1);
        })) {
            HealthStatus h = pool.ds.health();

            assertFalse(h.healthy());
            assertEquals("unhealthy", h.status());
            assertNotNull(h.error());
            assertEquals("08001", h.sqlState());
            assertNull(h.serverVersion());
        }
    }

    @Test
    void aHandleHeldTooLongIsReportedOnceWithWhereItWasTaken() throws Exception {
        Logger logger = Logger.getLogger(LeakDetector.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try (PoolFixture pool = new PoolFixture(f -> f.setLeakDetectionThreshold(200))) {
            try (Connection quick = pool.ds.getConnection()) {
                quick.createStatement().execute("SELECT 1");
            }
            Connection leaked = pool.ds.getConnection();
            Thread.sleep(900);

            assertEquals(1, pool.ds.statistics().leaksDetected());
            assertEquals(1, records.size(), "logged once");
            LogRecord r = records.get(0);
            assertEquals(Level.WARNING, r.getLevel());
            assertTrue(r.getMessage().contains(pool.applicationName), r.getMessage());
            boolean pointsHere = false;
            for (StackTraceElement e : r.getThrown().getStackTrace()) {
                pointsHere |= e.getMethodName().equals("aHandleHeldTooLongIsReportedOnceWithWhereItWasTaken");
            }
            assertTrue(pointsHere, "the stack shows where the connection was taken");
            leaked.close();
        } finally {
            logger.removeHandler(capture);
        }
    }
}
