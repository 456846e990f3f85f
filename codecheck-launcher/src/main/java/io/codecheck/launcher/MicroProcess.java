package io.codecheck.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Payara Micro as a child {@code java} process: no Hazelcast, HTTP on 127.0.0.1 only, remote JMX on 127.0.0.1 only
 * with a login,
 * its root dir, temp dir and log under the launcher's work dir; the RAR and then the WAR deployed by a post-boot
 * command file.
 */
public final class MicroProcess {
    private static final String HTTP_ON_LOOPBACK_ONLY = "set configs.config.server-config.network-config"
            + ".network-listeners.network-listener.http-listener.address=127.0.0.1";

    public static final String RAR_NAME = "codecheck-ra";
    public static final String APP_NAME = "codecheck-sample";
    public static final String CONTEXT_ROOT = "codecheck";
    public static final String HEALTH_PATH = "/" + CONTEXT_ROOT + "/api/health";

    private final Process process;
    private final Path logFile;
    private final int httpPort;

    private MicroProcess(Process process, Path logFile, int httpPort) {
        this.process = process;
        this.logFile = logFile;
        this.httpPort = httpPort;
    }

    /**
     * Starts Micro (does not wait for it).
     *
     * @param environment    the complete environment of the child (connection settings included)
     * @param jmxAgent       the agent jar that serves remote JMX with a login ({@link JmxAgentJar})
     * @param jmxCredentials the file of the JMX logins ({@link JmxCredentials})
     */
    static MicroProcess start(LauncherSettings settings, Map<String, String> environment, Path jmxAgent,
                              Path jmxCredentials) {
        Path work = settings.workDir().toAbsolutePath();
        Path rootDir = work.resolve("micro-root");
        Path tmpDir = work.resolve("tmp");
        Path logFile = work.resolve("payara-micro.log");
        Path preboot = work.resolve("preboot.asadmin");
        Path postboot = work.resolve("postboot.asadmin");
        try {
            // a fresh configuration every start: the post-boot file deploys the current RAR and WAR again
            EmbeddedDatabase.deleteRecursively(rootDir);
            Files.createDirectories(tmpDir);
            Files.writeString(preboot, HTTP_ON_LOOPBACK_ONLY + "\n", StandardCharsets.UTF_8);
            Files.writeString(postboot, String.join("\n",
                    "deploy --name " + RAR_NAME + " " + asadminPath(settings.rarFile()),
                    "deploy --name " + APP_NAME + " --contextroot " + CONTEXT_ROOT + " "
                            + asadminPath(settings.warFile()),
                    ""), StandardCharsets.UTF_8);
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            throw new LauncherException("Cannot prepare Payara Micro's work directory " + work + ": " + e, e);
        }

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + tmpDir);
        // remote JMX with a login and two roles, on 127.0.0.1 only (see io.codecheck.launcher.jmx.JmxAgent); the
        // stubs it hands out must name the loopback address too
        command.add("-Djava.rmi.server.hostname=127.0.0.1");
        command.add("-javaagent:" + jmxAgent.toAbsolutePath() + "=" + settings.jmxPort() + ","
                + jmxCredentials.toAbsolutePath());
        command.add("-jar");
        command.add(settings.microJar().toAbsolutePath().toString());
        command.add("--nohazelcast");
        command.add("--disablephonehome");
        command.add("--port");
        command.add(Integer.toString(settings.httpPort()));
        command.add("--rootdir");
        command.add(rootDir.toString());
        command.add("--prebootcommandfile");
        command.add(preboot.toString());
        command.add("--postbootcommandfile");
        command.add(postboot.toString());

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new MicroProcess(builder.start(), logFile, settings.httpPort());
        } catch (IOException e) {
            throw new LauncherException("Cannot start Payara Micro (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** asadmin splits on spaces; quote paths that have them. */
    private static String asadminPath(Path file) {
        String path = file.toAbsolutePath().toString();
        return path.contains(" ") ? "\"" + path + "\"" : path;
    }

    public URI healthUri() {
        return URI.create("http://127.0.0.1:" + httpPort + HEALTH_PATH);
    }

    /**
     * Polls the health endpoint until it answers (200 healthy or 503 unhealthy both mean the sample is deployed).
     * Fails early when Micro exits, or when Micro reports it is up but the endpoint stays absent (a failed
     * deployment).
     */
    public HttpResponse<String> awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(healthUri()).timeout(Duration.ofSeconds(15)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        long bootedSince = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LauncherException("Payara Micro exited with code " + process.exitValue()
                        + " before the sample was ready. Its log " + logFile + " ends with:\n"
                        + EmbeddedDatabase.tail(logFile, 25));
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || response.statusCode() == 503) {
                    return response;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException("interrupted while waiting for Payara Micro");
            }
            String log = readLog();
            if (bootedSince == 0 && log.contains("ready in ")) {
                bootedSince = System.nanoTime();
            }
            boolean deployFailed = log.contains("Boot Command deploy failed");
            if (bootedSince != 0 && (deployFailed
                    || System.nanoTime() - bootedSince > TimeUnit.SECONDS.toNanos(15))) {
                throw new LauncherException("Payara Micro is up but " + healthUri() + " does not answer: "
                        + (deployFailed ? "a deployment failed" : "the RAR or the WAR did not deploy")
                        + ". From its log " + logFile + ":\n" + problems(log));
            }
            sleep(500);
        }
        throw new LauncherException("The sample was not ready after " + timeout.toSeconds() + " s (set"
                + " SAMPLE_STARTUP_TIMEOUT to wait longer). Payara Micro's log " + logFile + " ends with:\n"
                + EmbeddedDatabase.tail(logFile, 25));
    }

    private String readLog() {
        try {
            return Files.readString(logFile, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** The failed boot commands and the distinct root causes, without colour codes and stack frames. */
    static String problems(String log) {
        List<String> lines = log.lines()
                .map(l -> l.replaceAll("\u001B\\[[0-9;]*m", "").strip())
                .collect(Collectors.toList());
        List<String> shown = new ArrayList<>();
        lines.stream().filter(l -> l.startsWith("Caused by:")).distinct().forEach(shown::add);
        lines.stream().filter(l -> l.startsWith("Boot Command") && l.contains("failed"))
                .map(l -> l.replace("PlainTextActionReporterFAILUREDescription: ", ""))
                .distinct().forEach(shown::add);
        if (shown.isEmpty()) {
            int from = Math.max(0, lines.size() - 25);
            shown.addAll(lines.subList(from, lines.size()));
        }
        return "    " + String.join("\n    ", shown.subList(Math.max(0, shown.size() - 12), shown.size()));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Stops Micro: SIGTERM (its shutdown hook undeploys the application and closes the connection pools), then
     * a forced kill after {@code grace}. Returns the exit code.
     */
    public int stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        if (process.isAlive()) {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return process.isAlive() ? -1 : process.exitValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for Payara Micro");
        }
    }
}
