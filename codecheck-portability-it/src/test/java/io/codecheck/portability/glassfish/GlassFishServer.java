package io.codecheck.portability.glassfish;

import static io.codecheck.portability.ServerProcesses.allFree;
import static io.codecheck.portability.ServerProcesses.deleteRecursively;
import static io.codecheck.portability.ServerProcesses.killTree;
import static io.codecheck.portability.ServerProcesses.removeShutdownHook;
import static io.codecheck.portability.ServerProcesses.tail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An Eclipse GlassFish 7 domain created for one run from an unpacked distribution: {@code create-domain} into its
 * own (fresh) domain directory, with every listener moved by a free {@code --portbase} and no admin password, then
 * {@code start-domain}. The distribution is never written to. asadmin is run as
 * {@code java -jar glassfish/lib/client/appserver-cli.jar} (no shell), non-interactively, with the test's JDK
 * ({@code AS_JAVA}) and a deadline on every command. {@code start-domain} leaves the server JVM running on its own:
 * its pid (the domain's {@code config/pid}) is what {@link #close()} kills if {@code stop-domain} fails or is slow,
 * and what a JVM shutdown hook kills if the test JVM goes first.
 */
final class GlassFishServer implements AutoCloseable {
    /**
     * Listener offsets from the port base (debug, IIOP x3, OSGi shell, admin, JMS, HTTP, HTTPS, JMX) and the JMS
     * provider port of the domain's configuration template, which create-domain puts at base + 7676.
     */
    private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 66, 76, 80, 81, 86, 7676};
    /**
     * Port bases are drawn below the kernel's ephemeral range (32768 up on Linux), where outgoing connections cannot
     * take a listener's port between the check and the bind, and low enough that base + 7676 stays a port: above
     * 65535 create-domain fails with "No free port available in range null - 65,535" (a CI run drew 58600).
     */
    private static final int LOWEST_PORT_BASE = 10000;
    private static final int PORT_BASES = 220;
    private static final long ASADMIN_TIMEOUT_SECONDS = 120;

    private final Path home;
    private final Path domainDir;
    private final String domain;
    private final int portBase;
    private final AtomicInteger commands = new AtomicInteger();
    private final Thread killer = new Thread(this::kill, "glassfish-killer");
    private ProcessHandle serverProcess;
    private boolean serverLogWorks;

    private GlassFishServer(Path home, Path domainDir, String domain, int portBase) {
        this.home = home;
        this.domainDir = domainDir;
        this.domain = domain;
        this.portBase = portBase;
    }

    /**
     * Creates the domain in a fresh {@code domainDir} and starts it: {@code start-domain} returns once the admin
     * listener answers, or fails after {@code startTimeoutSeconds}.
     */
    static GlassFishServer start(Path home, Path domainDir, String domain, long startTimeoutSeconds)
            throws Exception {
        if (!Files.isRegularFile(home.resolve("glassfish/lib/client/appserver-cli.jar"))) {
            throw new IllegalStateException("no GlassFish distribution at " + home + " (unpacked in pre-integration-test)");
        }
        deleteRecursively(domainDir);
        Files.createDirectories(domainDir);
        GlassFishServer server = new GlassFishServer(home, domainDir, domain, freePortBase());
        Runtime.getRuntime().addShutdownHook(server.killer);
        try {
            server.run("create-domain", 60, "create-domain", "--domaindir", domainDir.toString(),
                    "--portbase", Integer.toString(server.portBase), "--nopassword", domain);
            server.startDomain(startTimeoutSeconds);
            // GlassFish 7.0.21 now and then (here: mostly on the first runs after the distribution was unpacked)
            // starts with its logging cut off: server.log keeps the launcher's record only, the server's own
            // records go nowhere, for the whole run (GlassFish's logging start-up races; see
            // eclipse-ee4j/glassfish#25133 and the logging fixes after 7.0.21). The server works, but the log the
            // test checks and attaches to failures would be empty: restart the domain (at most twice), which
            // usually cures it; if not, go on without the log (serverLogWorks() false).
            for (int restart = 1; !(server.serverLogWorks = server.serverLogs()); restart++) {
                if (restart > 2) {
                    System.out.println("[glassfish] server.log still has no record of the server after two restarts:"
                            + " going on without it");
                    break;
                }
                System.out.println("[glassfish] server.log has no record of the server: restarting the domain ("
                        + restart + ")");
                server.run("stop-domain", 60, "stop-domain", "--domaindir", domainDir.toString(), domain);
                if (!waitForExit(server.serverProcess, 30)) {
                    server.kill();
                }
                server.startDomain(startTimeoutSeconds);
            }
        } catch (Exception | Error e) {
            e.addSuppressed(new AssertionError("GlassFish server.log, last 120 lines:\n" + server.serverLogTail(120)));
            server.close();
            throw e;
        }
        return server;
    }

    private void startDomain(long startTimeoutSeconds) throws IOException, InterruptedException {
        try {
            run("start-domain", startTimeoutSeconds, "start-domain", "--domaindir", domainDir.toString(), domain);
        } finally {
            serverProcess = readPid().orElse(null);
        }
        if (serverProcess == null || !serverProcess.isAlive()) {
            throw new IllegalStateException("start-domain succeeded but no live server process (config/pid)");
        }
    }

    /**
     * Whether server.log has, within 5 s, a record of the server itself (the first record is the launcher's, with
     * an empty product field; the server's say {@code [GF 7.0.x]}).
     */
    private boolean serverLogs() throws IOException, InterruptedException {
        Pattern serverRecord = Pattern.compile("^\\[[^\\]]*] \\[GF ", Pattern.MULTILINE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        do {
            if (Files.exists(serverLog())
                    && serverRecord.matcher(Files.readString(serverLog(), StandardCharsets.UTF_8)).find()) {
                return true;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }

    int httpPort() {
        return portBase + 80;
    }

    /** The domain's JMX connector (RMI, {@code admin-realm} login; the domain has no admin password). */
    int jmxPort() {
        return portBase + 86;
    }

    int adminPort() {
        return portBase + 48;
    }

    /** Whether server.log receives the server's records (see {@link #start}). */
    boolean serverLogWorks() {
        return serverLogWorks;
    }

    Path serverLog() {
        return domainDir.resolve(domain).resolve("logs/server.log");
    }

    /**
     * Runs one asadmin command against the running domain (its admin port). Returns asadmin's output; throws with
     * it when the command failed or took longer than two minutes.
     */
    String asadmin(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(adminPort())));
        all.addAll(List.of(args));
        return run(args[0], ASADMIN_TIMEOUT_SECONDS, all.toArray(String[]::new));
    }

    /**
     * Runs several asadmin commands in one asadmin JVM ({@code multimode --file}), in order; each is a list of
     * arguments, written as one line with every argument double-quoted (multimode's tokenizer takes {@code \\} and
     * {@code \"} as escapes inside quotes, so those are escaped once more). multimode goes on after a failed
     * command but then exits non-zero: this throws with the whole output.
     */
    String asadminBatch(String name, List<List<String>> commands) throws IOException, InterruptedException {
        Path file = domainDir.resolve(String.format("%02d-%s.asadmin", this.commands.get() + 1, name));
        StringBuilder lines = new StringBuilder();
        for (List<String> command : commands) {
            lines.append(command.stream()
                    .map(a -> '"' + a.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                    .collect(Collectors.joining(" "))).append('\n');
        }
        Files.writeString(file, lines);
        return run(name, ASADMIN_TIMEOUT_SECONDS, "--port", Integer.toString(adminPort()), "multimode",
                "--file", file.toString());
    }

    /** asadmin with the given arguments; its output is kept in the domain dir ({@code NN-name.out}). */
    private String run(String name, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                home.resolve("glassfish/lib/client/appserver-cli.jar").toString(), "--interactive=false"));
        command.addAll(List.of(args));
        Path output = domainDir.resolve(String.format("%02d-%s.out", commands.incrementAndGet(), name));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .directory(domainDir.toFile());
        environment(pb.environment());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            killTree(p.toHandle());
            throw new IllegalStateException("asadmin " + String.join(" ", args) + " did not finish within "
                    + timeoutSeconds + " s:\n" + Files.readString(output));
        }
        String out = Files.readString(output);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", args) + " failed (exit " + p.exitValue()
                    + "):\n" + out);
        }
        return out;
    }

    /** The last lines of server.log, for failure reports. */
    String serverLogTail(int lines) {
        try {
            return Files.exists(serverLog())
                    ? tail(Files.readString(serverLog(), StandardCharsets.UTF_8), lines) : "(no server.log)";
        } catch (IOException e) {
            return "(server.log unreadable: " + e + ")";
        }
    }

    /** {@code stop-domain} (a clean shutdown, at most 60 s); the server JVM is killed if it is still alive then. */
    @Override
    public void close() {
        try {
            if (serverProcess == null) {
                serverProcess = readPid().orElse(null);
            }
            if (serverProcess != null && serverProcess.isAlive()) {
                try {
                    run("stop-domain", 60, "stop-domain", "--domaindir", domainDir.toString(), domain);
                } catch (Exception e) {
                    System.out.println("[glassfish] stop-domain failed, killing the server: " + e);
                }
                if (!waitForExit(serverProcess, 30)) {
                    System.out.println("[glassfish] server still alive 30 s after stop-domain: killing it");
                    kill();
                    waitForExit(serverProcess, 10);
                }
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        } finally {
            removeShutdownHook(killer);
        }
    }

    private static boolean waitForExit(ProcessHandle process, long seconds) throws InterruptedException {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        }
    }

    private void kill() {
        ProcessHandle p = serverProcess != null ? serverProcess : readPid().orElse(null);
        if (p != null) {
            killTree(p);
        }
    }

    /** The server JVM's pid from the domain's {@code config/pid}, if it is a live process. */
    private Optional<ProcessHandle> readPid() {
        Path pidFile = domainDir.resolve(domain).resolve("config/pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void environment(Map<String, String> env) {
        // asadmin, and the server JVM start-domain launches, use the test's JDK
        env.put("AS_JAVA", System.getProperty("java.home"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("AS_ADMIN_PASSWORDFILE");
        env.remove("AS_ADMIN_USER");
    }

    /** A port base whose listeners (see {@link #PORT_OFFSETS}) are all free. */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = LOWEST_PORT_BASE + ThreadLocalRandom.current().nextInt(PORT_BASES) * 100;
            if (allFree(null, Arrays.stream(PORT_OFFSETS).map(offset -> base + offset).toArray())) {
                return base;
            }
        }
        throw new IOException("no free port base found for GlassFish");
    }

}
