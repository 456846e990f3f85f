package io.codecheck.testkit;

import io.codecheck.micro.Directories;
import io.codecheck.micro.LogTail;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One zonky embedded PostgreSQL server with a password-protected superuser ({@value #SUPERUSER}), a pg_hba.conf of
 * the test's choosing and optional extra files (TLS material) in its data directory. It can be stopped and started
 * again on the same port with the same data; the data directory is deleted by {@link #destroy()} or when the JVM
 * exits.
 *
 * <p>Binaries, data directories and logs live under {@link #workDirectory()} ({@code java.io.tmpdir/embedded-pg};
 * the builds point java.io.tmpdir at {@code target/tmp}); each server writes its output to {@code <data dir>.log}
 * next to its data directory, which is the place to look when a start fails (it is kept after the JVM exits).
 * initdb runs on the first start only when the data directory holds no cluster yet, so a directory prepared
 * beforehand (a standby copied from a primary) starts as it is.
 */
public final class EmbeddedPostgresServer {

    public static final String SUPERUSER = "postgres";

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class.getName());

    /** Generous: initdb plus start on a loaded 2-core machine can take far longer than zonky's 10 s default. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final String name;
    private final String superuserPassword;
    private final String hbaConf;
    private final Map<String, String> serverConfig;
    private final Map<String, String> connectConfig;
    private final Map<String, Path> dataDirFiles;
    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;

    private EmbeddedPostgres postgres;
    private int port;
    private boolean started;
    private boolean destroyed;

    private EmbeddedPostgresServer(Builder b) {
        this.name = b.name;
        this.superuserPassword = b.superuserPassword;
        this.hbaConf = b.hbaConf;
        this.serverConfig = new LinkedHashMap<>(b.serverConfig);
        this.connectConfig = new LinkedHashMap<>(b.connectConfig);
        this.dataDirFiles = new LinkedHashMap<>(b.dataDirFiles);
        this.workDir = workDirectory();
        try {
            this.dataDir = b.dataDir != null ? b.dataDir.toAbsolutePath()
                    : Files.createTempDirectory(workDir, name + "-data-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory under " + workDir, e);
        }
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** A server named {@code name} (used in file names and log messages). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** What the server is made of. */
    public static final class Builder {
        private final String name;
        private String superuserPassword = "";
        private String hbaConf;
        private final Map<String, String> serverConfig = new LinkedHashMap<>();
        private final Map<String, String> connectConfig = new LinkedHashMap<>();
        private final Map<String, Path> dataDirFiles = new LinkedHashMap<>();
        private Path dataDir;

        private Builder(String name) {
            this.name = name;
        }

        /** The superuser's password, set by initdb (so TCP logins never run on trust). */
        public Builder superuserPassword(String password) {
            this.superuserPassword = password;
            return this;
        }

        /** The complete pg_hba.conf, written before every start. */
        public Builder hbaConf(String content) {
            this.hbaConf = content;
            return this;
        }

        /** {@code -c} settings; values must not contain spaces (zonky joins them into one pg_ctl -o string). */
        public Builder serverConfig(Map<String, String> settings) {
            serverConfig.putAll(settings);
            return this;
        }

        /** pgjdbc properties zonky needs for its readiness probe, e.g. {@code sslmode=require}. */
        public Builder connectConfig(Map<String, String> properties) {
            connectConfig.putAll(properties);
            return this;
        }

        /** Files copied into the data directory with mode 0600 before every start (TLS key and certificates). */
        public Builder dataDirFiles(Map<String, Path> files) {
            dataDirFiles.putAll(files);
            return this;
        }

        /** The data directory (default: a new one under {@link #workDirectory()}); may hold a cluster already. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The server, not started yet. */
        public EmbeddedPostgresServer build() {
            return new EmbeddedPostgresServer(this);
        }
    }

    /** The folder for binaries, data directories, logs and generated certificates: java.io.tmpdir/embedded-pg. */
    public static Path workDirectory() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Starts the server (initdb when the data directory has no cluster); a later start reuses data and port. */
    public synchronized void start() throws IOException {
        if (destroyed) {
            throw new IllegalStateException(name + " server was destroyed");
        }
        if (postgres != null) {
            return;
        }
        boolean initdb = !Files.exists(dataDir.resolve("postgresql.conf"));
        Path passwordFile = initdb ? writePasswordFile() : null;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setDataDirectory(dataDir)
                    // the data directory is deleted by destroy(), so stop() + start() keeps the data
                    .setCleanDataDirectory(false)
                    // our own hook (registered once below) stops the server and deletes the data directory
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setDataDirectoryCustomizer(this::customizeDataDirectory)
                    .setConnectConfig("password", superuserPassword);
            if (passwordFile != null) {
                // zonky runs "initdb -A trust -U postgres" and appends locale options as --key=value; initdb's
                // --pwfile gives the superuser its password before the server ever accepts a TCP login.
                builder.setLocaleConfig("pwfile", passwordFile.toString());
            }
            serverConfig.forEach(builder::setServerConfig);
            connectConfig.forEach(builder::setConnectConfig);
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("embedded PostgreSQL '" + name + "' did not start; server log " + logFile
                    + " ends with:\n" + LogTail.lines(logFile, 20), e);
        } finally {
            if (passwordFile != null) {
                Files.deleteIfExists(passwordFile);
            }
        }
        if (!started) {
            started = true;
            port = postgres.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(this::destroy, "embedded-pg-" + name + "-shutdown"));
        }
        LOG.info(() -> "embedded PostgreSQL '" + name + "' listening on port " + port + ", data " + dataDir);
    }

    /** Stops the server (fast shutdown: open sessions are terminated); data directory and port are kept. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "stopping embedded PostgreSQL '" + name + "' failed", e);
        } finally {
            postgres = null;
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** The port (0 before the first start); the same after a restart. */
    public synchronized int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the server for good and deletes its data directory (the log file is kept). */
    public synchronized void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        stop();
        Directories.deleteQuietly(dataDir);
    }

    private Path writePasswordFile() throws IOException {
        Path file = Files.createTempFile(workDir, name + "-pw-", ".txt");
        restrictToOwner(file);
        Files.writeString(file, superuserPassword + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** Runs after initdb and before every start. */
    private void customizeDataDirectory(File dir) {
        try {
            if (hbaConf != null) {
                Files.writeString(dir.toPath().resolve("pg_hba.conf"), hbaConf, StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, Path> file : dataDirFiles.entrySet()) {
                Path target = dir.toPath().resolve(file.getKey());
                Files.copy(file.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
                // PostgreSQL refuses a group/world readable server key, and then start just times out
                restrictToOwner(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare data directory " + dir, e);
        }
    }

    /** Mode 0600 where the file system has POSIX permissions. */
    public static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Override
    public String toString() {
        return name + "@" + port;
    }
}
