package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The EAR packaging (adapter embedded as a connector module) on a real Payara Server 6 domain: Payara Micro cannot
 * deploy EARs. The build unpacks the server distribution from Maven Central; the test creates a throw-away domain,
 * starts it with the database settings in its environment, deploys the EAR, checks the API, undeploys and stops.
 * asadmin is run as {@code java -jar appserver-cli.jar}, so no shell is needed.
 */
class EarOnPayaraServerIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String DOMAIN = "codecheck-ear-it";

    @Test
    void theEarWithTheEmbeddedAdapterServesTheApiOnPayaraServer() throws Exception {
        TestDatabase db = TestDatabase.get();
        Path install = Path.of(System.getProperty("codecheck.payaraServer"));
        Path ear = Path.of(System.getProperty("codecheck.ear"));
        Path domains = install.resolveSibling("domains");
        int portBase = freePortBase();
        int adminPort = portBase + 48;
        int httpPort = portBase + 80;
        Map<String, String> env = Map.of("DB_HOST", db.host(), "DB_PORT", Integer.toString(db.port()),
                "DB_USER", db.user(), "DB_PASSWORD", db.password(), "DB_NAME", db.database(),
                "DB_SSLMODE", "disable", "DB_POOL_MIN", "3");

        asadmin(install, env, "delete-domain", "--domaindir", domains.toString(), DOMAIN); // a leftover, if any
        assertEquals(0, asadmin(install, env, "create-domain", "--domaindir", domains.toString(), "--portbase",
                Integer.toString(portBase), "--nopassword", DOMAIN));
        try {
            assertEquals(0, asadmin(install, env, "start-domain", "--domaindir", domains.toString(), DOMAIN));
            assertEquals(0, asadmin(install, env, "--port", Integer.toString(adminPort), "deploy", "--name",
                    "codecheck-sample", ear.toString()), "deploying the EAR");

            URI api = URI.create("http://127.0.0.1:" + httpPort + "/codecheck/api/");
            HttpResponse<String> health = get(api.resolve("health"));
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"database\":\"healthy\"") && health.body().contains("ReadOnly")
                    && health.body().contains("ReadWrite"), health.body());
            assertTrue(health.body().contains("\"poolSize\":3"), "DB_POOL_MIN reached the pools: " + health.body());
            assertEquals(200, get(api.resolve("jurisdictions/us-ca")).statusCode());
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(api.resolve("demo/read-only-write"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(refused.body().contains("25006"), refused.body());
            TwoResourcesCheck.readAndWriteInOneTransaction(api);
            // the API's bounds come with the rest module's classes: a paged list and the body limit
            HttpResponse<String> firstPage = get(api.resolve("jurisdictions?limit=1"));
            assertEquals(200, firstPage.statusCode(), firstPage.body());
            assertTrue(firstPage.body().contains("\"next\":"), firstPage.body());
            SampleApiBounds.declaredLengthOverLimit(api);
            SampleApiBounds.chunkedOverLimit(api);

            assertEquals(0, asadmin(install, env, "--port", Integer.toString(adminPort), "undeploy",
                    "codecheck-sample"));
            try (var admin = db.openAdminConnection(); var s = admin.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                         + "WHERE application_name = 'codecheck-ra'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "adapter sessions left after undeploy");
            }
        } finally {
            asadmin(install, env, "stop-domain", "--domaindir", domains.toString(), DOMAIN);
        }
    }

    private static int asadmin(Path install, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                install.resolve("glassfish/lib/client/appserver-cli.jar").toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("asadmin-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env); // start-domain passes its environment on to the server JVM
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("asadmin " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        System.out.println("asadmin " + String.join(" ", args) + " -> " + p.exitValue() + "\n"
                + Files.readString(log));
        return p.exitValue();
    }

    /** A port base whose admin (+48) and HTTP (+80) ports, and the other listeners of a domain, are free. */
    private static int freePortBase() {
        return FreePorts.base(null, 20000, 300, 100, 9, 37, 38, 39, 48, 66, 76, 80, 81, 86);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
