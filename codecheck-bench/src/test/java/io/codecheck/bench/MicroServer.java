package io.codecheck.bench;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Payara Micro as a child process: no Hazelcast, HTTP on 127.0.0.1, the pgjdbc jar on its common class path
 * (--addlibs, for B's JDBC pool), root and temp dirs under target/, the RAR and then the benchmark WAR deployed by a
 * post-boot command file.
 */
final class MicroServer implements AutoCloseable {
    static final String CONTEXT = "bench";

    private final Process process;
    private final Path log;
    private final int port;
    private final List<String> command;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MicroServer(Process process, Path log, int port, List<String> command) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.command = command;
    }

    static MicroServer start(Path microJar, Path rar, Path war, Path driverJar, Path work, int port,
                             List<String> jvmOptions, Map<String, String> env) throws IOException {
        Path root = work.resolve("micro-root");
        Path tmp = work.resolve("micro-tmp");
        deleteRecursively(root);
        Files.createDirectories(tmp);
        Path preboot = work.resolve("preboot.asadmin");
        Path postboot = work.resolve("postboot.asadmin");
        Path log = work.resolve("payara-micro.log");
        Files.writeString(preboot, "set configs.config.server-config.network-config.network-listeners"
                + ".network-listener.http-listener.address=127.0.0.1\n", StandardCharsets.UTF_8);
        Files.writeString(postboot, "deploy --name codecheck-ra " + rar.toAbsolutePath() + "\n"
                + "deploy --name codecheck-bench --contextroot " + CONTEXT + " " + war.toAbsolutePath() + "\n",
                StandardCharsets.UTF_8);
        Files.deleteIfExists(log);

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.io.tmpdir=" + tmp.toAbsolutePath());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(microJar.toAbsolutePath().toString());
        cmd.add("--nohazelcast");
        cmd.add("--disablephonehome");
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.add("--rootdir");
        cmd.add(root.toAbsolutePath().toString());
        cmd.add("--addlibs");
        cmd.add(driverJar.toAbsolutePath().toString());
        cmd.add("--prebootcommandfile");
        cmd.add(preboot.toAbsolutePath().toString());
        cmd.add("--postbootcommandfile");
        cmd.add(postboot.toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> childEnv = pb.environment();
        // the adapter falls back to these; the benchmark sets every connection property itself
        childEnv.keySet().removeIf(k -> k.equals("DATABASE_URL") || k.startsWith("DB_"));
        childEnv.putAll(env);
        return new MicroServer(pb.start(), log, port, cmd);
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
        return command;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Waits until the benchmark WAR answers; fails early when Micro exits or a deployment failed. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; log " + log
                        + ":\n" + tail(40));
            }
            String text = Files.exists(log) ? Files.readString(log) : "";
            // the WAR can answer while Micro is still finishing its boot (then it answers 503 for a moment):
            // ready means Micro said so and the WAR answers
            if (text.contains(" ready in ")) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/ping"))
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not up yet
                }
            }
            if (text.contains("Boot Command deploy failed") || text.contains("Exception while deploying")) {
                throw new IllegalStateException("a deployment failed; log " + log + ":\n" + tail(60));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Payara Micro not ready after " + timeout + "; log " + log + ":\n" + tail(40));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + "/" + CONTEXT + pathAndQuery);
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

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
