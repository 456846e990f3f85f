package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.DatabaseSetup;
import io.codecheck.testkit.RepositoryFiles;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The least-privilege recipe of docs/managed-postgresql.md, run as written: its admin block as a role that is no
 * superuser but has CREATEROLE and owns the database (as RDS's master user), its owner block as codecheck_owner; then
 * the container's entry point with the three logins (DATABASE_URL as codecheck_app, DATABASE_READONLY_URL as
 * codecheck_reader, DB_MIGRATION_USER codecheck_owner) must migrate and serve every endpoint of the sample, and
 * each role must be refused (42501) what it has no business doing. The only change to the recipe: the database is
 * named codecheck_least_privilege here, because the suite's own database is called codecheck.
 */
class LeastPrivilegeIT {
    private static final String DATABASE = "codecheck_least_privilege";
    private static final String ADMIN = "codecheck_lp_admin";
    private static final List<String> ROLES = List.of("codecheck_owner", "codecheck_app", "codecheck_reader");
    /** Characters a URL must encode, so that DATABASE_URL's decoding is part of what is tested. */
    private static final Map<String, String> PASSWORDS = Map.of(
            "codecheck_owner", "Own3r:/@?#%&'x", "codecheck_app", "App:p@ss/w0rd?#'", "codecheck_reader", "R3ad#er%20&'x",
            ADMIN, "Adm1n-Pa55");

    @Test
    void theSampleRunsWithThreeRolesEachRefusedWhatIsNotItsPart() throws Exception {
        TestDatabase db = TestDatabase.get();
        prepare(db);
        String doc = RepositoryFiles.read("docs/managed-postgresql.md");
        runScript(db, ADMIN, RepositoryFiles.fencedBlock(doc, "<!-- least-privilege-admin.sql -->", "sql"));
        runScript(db, "codecheck_owner", RepositoryFiles.fencedBlock(doc, "<!-- least-privilege-owner.sql -->", "sql"));

        Map<String, String> env = Map.of(
                "DATABASE_URL", url(db, "codecheck_app"),
                "DATABASE_READONLY_URL", url(db, "codecheck_reader"),
                "DB_MIGRATION_USER", "codecheck_owner",
                "DB_MIGRATION_PASSWORD", PASSWORDS.get("codecheck_owner"),
                "DB_POOL_MIN", "1", "DB_POOL_MAX", "4");
        try (EntrypointRun container = EntrypointRun.start("least-privilege", "HTTP_PORT", env)) {
            container.awaitReady(Duration.ofSeconds(180));
            everyEndpointWorks(container.api());
            try (Connection admin = db.openAdminConnection(DATABASE)) {
                assertEquals(Set.of("codecheck_owner"), strings(admin,
                        "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"),
                        "the migration ran as codecheck_owner");
                assertEquals(Set.of("codecheck_app", "codecheck_reader"), strings(admin, "SELECT DISTINCT usename"
                        + " FROM pg_stat_activity WHERE datname = '" + DATABASE + "' AND application_name ="
                        + " 'codecheck-ra'"), "the resources log in as codecheck_app and codecheck_reader, and no"
                        + " session of the migration's role stays open");
            }
            String output = container.output();
            PASSWORDS.values().forEach(p -> assertFalse(output.contains(p), "a password is in the container's output"));
        }
        theRolesAreRefusedWhatIsNotTheirs(db);
    }

