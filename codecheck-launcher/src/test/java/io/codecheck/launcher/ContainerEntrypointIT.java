package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The container image's entry point (deploy/container/entrypoint.sh), run on this host exactly as the image runs it:
 * the same script, the same flags and post-boot file, configured only by the environment names the image takes
 * (DATABASE_URL, DB_POOL_MIN/MAX, HTTP_PORT, JAVA_OPTS), with the artefacts where the Dockerfile puts them relative
 * to CODECHECK_HOME. There is no Docker on the build machine; what the image adds besides this is the JRE and the
 * non-root user.
 */
class ContainerEntrypointIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theEntryPointServesHealthReadinessAndTheApiFromTheEnvironmentAlone() throws Exception {
        TestDatabase db = TestDatabase.get();
        Path work = Path.of(System.getProperty("codecheck.workDir")).resolveSibling("container-entrypoint");
        Directories.deleteQuietly(work);
        Path home = Files.createDirectories(work.resolve("opt-codecheck"));
        Path repository = RepositoryFiles.root();
        Files.copy(repository.resolve("deploy/container/entrypoint.sh"), home.resolve("entrypoint.sh"));
        Files.copy(Path.of(System.getProperty("codecheck.microJar")), home.resolve("payara-micro.jar"));
        Files.copy(Path.of(System.getProperty("codecheck.rar")), home.resolve("codecheck-ra.rar"));
        Files.copy(Path.of(System.getProperty("codecheck.war")), home.resolve("app.war"),
                StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.readString(repository.resolve("deploy/container/Dockerfile"), StandardCharsets.UTF_8)
                .contains("ENTRYPOINT [\"/opt/codecheck/entrypoint.sh\"]"), "the Dockerfile runs this script");

        int http = FreePorts.loopback();
        String databaseUrl = "postgresql://" + enc(db.user()) + ":" + enc(db.password()) + "@" + db.host() + ":"
                + db.port() + "/" + db.database() + "?sslmode=disable";
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("entrypoint.sh").toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("container.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DB_") || k.equals("DATABASE_URL"));
        env.putAll(Map.of("CODECHECK_HOME", home.toString(), "MICRO_ROOT", work.resolve("micro-root").toString(),
                "HTTP_PORT", Integer.toString(http), "DATABASE_URL", databaseUrl, "DB_POOL_MIN", "1",
                "DB_POOL_MAX", "4", "JAVA_OPTS", "-Xmx512m -XX:+ExitOnOutOfMemoryError"));
        Process container = pb.start();
        try {
            // the readiness probe of deploy/kubernetes: the application's health, there once the WAR is deployed
            List<String> probes = KubernetesManifests.probePaths();
            URI ready = URI.create("http://127.0.0.1:" + http + probes.get(probes.size() - 1));
            Await.until(Duration.ofSeconds(180), () -> {
                assertTrue(container.isAlive(), "the entry point exited: "
                        + LogTail.lines(work.resolve("container.log"), 40));
                return status(ready) == 200;
            }, () -> "readiness not 200; log:\n" + LogTail.lines(work.resolve("container.log"), 40));
            // the paths the Kubernetes probes of deploy/kubernetes ask
            assertEquals(200, status(URI.create("http://127.0.0.1:" + http + "/health/ready")));
            for (String probe : probes) {
                assertEquals(200, status(URI.create("http://127.0.0.1:" + http + probe)), probe);
            }
            HttpResponse<String> api = get(URI.create("http://127.0.0.1:" + http
                    + "/codecheck/api/jurisdictions?limit=1"));
            assertEquals(200, api.statusCode(), api.body());
            assertTrue(api.body().contains("\"jurisdictions\""), api.body());
            String log = Files.readString(work.resolve("container.log"), StandardCharsets.UTF_8);
            assertTrue(!log.contains(db.password()), "the database password is in the container's output");
        } finally {
            ProcessTrees.stop(container.toHandle(), Duration.ofSeconds(20));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int status(URI uri) {
        try {
            return get(uri).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
