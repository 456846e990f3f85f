package io.codecheck.portability;

import static io.codecheck.portability.ServerProcesses.allFree;
import static io.codecheck.portability.ServerProcesses.awaitOrKillDescendants;
import static io.codecheck.portability.ServerProcesses.deleteRecursively;
import static io.codecheck.portability.ServerProcesses.killTree;
import static io.codecheck.portability.ServerProcesses.removeShutdownHook;
import static io.codecheck.portability.ServerProcesses.tail;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A WildFly standalone server started from an unpacked distribution with {@code bin/standalone.sh}: loopback only,
 * every port shifted by a free port offset, its own {@code jboss.server.base.dir} (a fresh copy of the
 * distribution's {@code standalone/configuration}, so the distribution is never written to and every run starts
 * from a pristine {@code standalone.xml}). Managed with {@code bin/jboss-cli.sh --connect}, which authenticates
 * locally (same user, no management user needed). Stopped with SIGTERM to the server JVM, then SIGKILL to the whole
 * process tree if it has not exited within 30 s; a JVM shutdown hook does the same if the test JVM goes first.
 */
final class WildFlyServer implements AutoCloseable {
    /** Default ports of standalone.xml's socket bindings (ajp, http, https, management http/https, transactions). */
    private static final int[] DEFAULT_PORTS = {8009, 8080, 8443, 9990, 9993, 4712, 4713};

    /** Variables the server process gets on top of the test's environment (not the CLI). */
    private final Map<String, String> serverEnvironment;
    private final Path home;
    private final Path baseDir;
    private final int portOffset;
    private final Path consoleLog;
    private final Thread killer = new Thread(this::kill, "wildfly-killer");
    private Process process;

    private WildFlyServer(Path home, Path baseDir, int portOffset, Map<String, String> serverEnvironment) {
        this.serverEnvironment = Map.copyOf(serverEnvironment);
        this.home = home;
        this.baseDir = baseDir;
        this.portOffset = portOffset;
        this.consoleLog = baseDir.resolve("console.log");
    }

    /**
     * Starts the server, with {@code environment} added to its process environment, and waits (at most
     * {@code startTimeoutSeconds}) until it reports that it has started.
     */
    static WildFlyServer start(Path home, Path baseDir, long startTimeoutSeconds, Map<String, String> environment)
            throws Exception {
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException("no WildFly distribution at " + home + " (unpacked in pre-integration-test)");
        }
        deleteRecursively(baseDir);
        Files.createDirectories(baseDir.resolve("deployments"));
        copyRecursively(home.resolve("standalone/configuration"), baseDir.resolve("configuration"));
        WildFlyServer server = new WildFlyServer(home, baseDir, freePortOffset(), environment);
        try {
            server.launch(startTimeoutSeconds);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void launch(long startTimeoutSeconds) throws Exception {
        List<String> command = List.of(bin("standalone.sh"),
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(consoleLog.toFile()).directory(baseDir.toFile());
        environment(pb.environment());
        pb.environment().putAll(serverEnvironment);
        // the script traps TERM and passes it on to the server JVM
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        Runtime.getRuntime().addShutdownHook(killer);
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startTimeoutSeconds);
        while (true) {
            String console = Files.readString(consoleLog, StandardCharsets.UTF_8);
            if (console.contains("WFLYSRV0025")) {
                return; // "WildFly ... started in N ms"
            }
            if (console.contains("WFLYSRV0026")) {
                throw new IllegalStateException("WildFly started with errors:\n" + tail(console, 60));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("WildFly exited with status " + process.exitValue() + ":\n"
                        + tail(console, 60));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("WildFly did not start within " + startTimeoutSeconds + " s:\n"
                        + tail(console, 60));
            }
            Thread.sleep(200);
        }
    }

    int httpPort() {
        return 8080 + portOffset;
    }

    int managementPort() {
        return 9990 + portOffset;
    }

    Path serverLog() {
        return baseDir.resolve("log/server.log");
    }

    /**
     * Runs a jboss-cli script against the server ({@code --file}: stops at the first failing command and exits
     * non-zero). Returns the CLI's output; throws with it when the CLI failed or took longer than two minutes.
     */
    String cli(String name, String script) throws IOException, InterruptedException {
        Path file = baseDir.resolve(name + ".cli");
        Path output = baseDir.resolve(name + ".cli.out");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder(bin("jboss-cli.sh"), "--connect",
                "--controller=remote+http://127.0.0.1:" + managementPort(), "--file=" + file)
                .redirectErrorStream(true).redirectOutput(output.toFile()).directory(baseDir.toFile());
        environment(pb.environment());
        Process cli = pb.start();
        if (!cli.waitFor(2, TimeUnit.MINUTES)) {
            killTree(cli.toHandle());
            throw new IllegalStateException("jboss-cli " + name + " did not finish within 2 minutes:\n"
                    + Files.readString(output));
        }
        String out = Files.readString(output);
        if (cli.exitValue() != 0) {
            throw new IllegalStateException("jboss-cli " + name + " failed (exit " + cli.exitValue() + "):\n" + out
                    + "\nscript:\n" + script);
        }
        return out;
    }

    /** The last lines of server.log, for failure reports. */
    String serverLogTail(int lines) {
        try {
            return Files.exists(serverLog()) ? tail(Files.readString(serverLog()), lines) : "(no server.log)";
        } catch (IOException e) {
            return "(server.log unreadable: " + e + ")";
        }
    }

    /** SIGTERM to the server JVM (a clean shutdown); the whole process tree is killed if that takes over 30 s. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    private void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            process.toHandle().descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                System.out.println("[wildfly] no clean shutdown within 30 s: killing the process tree");
                kill();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        // the script may be gone before the JVM it started: wait for (or kill) any leftover descendants
        awaitOrKillDescendants(process, 30);
        removeShutdownHook(killer);
    }

    private void kill() {
        if (process != null) {
            killTree(process.toHandle());
        }
    }

    private String bin(String script) {
        return home.resolve("bin").resolve(script).toString();
    }

    private static void environment(Map<String, String> env) {
        // the scripts use JAVA_HOME, else the java on PATH: take the test's JDK
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JAVA_OPTS"); // standalone.conf's defaults (heap, IPv4, system packages) apply
        env.remove("JBOSS_HOME");
    }

    /** An offset that moves every default port of standalone.xml onto a free port of 127.0.0.1. */
    private static int freePortOffset() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = 10000 + ThreadLocalRandom.current().nextInt(45000);
            int shift = offset;
            if (allFree(InetAddress.getLoopbackAddress(), Arrays.stream(DEFAULT_PORTS).map(p -> p + shift).toArray())) {
                return offset;
            }
        }
        throw new IOException("no free port offset found for WildFly");
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

}
