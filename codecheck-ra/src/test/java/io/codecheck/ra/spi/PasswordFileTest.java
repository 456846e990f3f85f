package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.config.Environment;
import io.codecheck.ra.testsupport.GeneratedSecrets;
import io.codecheck.ra.testsupport.TestDatabase;

import jakarta.resource.ResourceException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/** {@code passwordFile}: the password read at every login, and a rotation that reaches no caller. */
class PasswordFileTest {
    private static final String ROLE = "rotating_app";

    @TempDir
    Path dir;

    @BeforeAll
    static void createRole() throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + ROLE);
            st.execute("CREATE ROLE " + ROLE + " LOGIN");
        }
    }

    @AfterAll
    static void dropRole() throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement st = admin.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
            st.execute("DROP ROLE IF EXISTS " + ROLE);
        }
    }

    @Test
    void aRotatedPasswordReachesNoCallerAndNoSessionOfTheOldOneRemains() throws Exception {
        setRolePassword("first-Secret/1");
        Path file = dir.resolve("password");
        Files.writeString(file, "first-Secret/1\n"); // as echo writes it: the newline is not part of the password
        try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> {
            f.setUser(ROLE);
            f.setPassword(null);
            f.setPasswordFile(file.toString());
        }, new TestConnectionManager(10, false))) {
            int threads = 8;
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger queries = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            CountDownLatch warm = new CountDownLatch(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    boolean counted = false;
                    while (running.get()) {
                        try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("SELECT 1")) {
                            rs.next();
                            queries.incrementAndGet();
                        } catch (SQLException | RuntimeException e) {
                            errors.add(e);
                        }
                        if (!counted) {
                            warm.countDown();
                            counted = true;
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            warm.await();
            long openedBefore = pool.metrics().snapshot().connectionsCreated();
            // the rotation as an operator does it: the role first (open sessions stay logged in), then the secret,
            // replaced as Kubernetes does, by moving a new file into place
            setRolePassword("second-Secret/2");
            Path next = dir.resolve("password.next");
            Files.writeString(next, "second-Secret/2");
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long rotatedAt = System.currentTimeMillis();
            Thread.sleep(2_500); // load goes on across the next check (at most a second away) and the replacements
            running.set(false);
            for (Thread worker : workers) {
                worker.join();
            }
            assertTrue(errors.isEmpty(), "errors reached callers: " + errors);
            assertTrue(queries.get() > 100, "the load ran: " + queries.get());
            assertTrue(pool.metrics().snapshot().connectionsCreated() > openedBefore, "sessions were replaced");

            // every pooled session borrowed once more: any session opened before the rotation is replaced by then
            List<Connection> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                all.add(pool.ds.getConnection());
            }
            for (Connection c : all) {
                c.close();
            }
            try (Connection admin = TestDatabase.get().openAdminConnection(); Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE backend_start < to_timestamp("
                         + rotatedAt / 1000.0 + ")), count(*) FROM pg_stat_activity WHERE usename = '" + ROLE + "'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "sessions logged in with the old password remain (of " + rs.getInt(2)
                        + ")");
                assertTrue(rs.getInt(2) > 0);
            }
        }
    }

    @Test
    void theEnvironmentConventionWorksAndTheFileIsReadAtEveryLogin() throws Exception {
        setRolePassword("env-Secret");
        Path file = dir.resolve("db-password");
        Files.writeString(file, "env-Secret\r\n");
        try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> {
            f.setUser(ROLE);
            f.setPassword(null);
            f.setEnvironment(Environment.of(Map.of("DB_PASSWORD_FILE", file.toString())));
        }, new TestConnectionManager(10, false))) {
            try (Connection c = pool.ds.getConnection()) {
                assertTrue(c.isValid(5));
            }
            assertTrue(pool.mcf.toString().contains("passwordFile=" + file), pool.mcf.toString());
            assertFalse(pool.mcf.toString().contains("env-Secret"), pool.mcf.toString());
            // a wrong password in the file: the next login fails as a login, naming no secret
            Files.writeString(file, "not-the-password");
            pool.cm.shutdown();
            SQLException e = assertThrows(SQLException.class, pool.ds::getConnection);
            assertEquals("28P01", e.getSQLState(), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
        }
    }

    @Test
    void passwordsWithOddCharactersLogInFromTheFileAndAreShownNowhere() throws Exception {
        // generated passwords with / ? # @ % & : = ; blanks and non-ASCII (é € 😀), written to the file as UTF-8
        List<String> odd = GeneratedSecrets.generate().stream()
                .filter(pw -> pw.codePoints().anyMatch(c -> c > 127) && pw.contains(" ") && !pw.endsWith("\n"))
                .limit(3).toList();
        assertEquals(3, odd.size());
        Path file = dir.resolve("odd-password");
        for (String pw : odd) {
            setRolePassword(pw);
            Files.writeString(file, pw);
            try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> {
                f.setUser(ROLE);
                f.setPassword(null);
                f.setPasswordFile(file.toString());
            }, new TestConnectionManager(2, false))) {
                try (Connection c = pool.ds.getConnection()) {
                    assertTrue(c.isValid(5), pw);
                }
                String shown = pool.mcf.toString() + pool.ds.statistics() + pool.ds.health();
                assertEquals(null, GeneratedSecrets.leak(pw, shown), shown);
            }
        }
    }

    @Test
    void passwordAndPasswordFileTogetherAreRefusedNamingBoth() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "x");
        PgManagedConnectionFactory f = PoolFixture.factoryFor(TestDatabase.get(), "pwfile-both");
        f.setPasswordFile(file.toString());
        ResourceException e = assertThrows(ResourceException.class, f::runtime);
        assertTrue(e.getMessage().contains("password (") && e.getMessage().contains("passwordFile ("),
                e.getMessage());
        assertFalse(e.getMessage().contains(TestDatabase.get().password()), e.getMessage());
    }

    @Test
    void anEmptyOrMissingFileIsRefusedAtDeploymentAndAMistakenPasswordIsNotEchoed() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        PgManagedConnectionFactory f = PoolFixture.factoryFor(TestDatabase.get(), "pwfile-empty");
        f.setPassword(null);
        f.setPasswordFile(empty.toString());
        ResourceException e = assertThrows(ResourceException.class, f::runtime);
        assertTrue(e.getMessage().contains("passwordFile " + empty + " is empty"), e.getMessage());

        // DB_PASSWORD_FILE given the password itself: refused without printing it
        PgManagedConnectionFactory mistaken = PoolFixture.factoryFor(TestDatabase.get(), "pwfile-mistaken");
        mistaken.setPassword(null);
        mistaken.setEnvironment(Environment.of(Map.of("DB_PASSWORD_FILE", "hunter2-Not/A-File")));
        ResourceException m = assertThrows(ResourceException.class, mistaken::runtime);
        assertTrue(m.getMessage().contains("DB_PASSWORD_FILE") && m.getMessage().contains("names no existing file"),
                m.getMessage());
        assertFalse(m.getMessage().contains("hunter2"), m.getMessage());
    }

    @Test
    void aFileChangedBeforeTheRoleKeepsTheOpenSessionsServingUntilItLogsIn() throws Exception {
        setRolePassword("old-Secret/3");
        Path file = dir.resolve("password");
        Files.writeString(file, "old-Secret/3");
        try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> {
            f.setUser(ROLE);
            f.setPassword(null);
            f.setPasswordFile(file.toString());
        }, new TestConnectionManager(10, false))) {
            borrowFor(pool, 200); // two sessions in the pool
            long opened = pool.metrics().snapshot().connectionsCreated();
            Files.writeString(file, "new-Secret/4"); // the secret arrives before the role changes
            borrowFor(pool, 2_500); // across two checks: every borrow still served by the sessions open
            assertEquals(opened, pool.metrics().snapshot().connectionsCreated(), "no session was replaced");

            setRolePassword("new-Secret/4"); // now the new password logs in: the next retry (5 s) proves it
            long deadline = System.nanoTime() + 12_000_000_000L;
            while (pool.metrics().snapshot().connectionsCreated() <= opened + 1 && System.nanoTime() < deadline) {
                borrowFor(pool, 200);
            }
            assertTrue(pool.metrics().snapshot().connectionsCreated() > opened + 1,
                    "the sessions were replaced once the new password logged in");
        }
    }

    @Test
    void aTouchOrAnIdenticalRewriteReplacesNoSession() throws Exception {
        setRolePassword("same-Secret");
        Path file = dir.resolve("password");
        Files.writeString(file, "same-Secret");
        try (PoolFixture pool = new PoolFixture(TestDatabase.get(), f -> {
            f.setUser(ROLE);
            f.setPassword(null);
            f.setPasswordFile(file.toString());
        }, new TestConnectionManager(10, false))) {
            borrowFor(pool, 200);
            long opened = pool.metrics().snapshot().connectionsCreated();
            Files.writeString(file, "same-Secret"); // rewritten: new modification time, same content
            borrowFor(pool, 2_500);
            assertEquals(opened, pool.metrics().snapshot().connectionsCreated(), "sessions were replaced for nothing");
        }
    }

    /** Borrows and uses a connection in a loop for {@code millis}; any error fails the test. */
    private static void borrowFor(PoolFixture pool, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000L;
        do {
            try (Connection c = pool.ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            Thread.sleep(20); // a request rate, not a wait for a condition
        } while (System.nanoTime() < end);
    }

    private static void setRolePassword(String password) throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection()) {
            admin.unwrap(PGConnection.class).alterUserPassword(ROLE, password.toCharArray(), "scram-sha-256");
        }
    }
}
