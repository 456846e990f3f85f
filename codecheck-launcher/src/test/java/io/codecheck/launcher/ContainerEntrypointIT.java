package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.testsupport.TestDatabase;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The container image's entry point run on this host ({@link EntrypointRun}), configured only by the environment
 * names the image takes (DATABASE_URL, DB_POOL_MIN/MAX, PORT or HTTP_PORT, JAVA_OPTS): health, readiness, the
 * Kubernetes probes' paths and one API call.
 */
class ContainerEntrypointIT {

    @Test
    void theEntryPointServesHealthReadinessAndTheApiFromTheEnvironmentAlone() throws Exception {
        TestDatabase db = TestDatabase.get();
        String databaseUrl = "postgresql://" + enc(db.user()) + ":" + enc(db.password()) + "@" + db.host() + ":"
                + db.port() + "/" + db.database() + "?sslmode=disable";
        // PORT, not HTTP_PORT: the port as Heroku gives it (the image sets no HTTP_PORT of its own)
        try (EntrypointRun container = EntrypointRun.start("container-entrypoint", "PORT", Map.of(
                "DATABASE_URL", databaseUrl, "DB_POOL_MIN", "1", "DB_POOL_MAX", "4"))) {
            container.awaitReady(Duration.ofSeconds(180));
            // the paths the Kubernetes probes of deploy/kubernetes ask
            assertEquals(200, EntrypointRun.status(container.uri("/health/ready")));
            for (String probe : KubernetesManifests.probePaths()) {
                assertEquals(200, EntrypointRun.status(container.uri(probe)), probe);
            }
            HttpResponse<String> api = EntrypointRun.get(container.api().resolve("jurisdictions?limit=1"));
            assertEquals(200, api.statusCode(), api.body());
            assertTrue(api.body().contains("\"jurisdictions\""), api.body());
            assertTrue(!container.output().contains(db.password()), "the database password is in the container's output");
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
