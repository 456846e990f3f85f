package io.codecheck.launcher;

import io.codecheck.testkit.Await;
import io.codecheck.testkit.FreePorts;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample end to end, started once through the launcher's Java API (embedded PostgreSQL in a temp dir, Payara
 * Micro on free loopback ports, the RAR and WAR copied by the build into target/deployables).
 */
class SampleLauncherIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    @Test
    void sampleRunsEndToEndAndLeavesNothingBehind() throws Exception {
        LauncherSettings settings = settings();
        Set<Long> processesBefore = ProcessHandle.allProcesses().map(ProcessHandle::pid).collect(Collectors.toSet());
        long microPid;
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        try (RunningSample sample = SampleLauncher.start(settings, new Console(new java.io.PrintStream(
                new TeeStream(console), true, java.nio.charset.StandardCharsets.UTF_8)))) {
            sample.printReady();
            microPid = sample.micro().pid();
            EmbeddedDatabase database = sample.database().orElseThrow();
            checkSecrets(sample, database, console.toString(java.nio.charset.StandardCharsets.UTF_8));

            // health: both pools healthy
            HttpResponse<String> health = get(sample.apiUri("health"));
            assertEquals(200, health.statusCode(), health.body());
            JsonObject report = json(health.body());
            assertEquals("healthy", report.getString("database"), health.body());
            JsonObject resources = report.getJsonObject("resources");
            for (String pool : List.of("ReadOnly", "ReadWrite")) {
                assertNotNull(resources.getJsonObject(pool), pool + " missing in " + health.body());
                assertEquals("healthy", resources.getJsonObject(pool).getString("status"), health.body());
            }

            // a jurisdiction written through ReadWrite comes back through ReadOnly
            String id = "e2e-" + System.currentTimeMillis();
            String name = "End To End City";
            HttpResponse<String> created = post(sample.apiUri("jurisdictions"),
                    "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"type\":\"city\",\"codeAdoptions\":[]}");
            assertEquals(201, created.statusCode(), created.body());
            HttpResponse<String> read = get(sample.apiUri("jurisdictions/" + id));
            assertEquals(200, read.statusCode(), read.body());
            JsonObject jurisdiction = json(read.body());
            assertEquals(id, jurisdiction.getString("id"), read.body());
            assertEquals(name, jurisdiction.getString("name"), read.body());

            // JPA over the read-write resource: a note and its audit entry are in PostgreSQL
            checkJpaNotes(sample.apiUri(""), id, database);

            // a write through the read-only resource is refused by the server: SQLState 25006
            HttpResponse<String> refused = post(sample.apiUri("demo/read-only-write"), "");
            assertTrue(refused.statusCode() >= 400, refused.statusCode() + " " + refused.body());
            assertEquals("25006", json(refused.body()).getString("sqlState"), refused.body());

            // both resources in one container transaction
            TwoResourcesCheck.readAndWriteInOneTransaction(sample.apiUri(""));

            // the API's bounds, all checked even if one fails, so that one run shows which are missing
            URI api = sample.apiUri("");
            assertAll("the API's bounds",
                    () -> SampleApiBounds.paging(api),
                    () -> SampleApiBounds.declaredLengthOverLimit(api),
                    () -> SampleApiBounds.chunkedOverLimit(api),
                    () -> SampleApiBounds.chunkedUnderLimitIsRead(api),
                    () -> SampleApiBounds.readOnlyWriteReleasesItsPermit(api));

            // the adapter's sessions are there while Micro runs, and gone once it has stopped
            try (Connection admin = database.adminConnection()) {
                assertTrue(adapterSessions(admin) > 0, "no codecheck-ra session while the sample runs");
                long t = System.nanoTime();
                sample.stopMicro();
                System.out.printf("Micro stopped in %d ms%n", (System.nanoTime() - t) / 1_000_000);
                Await.until(Duration.ofSeconds(10), () -> adapterSessions(admin) == 0,
                        () -> adapterSessions(admin) + " backends with application_name codecheck-ra after Micro"
                                + " stopped");
            }
        }

        // nothing of the run is left: Micro gone, no postmaster on the data dir, no new process mentions it
        assertFalse(ProcessHandle.of(microPid).map(ProcessHandle::isAlive).orElse(false), "Micro still alive");
        assertTrue(EmbeddedDatabase.postmasterPid(dataDir.resolve("pgdata")).isEmpty(), "postmaster.pid left");
        String marker = dataDir.toString();
        List<String> strays = ProcessHandle.allProcesses()
                .filter(p -> !processesBefore.contains(p.pid()))
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(c -> c.contains(marker) || c.contains(settings.workDir().toString()))
                .collect(Collectors.toList());
        assertEquals(List.of(), strays, "processes left behind");
    }

    /**
     * The generated secrets: four distinct passwords in owner-only files of the data directory, none on the
     * console (which names the files), and the monitor login works while an anonymous one is refused.
     */
    private void checkSecrets(RunningSample sample, EmbeddedDatabase database, String console) throws Exception {
        JmxCredentials jmx = sample.jmxCredentials();
        assertEquals(dataDir.resolve("jmx-credentials"), jmx.file());
        String monitor = jmx.password(io.codecheck.launcher.jmx.JmxRole.MONITOR);
        String operator = jmx.password(io.codecheck.launcher.jmx.JmxRole.OPERATOR);
        String superuser = java.nio.file.Files.readString(database.superuserPasswordFile()).trim();
        List<String> secrets = List.of(monitor, operator, database.password(), superuser);
        assertEquals(4, Set.copyOf(secrets).size(), "the generated passwords are not all distinct");
        for (String file : List.of("jmx-credentials", "password", "postgres-password")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(dataDir.resolve(file))), file);
        }
        assertTrue(console.contains(jmx.file().toString()) && console.contains("monitor")
                && console.contains("operator"), console);
        for (String secret : secrets) {
            assertFalse(console.contains(secret), "a password is on the console:\n" + console);
        }

        javax.management.remote.JMXServiceURL url = new javax.management.remote.JMXServiceURL(sample.jmxServiceUrl());
        assertThrows(SecurityException.class, () -> javax.management.remote.JMXConnectorFactory.connect(url).close());
        try (javax.management.remote.JMXConnector c = javax.management.remote.JMXConnectorFactory.connect(url,
                Map.of(javax.management.remote.JMXConnector.CREDENTIALS, new String[] {"monitor", monitor}))) {
            Object poolSize = c.getMBeanServerConnection().getAttribute(
                    new javax.management.ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadWrite\""),
                    "PoolSize");
            assertTrue((Integer) poolSize >= 0, String.valueOf(poolSize));
        }
    }

    /** Writes to the captured console and to stdout (the IT's report keeps the launcher's lines). */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream copy;

        TeeStream(java.io.OutputStream copy) {
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            copy.write(b);
            System.out.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            copy.write(b, off, len);
            System.out.write(b, off, len);
        }
    }

    private LauncherSettings settings() {
        Map<String, String> env = new HashMap<>(System.getenv());
        RunningSample.CONNECTION_VARIABLES.forEach(env::remove); // always the embedded database here
        Set<Integer> ports = new HashSet<>();
        while (ports.size() < 3) {
            ports.add(FreePorts.loopback());
        }
        Integer[] p = ports.toArray(new Integer[0]);
        return LauncherSettings.fromEnvironment(env,
                        Path.of(System.getProperty("codecheck.rar")),
                        Path.of(System.getProperty("codecheck.war")),
                        Path.of(System.getProperty("codecheck.microJar")),
                        Path.of(System.getProperty("codecheck.workDir")))
                .withPorts(p[0], p[1], p[2])
                .withDataDir(dataDir)
                .withStartupTimeout(Duration.ofSeconds(150));
    }

    /**
     * The sample's JPA path end to end: the note comes back through the API and is in PostgreSQL, together with the
     * audit entry written by plain JDBC in the same transaction.
     */
    private static void checkJpaNotes(URI api, String jurisdictionId, EmbeddedDatabase database) throws Exception {
        long noteId = SampleNotes.addAndReadBack(api, jurisdictionId, "inspected on site");
        try (Connection admin = database.adminConnection();
             java.sql.PreparedStatement ps = admin.prepareStatement("SELECT (SELECT count(*) FROM jurisdiction_note"
                     + " WHERE id = ? AND jurisdiction_id = ?), (SELECT count(*) FROM audit_log"
                     + " WHERE action = 'jurisdiction.note.added' AND detail = ?)")) {
            ps.setLong(1, noteId);
            ps.setString(2, jurisdictionId);
            ps.setString(3, jurisdictionId + " note " + noteId);
            ResultSet rs = ps.executeQuery();
            rs.next();
            assertEquals(1, rs.getInt(1), "the note in jurisdiction_note");
            assertEquals(1, rs.getInt(2), "its audit entry in audit_log");
        }
    }

    private static int adapterSessions(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'codecheck-ra'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI uri, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
