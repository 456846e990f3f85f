package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.micro.Directories;
import io.codecheck.micro.LogTail;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.Await;
import io.codecheck.testkit.FreePorts;
import io.codecheck.testkit.ProcessTrees;
import io.codecheck.testkit.RepositoryFiles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.Test;

/**
 * The Payara Micro recipe of docs/deploying.md, run as written (only paths, ports and the {@code DB_*} values replaced) twice,
 * with a rebuilt WAR in between: the second start serves the new build from its first answer, and the development
 * JMX flags give a login-only, read-only JMX.
 */
class MicroRecipeIT {
    private static final String MARKER = "<!-- micro-recipe";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START_DEADLINE = Duration.ofSeconds(180);

    @Test
    void theRecipeServesTheCurrentBuildAfterARebuildAndItsJmxNeedsALogin() throws Exception {
        TestDatabase db = TestDatabase.get();
        Path work = Path.of(System.getProperty("codecheck.workDir")).resolveSibling("micro-recipe");
        Directories.deleteQuietly(work);
        Files.createDirectories(work);
        int http = FreePorts.loopback();
        int jmx = FreePorts.loopback();
        Path war = work.resolve("codecheck-sample.war");
        String script = recipe(readme(), Map.of(
                "/path/to/codecheck-ra.rar", System.getProperty("codecheck.rar"),
                "/path/to/codecheck-sample.war", war.toString(),
                "payara-micro-6.2025.10.jar", System.getProperty("codecheck.microJar"),
                "--port 8080", "--port " + http,
                "9010", Integer.toString(jmx),
                "DB_HOST=db.example", "DB_HOST=" + db.host(),
                "DB_PORT=5432", "DB_PORT=" + db.port(),
                "DB_USER=app", "DB_USER=" + db.user(),
                "DB_PASSWORD=...", "DB_PASSWORD='" + db.password().replace("'", "'\\''") + "'",
                "DB_SSLMODE=require", "DB_SSLMODE=disable"));
        URI build = URI.create("http://127.0.0.1:" + http + "/codecheck/recipe-build.txt");

        buildWar(war, "build 1");
        Process first = run(script, work, "first");
        try {
            assertEquals("build 1", firstAnswer(build, first, work.resolve("first.log")));
            assertEquals(200, get(URI.create("http://127.0.0.1:" + http + "/codecheck/api/health")).statusCode());
            checkJmx(work, jmx);
        } finally {
            stop(first);
        }

        buildWar(war, "build 2");
        Process second = run(script, work, "second");
        try {
            assertEquals("build 2", firstAnswer(build, second, work.resolve("second.log")),
                    "the first answer after the restart comes from the rebuilt WAR");
        } finally {
            stop(second);
        }
    }

    private static void checkJmx(Path work, int port) throws Exception {
        Path passwordFile = work.resolve("jmxremote.password");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(passwordFile)));
        String[] entry = Files.readString(passwordFile, StandardCharsets.UTF_8).trim().split(" ");
        assertEquals("monitor", entry[0]);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");

        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url).close(), "anonymous");
        SecurityException wrong = assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"monitor", entry[1] + "x"})).close());
        assertFalse(String.valueOf(wrong).contains(entry[1]), "the password is not echoed: " + wrong);

        try (JMXConnector c = JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"monitor", entry[1]}))) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            ObjectName pool = new ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadOnly\"");
            assertNotNull(server.getAttribute(pool, "QueriesExecuted"), "monitor reads the pool MBean");
            assertThrows(SecurityException.class, () -> server.invoke(pool, "softEvictConnections", null, null),
                    "the readonly role invokes no operation");
        }
    }

    /** The fenced block after the marker, with every placeholder replaced; a placeholder missing fails the test. */
    static String recipe(String readme, Map<String, String> replacements) {
        int marker = readme.indexOf(MARKER);
        assertTrue(marker >= 0, "docs/deploying.md has no " + MARKER + " marker");
        int open = readme.indexOf("```bash\n", marker);
        int close = readme.indexOf("\n```", open + 8);
        String block = readme.substring(open + 8, close + 1);
        for (Map.Entry<String, String> r : new LinkedHashMap<>(replacements).entrySet()) {
            assertTrue(block.contains(r.getKey()), "the recipe no longer contains '" + r.getKey() + "':\n" + block);
            block = block.replace(r.getKey(), r.getValue());
        }
        return block;
    }

    private static String readme() {
        return RepositoryFiles.read("docs/deploying.md");
    }

    /** The sample WAR as the build makes it, plus one file that tells the builds apart. */
    private static void buildWar(Path war, String label) throws IOException {
        Files.copy(Path.of(System.getProperty("codecheck.war")), war, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(war)) {
            Files.writeString(zip.getPath("/recipe-build.txt"), label, StandardCharsets.UTF_8);
        }
    }

    private static Process run(String script, Path work, String name) throws IOException {
        return new ProcessBuilder("bash", "-c", script)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile())
                .start();
    }

    /** The body of the first successful answer, polled until the deadline. */
    private static String firstAnswer(URI uri, Process process, Path log) {
        try {
            return Await.result("an answer from " + uri, START_DEADLINE, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the recipe's java exited early (" + process.exitValue() + "):\n"
                            + LogTail.chars(log, 4000));
                }
                try {
                    HttpResponse<String> r = get(uri);
                    return r.statusCode() == 200 ? r.body().trim() : null;
                } catch (IOException e) {
                    return null; // not listening yet
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ":\n" + LogTail.chars(log, 4000), e);
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Micro and the shell around it. */
    private static void stop(Process process) {
        ProcessTrees.stop(process.toHandle(), Duration.ofSeconds(40));
    }
}
