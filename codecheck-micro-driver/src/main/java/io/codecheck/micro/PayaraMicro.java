package io.codecheck.micro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Payara Micro as a child {@code java -jar payara-micro.jar} process: always {@code --nohazelcast} and
 * {@code --disablephonehome}, its root, temp dir, command files and log under one work directory. Start it with
 * {@link #builder}, wait with {@link #awaitReady}, end it with {@link #stop}. Used by the sample launcher (a product)
 * and by the tests (src-it, the benchmark) through the test kit.
 */
public final class PayaraMicro implements AutoCloseable {

    /** The pre-boot command that binds the HTTP listener to 127.0.0.1 only. */
    public static final String HTTP_ON_LOOPBACK_ONLY = "set configs.config.server-config.network-config"
            + ".network-listeners.network-listener.http-listener.address=127.0.0.1";

    private static final String BOOTED = "ready in ";
    private static final String DEPLOY_FAILED = "Boot Command deploy failed";
    private static final String DEPLOY_EXCEPTION = "Exception while deploying";
    private static final Duration POLL = Duration.ofMillis(500);

    private final Process process;
    private final Path logFile;
    private final int port;
    private final List<String> command;

    private PayaraMicro(Process process, Path logFile, int port, List<String> command) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
        this.command = List.copyOf(command);
    }

    /** A start of {@code microJar} that keeps everything in {@code workDir}. */
    public static Builder builder(Path microJar, Path workDir) {
        return new Builder(microJar, workDir);
    }

    /** What to start; every setting has a default but the HTTP port. */
    public static final class Builder {
        private final Path microJar;
        private final Path workDir;
        private int port;
        private Path rootDir;
        private boolean freshRootDir = true;
        private Path tmpDir;
        private Path logFile;
        private boolean appendLog = true;
        private final List<String> preboot = new ArrayList<>();
        private final List<String> postboot = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Consumer<Map<String, String>> environmentEditor = env -> { };
        private boolean pipeInput;

        private Builder(Path microJar, Path workDir) {
            this.microJar = microJar.toAbsolutePath();
            this.workDir = workDir.toAbsolutePath();
        }

        /** {@code --port}. */
        public Builder port(int httpPort) {
            this.port = httpPort;
            return this;
        }

        /** {@code --rootdir} (default {@code work/micro-root}), deleted before the start unless {@code fresh} is false. */
        public Builder rootDir(Path dir, boolean fresh) {
            this.rootDir = dir.toAbsolutePath();
            this.freshRootDir = fresh;
            return this;
        }

        /** Micro's {@code java.io.tmpdir} (default {@code work/tmp}). */
        public Builder tmpDir(Path dir) {
            this.tmpDir = dir.toAbsolutePath();
            return this;
        }

        /**
         * The file that gets Micro's output (default {@code work/payara-micro.log}); with {@code fresh} an existing one
         * is deleted first, else the output is appended.
         */
        public Builder logFile(Path file, boolean fresh) {
            this.logFile = file.toAbsolutePath();
            this.appendLog = !fresh;
            return this;
        }

        /** Lines of the pre-boot command file, e.g. {@link #HTTP_ON_LOOPBACK_ONLY}. */
        public Builder preboot(String... commands) {
            preboot.addAll(List.of(commands));
            return this;
        }

        /** Lines of the post-boot command file, e.g. {@link #deploy}. */
        public Builder postboot(List<String> commands) {
            postboot.addAll(commands);
            return this;
        }

        /** Options of the Micro JVM, before {@code -jar}. */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /** More Micro arguments, e.g. {@code --addlibs x.jar} or {@code --name n}. */
        public Builder arguments(String... args) {
            arguments.addAll(List.of(args));
            return this;
        }

        /**
         * The child's environment: {@code edit} changes the inherited one (e.g. clears it or removes variables), then
         * {@code set} is added.
         */
        public Builder environment(Consumer<Map<String, String>> edit, Map<String, String> set) {
            this.environmentEditor = edit;
            this.environment.putAll(set);
            return this;
        }

        /** Keeps Micro's standard input a pipe (a launcher in a terminal must not let Micro read its keys). */
        public Builder pipeInput() {
            this.pipeInput = true;
            return this;
        }

        /** Writes the command files and starts the process; does not wait for it. */
        public PayaraMicro start() throws IOException {
            if (port <= 0) {
                throw new IllegalStateException("no HTTP port set");
            }
            Path root = rootDir != null ? rootDir : workDir.resolve("micro-root");
            Path tmp = tmpDir != null ? tmpDir : workDir.resolve("tmp");
            Path log = logFile != null ? logFile : workDir.resolve("payara-micro.log");
            Files.createDirectories(workDir);
            if (freshRootDir) {
                Directories.deleteRecursively(root);
            }
            Files.createDirectories(tmp);
            if (!appendLog) {
                Files.deleteIfExists(log);
            }

            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Djava.io.tmpdir=" + tmp);
            cmd.addAll(jvmOptions);
            cmd.add("-jar");
            cmd.add(microJar.toString());
            cmd.add("--nohazelcast");
            cmd.add("--disablephonehome");
            cmd.add("--port");
            cmd.add(Integer.toString(port));
            cmd.add("--rootdir");
            cmd.add(root.toString());
            cmd.addAll(arguments);
            if (!preboot.isEmpty()) {
                cmd.add("--prebootcommandfile");
                cmd.add(writeCommands(workDir.resolve("preboot.asadmin"), preboot).toString());
            }
            if (!postboot.isEmpty()) {
                cmd.add("--postbootcommandfile");
                cmd.add(writeCommands(workDir.resolve("postboot.asadmin"), postboot).toString());
            }
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (pipeInput) {
                builder.redirectInput(ProcessBuilder.Redirect.PIPE);
            }
            environmentEditor.accept(builder.environment());
            builder.environment().putAll(environment);
            return new PayaraMicro(builder.start(), log, port, cmd);
        }

        private static Path writeCommands(Path file, List<String> commands) throws IOException {
            return Files.writeString(file, String.join("\n", commands) + "\n", StandardCharsets.UTF_8);
        }
    }

    /** {@code deploy --name <name> [--contextroot <root>] <file>}; the path quoted when it has spaces. */
    public static String deploy(String name, String contextRoot, Path file) {
        String path = file.toAbsolutePath().toString();
        return "deploy --name " + name + (contextRoot == null ? "" : " --contextroot " + contextRoot) + " "
                + (path.contains(" ") ? "\"" + path + "\"" : path);
    }

    /** What {@link #awaitReady} polls: the answer once the application is ready, null (or an IOException) before. */
    @FunctionalInterface
    public interface Probe<T> {
        T poll() throws IOException, InterruptedException;
    }

    /**
     * Polls {@code probe} every half second until it gives an answer. Fails with a {@link MicroFailure} when Micro
     * exits or at the deadline. For restarts whose boot commands may fail harmlessly (a kept root directory that
     * already holds what they create); else see {@link #awaitDeployed}.
     */
    public <T> T awaitReady(Duration timeout, Probe<T> probe) {
        return await(timeout, false, null, probe);
    }

    /**
     * {@link #awaitReady}, and fails early too when Micro's log reports a failed deployment, or when Micro has booted
     * but the probe still has no answer after {@code afterBoot} (null: no such limit).
     */
    public <T> T awaitDeployed(Duration timeout, Duration afterBoot, Probe<T> probe) {
        return await(timeout, true, afterBoot, probe);
    }

    private <T> T await(Duration timeout, boolean deployments, Duration afterBoot, Probe<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long bootedAt = 0;
        while (true) {
            if (!process.isAlive()) {
                throw new MicroFailure(MicroFailure.Reason.EXITED, "Payara Micro exited with code "
                        + process.exitValue() + " before it was ready. Its log " + logFile + " ends with:",
                        LogTail.lines(logFile, 40));
            }
            try {
                T answer = probe.poll();
                if (answer != null) {
                    return answer;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MicroFailure(MicroFailure.Reason.INTERRUPTED, "interrupted while waiting for Payara Micro",
                        "");
            }
            String log = deployments ? log() : "";
            if (log.contains(DEPLOY_FAILED) || log.contains(DEPLOY_EXCEPTION)) {
                throw new MicroFailure(MicroFailure.Reason.DEPLOY_FAILED, "Payara Micro is up but a deployment"
                        + " failed. From its log " + logFile + ":", problems(log));
            }
            if (bootedAt == 0 && log.contains(BOOTED)) {
                bootedAt = System.nanoTime();
            }
            if (bootedAt != 0 && afterBoot != null && System.nanoTime() - bootedAt > afterBoot.toNanos()) {
                throw new MicroFailure(MicroFailure.Reason.NOT_DEPLOYED, "Payara Micro is up but the application"
                        + " did not answer within " + afterBoot.toSeconds() + " s. From its log " + logFile + ":",
                        problems(log));
            }
            if (System.nanoTime() > deadline) {
                throw new MicroFailure(MicroFailure.Reason.TIMEOUT, "Payara Micro was not ready after "
                        + timeout.toSeconds() + " s. Its log " + logFile + " ends with:", LogTail.lines(logFile, 40));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MicroFailure(MicroFailure.Reason.INTERRUPTED, "interrupted while waiting for Payara Micro",
                        "");
            }
        }
    }

    /** Whether Micro's log says it has booted (the applications may still be deploying). */
    public boolean booted() {
        return log().contains(BOOTED);
    }

    /** Micro's log so far (empty when there is none yet). */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** The failed boot commands and the distinct root causes, without colour codes and stack frames. */
    public static String problems(String log) {
        List<String> lines = log.lines()
                .map(l -> l.replaceAll("\u001B\\[[0-9;]*m", "").strip())
                .toList();
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

    /**
     * Stops Micro: SIGTERM (its shutdown hook undeploys the applications and closes the connection pools), a forced
     * kill after {@code grace}, and any child it left is killed. Returns the exit code (-1 if it still runs).
     */
    public int stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
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

    /** {@link #stop} with 30 s of grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public int port() {
        return port;
    }

    /** The command line it was started with. */
    public List<String> command() {
        return command;
    }
}
