package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.micro.Directories;
import io.codecheck.micro.LogTail;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The container image's entry point (deploy/container/entrypoint.sh) run on this host as the image runs it: the
 * same script, flags and post-boot file, the artefacts where the Dockerfile puts them relative to CODECHECK_HOME,
 * and no DATABASE_URL or DB_* variable but those a test passes. There is no Docker on the build machine; what the
 * image adds besides this is the JRE and the non-root user.
 */
final class EntrypointRun implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private EntrypointRun(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the entry point in a fresh directory {@code name} beside the launcher's work directory.
     *
     * @param portVariable HTTP_PORT or PORT (Heroku's): the variable that carries the HTTP port
     * @param env          the variables the image would get (DATABASE_URL, ...); JAVA_OPTS gets a small heap
     */
    static EntrypointRun start(String name, String portVariable, Map<String, String> env) throws IOException {
        Path work = Path.of(System.getProperty("codecheck.workDir")).resolveSibling(name);
        Directories.deleteQuietly(work);
        Path home = Files.createDirectories(work.resolve("opt-codecheck"));
        Path repository = RepositoryFiles.root();
        Files.copy(repository.resolve("deploy/container/entrypoint.sh"), home.resolve("entrypoint.sh"));
        Files.copy(Path.of(System.getProperty("codecheck.microJar")), home.resolve("payara-micro.jar"));
        Files.copy(Path.of(System.getProperty("codecheck.rar")), home.resolve("codecheck-ra.rar"));
        Files.copy(Path.of(System.getProperty("codecheck.war")), home.resolve("app.war"),
                StandardCopyOption.REPLACE_EXISTING);
        assertTrue(RepositoryFiles.read("deploy/container/Dockerfile")
                .contains("ENTRYPOINT [\"/opt/codecheck/entrypoint.sh\"]"), "the Dockerfile runs this script");

        int http = FreePorts.loopback();
        Path log = work.resolve("container.log");
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("entrypoint.sh").toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("DB_") || k.startsWith("DATABASE_") || k.equals("PORT")
                || k.equals("HTTP_PORT"));
        Map<String, String> image = new HashMap<>(Map.of("CODECHECK_HOME", home.toString(),
                "MICRO_ROOT", work.resolve("micro-root").toString(), portVariable, Integer.toString(http),
                "JAVA_OPTS", "-Xmx512m -XX:+ExitOnOutOfMemoryError"));
        image.putAll(env);
        environment.putAll(image);
        return new EntrypointRun(pb.start(), log, http);
    }

    /** Waits until the readiness probe of deploy/kubernetes answers 200 (the WAR is deployed, the database there). */
    void awaitReady(Duration timeout) throws IOException {
        List<String> probes = KubernetesManifests.probePaths();
        URI ready = uri(probes.get(probes.size() - 1));
        Await.until(timeout, () -> {
            assertTrue(process.isAlive(), "the entry point exited: " + LogTail.lines(log, 40));
            return status(ready) == 200;
        }, () -> "readiness not 200; log:\n" + LogTail.lines(log, 40));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code /codecheck/api/}: the sample's REST root under the default CONTEXT_ROOT. */
    URI api() {
        return uri("/codecheck/api/");
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    String tail() {
        return LogTail.lines(log, 40);
    }

    static int status(URI uri) {
        try {
            return get(uri).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(URI uri, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(json == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        ProcessTrees.stop(process.toHandle(), Duration.ofSeconds(20));
    }
}
