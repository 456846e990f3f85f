package io.codecheck.launcher;

import io.codecheck.ra.testsupport.GeneratedSecrets;
import io.codecheck.testkit.FreePorts;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's checks that need neither a database nor Micro. */
class LauncherUnitTest {

    @Test
    void portInUseIsReportedWithTheVariableBeforeAnythingStarts() throws Exception {
        Path dummy = Files.createTempFile("deployable", ".bin");
        Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "never-created-" + System.nanoTime());
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of(), dummy, dummy, dummy, dataDir)
                    .withPorts(FreePorts.loopback(), port, FreePorts.loopback()).withDataDir(dataDir);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LauncherException e = assertThrows(LauncherException.class, () -> SampleLauncher.start(settings,
                    new Console(new PrintStream(out, true, StandardCharsets.UTF_8))));
            assertTrue(e.getMessage().contains("JMX port " + port + " is already in use"), e.getMessage());
            assertTrue(e.getMessage().contains("SAMPLE_JMX_PORT"), e.getMessage());
            assertFalse(Files.exists(dataDir), "nothing may be started or created");
        } finally {
            Files.delete(dummy);
        }
    }

    @Test
    void settingsComeFromTheEnvironment() {
        Path p = Path.of("x");
        LauncherSettings s = LauncherSettings.fromEnvironment(Map.of("SAMPLE_HTTP_PORT", "8181", "SAMPLE_JMX_PORT",
                "9111", "SAMPLE_DB_PORT", "5499", "DB_POOL_MIN", "1", "DB_POOL_MAX", "4"), p, p, p, p);
        assertEquals(8181, s.httpPort());
        assertEquals(9111, s.jmxPort());
        assertEquals(5499, s.dbPort());
        assertEquals(1, s.poolMin());
        assertEquals(4, s.poolMax());
        assertFalse(s.externalDatabase());
        LauncherSettings d = LauncherSettings.fromEnvironment(Map.of(), p, p, p, p);
        assertEquals(8080, d.httpPort());
        assertEquals(9010, d.jmxPort());
        assertEquals(2, d.poolMin());
        assertEquals(10, d.poolMax());
        assertTrue(d.dataDir().endsWith(Path.of(".codecheck-ra", "sample-db")));

        LauncherException e = assertThrows(LauncherException.class,
                () -> LauncherSettings.fromEnvironment(Map.of("SAMPLE_HTTP_PORT", "http"), p, p, p, p));
        assertTrue(e.getMessage().contains("SAMPLE_HTTP_PORT"), e.getMessage());
        assertThrows(LauncherException.class,
                () -> LauncherSettings.fromEnvironment(Map.of("DB_POOL_MIN", "5", "DB_POOL_MAX", "2"), p, p, p, p));
    }

    @Test
    void externalDatabaseIsPassedThroughAndMasked() {
        Path p = Path.of("x");
        Map<String, String> env = Map.of("DATABASE_URL", "postgresql://app:s3cret@db.example:5432/codecheck?sslmode=require",
                "DB_POOL_MAX", "7");
        LauncherSettings s = LauncherSettings.fromEnvironment(env, p, p, p, p);
        assertTrue(s.externalDatabase());
        RunningSample sample = new RunningSample(s, Console.system());
        Map<String, String> micro = sample.microEnvironment();
        assertEquals(env.get("DATABASE_URL"), micro.get("DATABASE_URL"));
        assertFalse(micro.containsKey("DB_HOST"));
        assertEquals("2", micro.get("DB_POOL_MIN"));
        assertEquals("7", micro.get("DB_POOL_MAX"));
        assertEquals("postgresql://app:****@db.example:5432/codecheck?sslmode=require", sample.databaseUrl());
        assertEquals("jdbc:postgresql://h/db?user=u&password=****",
                RunningSample.maskUrl("jdbc:postgresql://h/db?user=u&password=pw"));

        LauncherSettings dbHost = LauncherSettings.fromEnvironment(Map.of("DB_HOST", "h", "DB_USER", "u",
                "DB_PASSWORD", "pw"), p, p, p, p);
        assertTrue(dbHost.externalDatabase());
        assertEquals("postgresql://u:****@h:5432/codecheck", new RunningSample(dbHost, Console.system()).databaseUrl());
        assertEquals("db.example", sample.externalHost());
        assertEquals(5432, sample.externalPort());
        RunningSample multi = new RunningSample(LauncherSettings.fromEnvironment(
                Map.of("DATABASE_URL", "jdbc:postgresql://h1:5433,h2:5434/db"), p, p, p, p), Console.system());
        assertEquals("h1", multi.externalHost());
        assertEquals(5433, multi.externalPort());
    }

    @Test
    void healthIsSummarised() {
        assertTrue(RunningSample.healthSummary(200, "{\"database\":\"healthy\",\"resources\":{}}")
                .startsWith("healthy (HTTP 200)"));
        String unhealthy = RunningSample.healthSummary(503, "{\"database\":\"unhealthy\",\"resources\":{\"ReadOnly\":"
                + "{\"health\":{\"error\":\"cannot connect: \\\"x\\\" refused\",\"healthy\":false}}}}");
        assertTrue(unhealthy.startsWith("unhealthy (HTTP 503): cannot connect: \\\"x\\\" refused"), unhealthy);
    }

    // ---- property: the console never shows any part of a generated password (seeded, 2 000 cases) ----

    private static final java.util.List<String> SHAPES = java.util.List.of(
            "postgresql://u:%s@h1:5432/d?sslmode=require", "postgres://u:%s@h1/d", "postgresql://u:%s@h1",
            "postgresql://u:%s@h1:bad/d", "postgresql://u:%s@/d", "postgresql:/u:%s@h1/d", "postgresql:u:%s@h1/d",
            "postgresql://h1/d?sslpassword=%s", "postgresql://h1/d?user=u&password=%s&sslmode=require",
            "jdbc:postgresql://h1/d?user=u&password=%s", "jdbc:postgresql://h1:5432/d?password=%s&sslmode=require",
            "jdbc:postgresql://h1/d?Password=%s&bogus", "jdbc:postgresql://u:%s@h1/d");

    @Test
    void maskedUrlAndHostNeverShowAnyPartOfGeneratedPasswords() {
        java.util.List<String> failures = new java.util.ArrayList<>();
        int cases = 0;
        for (String pw : GeneratedSecrets.generate()) {
            String encoded = java.net.URLEncoder.encode(pw, StandardCharsets.UTF_8).replace("+", "%20");
            for (String shape : SHAPES) {
                for (String embedded : java.util.List.of(pw, encoded)) {
                    cases++;
                    String url = shape.replace("%s", embedded);
                    String masked = RunningSample.maskUrl(url);
                    String[] host = RunningSample.firstHost(url);
                    String shown = masked + " " + (host == null ? "" : host[0] + ":" + host[1]);
                    String found = GeneratedSecrets.leak(pw, shown);
                    if (found == null) {
                        found = GeneratedSecrets.leak(embedded, shown);
                    }
                    if (found != null) {
                        failures.add("[" + url + "] -> " + shown + " shows '" + found + "'");
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases (seed " + GeneratedSecrets.SEED + ") fail, e.g.\n"
                + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
    }

    @Test
    void maskHidesEverythingUpToTheLastAt() {
        assertEquals("postgresql://app:****@h/d", RunningSample.maskUrl("postgresql://app:p@ssw0rd@h/d"));
        assertEquals("postgresql://app:****@db.example/d",
                RunningSample.maskUrl("postgresql://app:Pa55word/Xyz9@db.example/d"));
        assertEquals("postgresql://app:****@db/d", RunningSample.maskUrl("postgresql://app:Pa#word@db/d"));
        assertEquals("jdbc:postgresql://h/d?user=app&password=****",
                RunningSample.maskUrl("jdbc:postgresql://h/d?user=app&password=First&SecondHalf"));
        assertEquals("jdbc:postgresql://h/d?password=****&sslmode=require",
                RunningSample.maskUrl("jdbc:postgresql://h/d?password=pw&sslmode=require"));
        assertEquals("db.example", RunningSample.firstHost("postgresql://app:Pa55word/Xyz9@db.example/d")[0]);
    }

    // ---- secrets of the sample: JMX logins and the agent jar ----

    @Test
    void jmxCredentialsAreGeneratedOwnerOnlyDistinctAndKept(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path dataDir = dir.resolve("data");
        JmxCredentials first = JmxCredentials.ensure(dataDir);
        assertEquals(dataDir.resolve("jmx-credentials"), first.file());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(first.file())));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir)));
        String monitor = first.password(io.codecheck.launcher.jmx.JmxRole.MONITOR);
        String operator = first.password(io.codecheck.launcher.jmx.JmxRole.OPERATOR);
        assertTrue(monitor.length() >= 20 && operator.length() >= 20);
        assertFalse(monitor.equals(operator), "the two roles share a password");
        assertFalse(first.toString().contains(monitor) || first.toString().contains(operator), first.toString());

        JmxCredentials again = JmxCredentials.ensure(dataDir);
        assertEquals(monitor, again.password(io.codecheck.launcher.jmx.JmxRole.MONITOR), "kept between runs");
        assertEquals(operator, again.password(io.codecheck.launcher.jmx.JmxRole.OPERATOR), "kept between runs");
    }

    @Test
    void aCredentialsFileOthersMayReadIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = JmxCredentials.ensure(dir).file();
        String monitor = Files.readString(file);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        LauncherException e = assertThrows(LauncherException.class, () -> JmxCredentials.ensure(dir));
        assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
        assertFalse(e.getMessage().contains(monitor.lines().filter(l -> l.startsWith("monitor=")).findFirst()
                .orElseThrow().substring(8)), e.getMessage());
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw----r--"));
        assertThrows(LauncherException.class, () -> JmxCredentials.ensure(dir));
    }

    @Test
    void theAgentJarHoldsEveryAgentClassAndItsPremainClass(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path jar = JmxAgentJar.write(dir);
        java.util.Set<String> entries = new java.util.TreeSet<>();
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            assertEquals("io.codecheck.launcher.jmx.JmxAgent",
                    file.getManifest().getMainAttributes().getValue("Premain-Class"));
            file.stream().map(java.util.jar.JarEntry::getName).forEach(entries::add);
        }
        // every class file the compiler made for the agent's package (nested ones too), but the list itself
        Path classes = Path.of(io.codecheck.launcher.jmx.JmxAgent.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        java.util.Set<String> expected = new java.util.TreeSet<>();
        if (Files.isDirectory(classes)) {
            try (java.util.stream.Stream<Path> files = Files.list(classes.resolve("io/codecheck/launcher/jmx"))) {
                files.map(f -> "io/codecheck/launcher/jmx/" + f.getFileName())
                        .filter(n -> n.endsWith(".class") && !n.endsWith("/AgentClasses.class"))
                        .forEach(expected::add);
            }
        }
        assertFalse(expected.isEmpty(), "no class files found under " + classes);
        assertEquals(expected, entries.stream().filter(n -> n.endsWith(".class"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }

    /** A program that ends at once: with the agent, its JVM must end too (as with the JDK's own JMX agent). */
    public static final class MainThatEnds {
        public static void main(String[] args) {
            System.out.println("main ended");
        }
    }

    @Test
    void theAgentDoesNotKeepAnEndedJvmAlive(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path jar = JmxAgentJar.write(dir);
        Path credentials = JmxCredentials.ensure(dir).file();
        Path testClasses = Path.of(MainThatEnds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + jar + "=" + FreePorts.loopback() + "," + credentials, "-cp", testClasses.toString(),
                MainThatEnds.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        boolean ended = child.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(ended, "the JVM still runs 20 s after main ended:\n" + out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("remote JMX with login") && out.contains("main ended"), out);
    }
}
