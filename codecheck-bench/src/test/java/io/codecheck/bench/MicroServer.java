package io.codecheck.bench;

import io.codecheck.micro.PayaraMicro;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's Payara Micro, started by the shared driver ({@link PayaraMicro}): no Hazelcast, HTTP on 127.0.0.1,
 * the pgjdbc jar on its common class path (--addlibs, for B's JDBC pool), root and temp dirs under target/, the RAR
 * and then the benchmark WAR deployed by a post-boot command file; and the benchmark servlet's HTTP calls.
 */
final class MicroServer implements AutoCloseable {
    static final String CONTEXT = "bench";

    private final PayaraMicro micro;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MicroServer(PayaraMicro micro) {
        this.micro = micro;
    }

    static MicroServer start(Path microJar, Path rar, Path war, Path driverJar, Path work, int port,
                             List<String> jvmOptions, Map<String, String> env) throws IOException {
        return new MicroServer(PayaraMicro.builder(microJar, work)
                .port(port)
                .tmpDir(work.resolve("micro-tmp"))
                .logFile(work.resolve("payara-micro.log"), true)
                .jvmOptions(jvmOptions)
                .arguments("--addlibs", driverJar.toAbsolutePath().toString())
                .preboot(PayaraMicro.HTTP_ON_LOOPBACK_ONLY)
                .postboot(List.of(PayaraMicro.deploy("codecheck-ra", null, rar),
                        PayaraMicro.deploy("codecheck-bench", CONTEXT, war)))
                // the adapter falls back to these; the benchmark sets every connection property itself
                .environment(e -> e.keySet().removeIf(k -> k.equals("DATABASE_URL") || k.startsWith("DB_")), env)
                .start());
    }

    /**
     * A copy of the WAR whose WEB-INF/glassfish-resources.xml has the {@code @NAME@} tokens replaced (XML-escaped).
     */
    static Path configuredWar(Path war, Path dir, Map<String, String> tokens) throws IOException {
        Path copy = dir.resolve(war.getFileName());
        Files.copy(war, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(copy)) {
            Path xml = zip.getPath("WEB-INF", "glassfish-resources.xml");
            String text = Files.readString(xml, StandardCharsets.UTF_8);
            for (Map.Entry<String, String> t : tokens.entrySet()) {
                text = text.replace("@" + t.getKey() + "@", t.getValue().replace("&", "&amp;").replace("<", "&lt;")
                        .replace(">", "&gt;").replace("\"", "&quot;"));
            }
            if (text.matches("(?s).*@BENCH_[A-Z_]+@.*")) {
                throw new IllegalStateException("unreplaced token in glassfish-resources.xml of " + war);
            }
            Files.writeString(xml, text, StandardCharsets.UTF_8);
        }
        return copy;
    }

    List<String> command() {
        return micro.command();
    }

    long pid() {
        return micro.pid();
    }

    Path log() {
        return micro.logFile();
    }

    /**
     * Waits until Micro says it is up and the benchmark WAR answers (the WAR can answer while Micro is still
     * finishing its boot, and then answer 503 for a moment); fails early when Micro exits or a deployment failed.
     */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        micro.awaitDeployed(timeout, null, () -> {
            if (!micro.booted()) {
                return null;
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/ping"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r : null;
        });
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + micro.port() + "/" + CONTEXT + pathAndQuery);
    }

    /** GET on the benchmark servlet; the key=value lines of the answer. */
    Map<String, String> call(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(pathAndQuery + " answered " + r.statusCode() + ":\n" + r.body());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    @Override
    public void close() {
        micro.stop(Duration.ofSeconds(30));
    }
}
