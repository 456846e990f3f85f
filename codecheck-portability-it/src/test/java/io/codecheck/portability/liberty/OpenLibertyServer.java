package io.codecheck.portability.liberty;

import static io.codecheck.portability.ServerProcesses.awaitOrKillDescendants;
import static io.codecheck.portability.ServerProcesses.deleteRecursively;
import static io.codecheck.portability.ServerProcesses.killTree;
import static io.codecheck.portability.ServerProcesses.removeShutdownHook;
import static io.codecheck.portability.ServerProcesses.tail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Open Liberty server run from an unpacked distribution with {@code bin/server run <name>} (in the foreground of a
 * child process, so the test owns the server JVM), with its own {@code WLP_USER_DIR} (a fresh directory per run: the
 * distribution is never written to, and every run starts from the {@code server.xml} the test writes). The test
 * changes the configuration by rewriting {@code server.xml}: Liberty polls it and applies the difference
 * dynamically. Stopped with {@code bin/server stop <name>} (a clean shutdown), then SIGKILL to the whole process
 * tree if the server has not exited within 30 s; a JVM shutdown hook does the same if the test JVM goes first.
 */
final class OpenLibertyServer implements AutoCloseable {
    /** "The ... server is ready to run a smarter planet." */
    static final String READY = "CWWKF0011I";

    private final Path home;
    private final Path userDir;
    private final String name;
    private final Path consoleLog;
    private final Thread killer = new Thread(this::kill, "liberty-killer");
    /** Variables the server process gets on top of the test's environment (not {@code server stop}). */
    private final Map<String, String> serverEnvironment;
    private Process process;

    private OpenLibertyServer(Path home, Path userDir, String name, Map<String, String> serverEnvironment) {
        this.serverEnvironment = Map.copyOf(serverEnvironment);
        this.home = home;
        this.userDir = userDir;
        this.name = name;
        this.consoleLog = userDir.resolve("console.log");
    }

    /**
     * Writes {@code server.xml} into a fresh {@code userDir}, starts the server with {@code environment} added to its
     * process environment, and waits (at most
     * {@code startTimeoutSeconds}) until it reports that it is ready (after the applications of the configuration
     * have started or failed).
     */
    static OpenLibertyServer start(Path home, Path userDir, String name, String serverXml,
            Map<String, String> environment, long startTimeoutSeconds) throws Exception {
        if (!Files.isRegularFile(home.resolve("bin/server"))) {
            throw new IllegalStateException("no Open Liberty distribution at " + home
                    + " (unpacked in pre-integration-test)");
        }
        deleteRecursively(userDir);
        Files.createDirectories(userDir.resolve("servers").resolve(name));
        OpenLibertyServer server = new OpenLibertyServer(home, userDir, name, environment);
        server.writeServerXml(serverXml);
        try {
            server.launch(startTimeoutSeconds);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void launch(long startTimeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(bin("server"), "run", name).redirectErrorStream(true)
                .redirectOutput(consoleLog.toFile()).directory(userDir.toFile());
        environment(pb.environment());
        pb.environment().putAll(serverEnvironment);
        Runtime.getRuntime().addShutdownHook(killer);
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startTimeoutSeconds);
        while (true) {
            String messages = messages();
            if (messages.contains(READY)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Open Liberty exited with status " + process.exitValue() + ":\n"
                        + tail(Files.readString(consoleLog, StandardCharsets.UTF_8), 60) + "\n" + tail(messages, 60));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Open Liberty was not ready within " + startTimeoutSeconds + " s:\n"
                        + tail(messages, 60));
            }
            Thread.sleep(200);
        }
    }

    Path serverDir() {
        return userDir.resolve("servers").resolve(name);
    }

    Path messagesLog() {
        return serverDir().resolve("logs/messages.log");
    }

    /** messages.log as it is now ("" before the server created it). */
    String messages() throws IOException {
        return Files.exists(messagesLog()) ? Files.readString(messagesLog(), StandardCharsets.UTF_8) : "";
    }

    /** How often {@code text} occurs in messages.log now. */
    int count(String text) throws IOException {
        return occurrences(messages(), text);
    }

    /**
     * Waits until one of {@code any} (message ids or texts) occurs in messages.log and returns the first found;
     * throws, with messages.log's tail, after {@code timeoutSeconds}.
     */
    String await(long timeoutSeconds, String... any) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String now = messages();
            for (String text : any) {
                if (now.contains(text)) {
                    return text;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Open Liberty exited:\n" + tail(now, 60));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Open Liberty did not report any of " + List.of(any) + " within "
                        + timeoutSeconds + " s:\n" + tail(now, 60));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Rewrites {@code server.xml} (atomically: Liberty must never read half a file) and waits until Liberty has
     * applied it (a new "configuration was successfully updated", CWWKG0017I) and, after that, until every one of
     * {@code expected} (message ids or texts) occurs in messages.log once more than before the rewrite. Throws,
     * with messages.log's tail, if that takes longer than {@code timeoutSeconds}.
     */
    void reconfigure(String serverXml, long timeoutSeconds, String... expected) throws Exception {
        List<String> awaited = new ArrayList<>(List.of(expected));
        awaited.add(0, "CWWKG0017I");
        String before = messages();
        int[] counts = awaited.stream().mapToInt(m -> occurrences(before, m)).toArray();
        writeServerXml(serverXml);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String now = messages();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (occurrences(now, awaited.get(i)) <= counts[i]) {
                    missing.add(awaited.get(i));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Open Liberty exited while reconfiguring:\n" + tail(now, 60));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Open Liberty did not report " + missing + " within "
                        + timeoutSeconds + " s of the new server.xml:\n" + tail(now, 60));
            }
            Thread.sleep(100);
        }
    }

    private void writeServerXml(String serverXml) throws IOException {
        Path file = serverDir().resolve("server.xml");
        Path tmp = serverDir().resolve("server.xml.tmp");
        Files.writeString(tmp, serverXml, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last lines of messages.log, for failure reports. */
    String messagesTail(int lines) {
        try {
            return Files.exists(messagesLog()) ? tail(messages(), lines) : "(no messages.log)";
        } catch (IOException e) {
            return "(messages.log unreadable: " + e + ")";
        }
    }

    /**
     * {@code bin/server stop} (a clean shutdown: applications, then resource adapters); the whole process tree is
     * killed if the server has not exited 30 s later.
     */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.out.println("[liberty] server stop failed (" + e + "): killing the process tree");
            kill();
        }
    }

    private void stop() throws InterruptedException, IOException {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            ProcessBuilder pb = new ProcessBuilder(bin("server"), "stop", name).redirectErrorStream(true)
                    .redirectOutput(userDir.resolve("stop.log").toFile()).directory(userDir.toFile());
            environment(pb.environment());
            Process stopper = pb.start();
            if (!stopper.waitFor(30, TimeUnit.SECONDS)) {
                killTree(stopper.toHandle());
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                System.out.println("[liberty] no clean shutdown within 30 s: killing the process tree");
                kill();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
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

    private void environment(Map<String, String> env) {
        // the scripts use JAVA_HOME, else the java on PATH: take the test's JDK
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("WLP_USER_DIR", userDir.toString());
        env.remove("WLP_OUTPUT_DIR"); // logs and workarea under WLP_USER_DIR/servers/<name>
        env.remove("JVM_ARGS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("OPENJ9_JAVA_OPTIONS");
        env.remove("IBM_JAVA_OPTIONS");
    }

    /** A port that is free on 127.0.0.1 now (the server binds it a few seconds later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static int occurrences(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

}
