package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.testkit.FreePorts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * The embedded database's two passwords on a real PostgreSQL (zonky binaries, no Micro): distinct, owner-only,
 * the application role's never in SQL text, and a data directory of the earlier one-password layout migrated.
 */
class EmbeddedDatabaseIT {

    @TempDir
    Path dataDir;

    private final Path binaries = Path.of(System.getProperty("codecheck.workDir")).resolve("embedded-pg");

    @Test
    void passwordsAreDistinctOwnerOnlyAndNeverInTheServerLog() throws Exception {
        int port = FreePorts.loopback();
        EmbeddedDatabase.start(dataDir, port, binaries).close();
        // every statement of the next start goes to the log, as an error's statement would
        Files.writeString(dataDir.resolve("pgdata/postgresql.conf"), "\nlog_statement = 'all'\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        EmbeddedDatabase.start(dataDir, port, binaries).close();

        String log = Files.readString(dataDir.resolve("postgresql.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("ALTER ROLE codecheck"), "log_statement took effect:\n" + log);
        String password = Files.readString(dataDir.resolve("password")).trim();
        assertFalse(log.contains(password), "the application password is in the server log");
        String superuserPassword = Files.readString(dataDir.resolve("postgres-password")).trim();
        assertFalse(log.contains(superuserPassword), "the superuser password is in the server log");

        assertNotEquals(password, superuserPassword);
        for (String file : new String[] {"password", "postgres-password"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dataDir.resolve(file))), file);
        }
        assertFalse(Files.exists(dataDir.resolve("initdb-pwfile")), "initdb's password file is left");

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, port, binaries)) {
            assertEquals(password, db.password());
            login(port, EmbeddedDatabase.USER, password).close();
            assertRefused(port, EmbeddedDatabase.USER, superuserPassword);
            assertRefused(port, EmbeddedDatabase.SUPERUSER, password);
            try (Connection admin = db.adminConnection()) {
                assertTrue(admin.isValid(5));
            }
        }
    }

    @Test
    void aDataDirectoryWithOnePasswordForBothRolesIsMigrated() throws Exception {
        int port = FreePorts.loopback();
        // the layout before the split: one "password" file, the superuser's and the role's
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, port, binaries);
             Connection admin = db.adminConnection()) {
            String superuserPassword = Files.readString(dataDir.resolve("postgres-password")).trim();
            admin.unwrap(PGConnection.class).alterUserPassword(EmbeddedDatabase.USER,
                    superuserPassword.toCharArray(), "scram-sha-256");
        }
        String old = Files.readString(dataDir.resolve("postgres-password")).trim();
        Files.move(dataDir.resolve("postgres-password"), dataDir.resolve("password"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, port, binaries)) {
            assertEquals(old, Files.readString(dataDir.resolve("postgres-password")).trim(),
                    "the one password stays the superuser's");
            String password = Files.readString(dataDir.resolve("password")).trim();
            assertNotEquals(old, password, "the role got a password of its own");
            assertEquals(password, db.password());
            for (String file : new String[] {"password", "postgres-password"}) {
                assertEquals("rw-------", PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dataDir.resolve(file))), file);
            }
            login(port, EmbeddedDatabase.USER, password).close();
            assertRefused(port, EmbeddedDatabase.USER, old);
            try (Connection admin = db.adminConnection()) {
                assertTrue(admin.isValid(5));
            }
        }
        // and the next start keeps both
        String password = Files.readString(dataDir.resolve("password")).trim();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, port, binaries)) {
            assertEquals(password, db.password());
            login(port, EmbeddedDatabase.USER, password).close();
        }
    }

    private static Connection login(int port, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedDatabase.DATABASE,
                props);
    }

    private static void assertRefused(int port, String user, String password) {
        SQLException e = assertThrows(SQLException.class, () -> login(port, user, password).close(),
                user + " logs in with the other role's password");
        assertEquals("28P01", e.getSQLState(), e.getMessage());
    }
}