    private static void everyEndpointWorks(URI api) throws Exception {
        HttpResponse<String> health = EntrypointRun.get(api.resolve("health"));
        assertEquals(200, health.statusCode(), health.body());
        String id = "lp-" + System.currentTimeMillis();
        HttpResponse<String> created = EntrypointRun.post(api.resolve("jurisdictions"), "{\"id\":\"" + id
                + "\",\"name\":\"Least Privilege\",\"type\":\"city\",\"codeAdoptions\":[{\"codeFamily\":\"IBC\","
                + "\"edition\":\"2021\",\"effectiveFrom\":\"2022-01-01\"}]}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> read = EntrypointRun.get(api.resolve("jurisdictions/" + id));
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("IBC"), read.body());
        HttpResponse<String> page = EntrypointRun.get(api.resolve("jurisdictions?limit=5"));
        assertEquals(200, page.statusCode(), page.body());
        SampleNotes.addAndReadBack(api, id, "written as codecheck_app through JPA");
        TwoResourcesCheck.readAndWriteInOneTransaction(api);
        HttpResponse<String> refused = EntrypointRun.post(api.resolve("demo/read-only-write"), null);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("25006"), refused.body());
        HttpResponse<String> sleep = EntrypointRun.get(api.resolve("demo/sleep?seconds=0"));
        assertEquals(200, sleep.statusCode(), sleep.body());
        HttpResponse<String> stats = EntrypointRun.get(api.resolve("pool/stats"));
        assertEquals(200, stats.statusCode(), stats.body());
    }

    private static void theRolesAreRefusedWhatIsNotTheirs(TestDatabase db) throws SQLException {
        try (Connection app = login(db, "codecheck_app")) {
            for (String sql : List.of(
                    "CREATE TABLE intruder (i int)",
                    "ALTER TABLE jurisdiction ADD COLUMN intruder int",
                    "DROP TABLE rule",
                    "UPDATE jurisdiction SET name = name",
                    "DELETE FROM audit_log",
                    "TRUNCATE audit_log",
                    "CREATE TEMP TABLE intruder (i int)",
                    "INSERT INTO flyway_schema_history (installed_rank, description, type, script, installed_by,"
                            + " execution_time, success) VALUES (999, 'x', 'SQL', 'x', 'x', 0, true)",
                    "SELECT count(*) FROM flyway_schema_history")) {
                assertRefused(app, sql);
            }
            assertFalse(strings(app, "SELECT count(*) FROM jurisdiction").isEmpty(), "codecheck_app reads");
        }
        try (Connection reader = login(db, "codecheck_reader")) {
            assertFalse(reader.isReadOnly(), "a read-write session: only the privileges stop the writes");
            for (String sql : List.of(
                    "INSERT INTO audit_log (action) VALUES ('intruder')",
                    "CREATE TABLE intruder (i int)",
                    "SELECT count(*) FROM flyway_schema_history")) {
                assertRefused(reader, sql);
            }
        }
    }

    private static void assertRefused(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
            return;
        }
        throw new AssertionError("allowed for " + currentUser(c) + ": " + sql);
    }

    private static String currentUser(Connection c) {
        try {
            return c.getMetaData().getUserName();
        } catch (SQLException e) {
            return "?";
        }
    }

    /** A fresh database owned by a CREATEROLE non-superuser, and none of the recipe's roles. */
    private static void prepare(TestDatabase db) throws SQLException {
        try (Connection admin = db.openAdminConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            for (String role : ROLES) {
                st.execute("DROP ROLE IF EXISTS " + role);
            }
            st.execute("DROP ROLE IF EXISTS " + ADMIN);
            st.execute("CREATE ROLE " + ADMIN + " LOGIN CREATEROLE PASSWORD " + DatabaseSetup.literal(
                    PASSWORDS.get(ADMIN)));
            st.execute("CREATE DATABASE " + DATABASE + " OWNER " + ADMIN);
        }
    }

    /** A psql script of the documentation: psql variables :'name' become literals, statements end with ';'. */
    private static void runScript(TestDatabase db, String role, String script) throws SQLException {
        String sql = script.replace("DATABASE codecheck ", "DATABASE " + DATABASE + " ");
        for (String name : List.of("owner", "app", "reader")) {
            sql = sql.replace(":'" + name + "_password'", DatabaseSetup.literal(PASSWORDS.get("codecheck_" + name)));
        }
        assertFalse(sql.contains(":'"), "a psql variable the test does not know: " + sql);
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                statements.add(current.toString());
                current.setLength(0);
            }
        }
        assertTrue(current.toString().isBlank(), "an unterminated statement: " + current);
        try (Connection c = login(db, role); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    private static Connection login(TestDatabase db, String role) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", PASSWORDS.get(role));
        return DriverManager.getConnection("jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + DATABASE, p);
    }

    private static String url(TestDatabase db, String role) {
        return "postgresql://" + ContainerEntrypointIT.enc(role) + ":" + ContainerEntrypointIT.enc(PASSWORDS.get(role))
                + "@" + db.host() + ":" + db.port() + "/" + DATABASE + "?sslmode=disable";
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
