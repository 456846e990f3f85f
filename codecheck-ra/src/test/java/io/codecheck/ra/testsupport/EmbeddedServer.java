package io.codecheck.ra.testsupport;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One zonky embedded PostgreSQL server with a password-protected superuser, a custom pg_hba.conf and
 * optional extra files (TLS material) in its data directory. It can be stopped and started again on the
 * same port with the same data; the data directory is deleted when the JVM exits.
 *
 * <p>Everything lives under {@code java.io.tmpdir/embedded-pg} (surefire points java.io.tmpdir at
 * {@code target/tmp}); each server writes its output to a {@code <data dir>.log} file there, which is the
 * place to look when a start fails (it is kept after the JVM exits).
 */
final class EmbeddedServer {

    static final String SUPERUSER = "postgres";

    private static final Logger LOG = Logger.getLogger(EmbeddedServer.class.getName());

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
    private boolean initialized;
    private boolean destroyed;

    /**
     * @param name              short label used in file names and log messages
     * @param superuserPassword password of the {@code postgres} superuser (set by initdb, so TCP logins never run on trust)
     * @param hbaConf           complete pg_hba.conf content
     * @param serverConfig      {@code -c} settings; values must not contain spaces (zonky joins them into one pg_ctl -o string)
     * @param connectConfig     pgjdbc properties zonky needs for its readiness probe, e.g. {@code sslmode=require}
     * @param dataDirFiles      files copied into the data directory with mode 0600 before every start (TLS key and certs)
     */
    EmbeddedServer(String name, String superuserPassword, String hbaConf, Map<String, String> serverConfig,
                   Map<String, String> connectConfig, Map<String, Path> dataDirFiles) {
        this.name = name;
        this.superuserPassword = superuserPassword;
        this.hbaConf = hbaConf;
        this.serverConfig = Map.copyOf(serverConfig);
        this.connectConfig = Map.copyOf(connectConfig);
        this.dataDirFiles = new LinkedHashMap<>(dataDirFiles);
        try {
            this.workDir = workDirectory();
            this.dataDir = Files.createTempDirectory(workDir, name + "-data-");
            this.logFile = workDir.resolve(dataDir.getFileName() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory under " + workDirectory(), e);
        }
    }

    /** The folder for binaries, data directories, logs and generated certificates: java.io.tmpdir/embedded-pg. */
    static Path workDirectory() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Starts the server (initdb on the first start); a later start reuses data directory and port. */
    synchronized void start() throws IOException {
        if (destroyed) {
            throw new IllegalStateException(name + " server was destroyed");
        }
        if (postgres != null) {
            return;
        }
        Path passwordFile = initialized ? null : writePasswordFile();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setDataDirectory(dataDir)
                    // we delete the data directory ourselves at JVM exit, so stop() + start() keeps the data
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
                    + " ends with:\n" + logTail(), e);
        } finally {
            if (passwordFile != null) {
                Files.deleteIfExists(passwordFile);
            }
        }
        if (!initialized) {
            initialized = true;
            port = postgres.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(this::destroy, "embedded-pg-" + name + "-shutdown"));
        }
        LOG.info(() -> "embedded PostgreSQL '" + name + "' listening on port " + port + ", data " + dataDir);
    }

    /** Stops the server (fast shutdown: open sessions are terminated); data directory and port are kept. */
    synchronized void stop() {
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

    synchronized boolean isRunning() {
        return postgres != null;
    }

    synchronized int port() {
        return port;
    }

    /** Stops the server for good and deletes its data directory (the log file is kept). */
    synchronized void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        stop();
        deleteRecursively(dataDir);
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
            Files.writeString(dir.toPath().resolve("pg_hba.conf"), hbaConf, StandardCharsets.UTF_8);
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

    static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete " + root, e);
        }
    }
}
