package io.codecheck.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The sample's PostgreSQL: zonky's embedded binaries, loopback only, password logins only, data kept between runs.
 *
 * <p>Layout of the data directory ({@code SAMPLE_DATA_DIR}, default {@code ~/.codecheck-ra/sample-db}):
 * {@code pgdata/} (the cluster), {@code password} (mode 0600; of both the {@code postgres} superuser and the
 * {@code codecheck} role that owns the {@code codecheck} database) and {@code postgresql.log}.
 * As root, zonky runs the server binaries through {@code unshare -U} (PostgreSQL refuses to run as root).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "codecheck";
    public static final String USER = "codecheck";
    public static final String SUPERUSER = "postgres";
    public static final String HOST = "127.0.0.1";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final Path clusterDir;
    private final Path logFile;
    private final int port;
    private final String password;
    private final EmbeddedPostgres postgres;
    private final boolean created;
    private final String serverVersion;

    private EmbeddedDatabase(Path dataDir, int port, String password, EmbeddedPostgres postgres, boolean created,
                             String serverVersion) {
        this.dataDir = dataDir;
        this.clusterDir = dataDir.resolve("pgdata");
        this.logFile = dataDir.resolve("postgresql.log");
        this.port = port;
        this.password = password;
        this.postgres = postgres;
        this.created = created;
        this.serverVersion = serverVersion;
    }

    /**
     * Starts the server on 127.0.0.1:{@code port}, creating the cluster, the role and the database on the first run.
     *
     * @param binariesDir where zonky unpacks the server binaries (under target/)
     */
    public static EmbeddedDatabase start(Path dataDir, int port, Path binariesDir) {
        Path clusterDir = dataDir.resolve("pgdata");
        Path logFile = dataDir.resolve("postgresql.log");
        Path passwordFile = dataDir.resolve("password");
        boolean fresh = !Files.exists(clusterDir.resolve("postgresql.conf"));
        String password;
        Path pwFile = null;
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(dataDir);
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            Files.createDirectories(binariesDir);
            if (fresh) {
                if (Files.isDirectory(clusterDir) && !isEmpty(clusterDir)) {
                    throw new LauncherException("The data directory " + clusterDir + " is not empty but holds no"
                            + " complete PostgreSQL cluster (an interrupted first start?). Delete " + dataDir
                            + " or set SAMPLE_DATA_DIR to another folder.");
                }
                password = newPassword();
                writeOwnerOnly(passwordFile, password + "\n");
                pwFile = dataDir.resolve("initdb-pwfile");
                writeOwnerOnly(pwFile, password + "\n");
            } else {
                checkExistingCluster(dataDir, clusterDir, passwordFile);
                password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            throw new LauncherException("Cannot prepare the data directory " + dataDir + ": " + e, e);
        }

        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("listen_addresses", HOST)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setDataDirectoryCustomizer(EmbeddedDatabase::writeHbaConf)
                    .setConnectConfig("password", password);
            if (pwFile != null) {
                // zonky runs "initdb -A trust -U postgres"; --pwfile gives the superuser a password before the
                // server accepts any login, and pg_hba.conf (below) then demands it
                builder.setLocaleConfig("pwfile", pwFile.toString());
            }
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            // pg_ctl may have been interrupted (Ctrl-C) after the postmaster was forked: never leave one behind
            stopPostmaster(clusterDir);
            if (fresh) {
                deleteRecursively(clusterDir);
            }
            throw new LauncherException("The embedded PostgreSQL did not start (" + e.getMessage() + ")."
                    + rootHint(logFile) + " Its log " + logFile + " ends with:\n" + tail(logFile, 15), e);
        } finally {
            if (pwFile != null) {
                try {
                    Files.deleteIfExists(pwFile);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }

        EmbeddedDatabase database;
        try {
            String version = ensureRoleAndDatabase(port, password);
            database = new EmbeddedDatabase(dataDir, port, password, postgres, fresh, version);
        } catch (SQLException e) {
            closeQuietly(postgres);
            throw new LauncherException("The embedded PostgreSQL started but the codecheck role/database could not"
                    + " be set up: " + e.getMessage(), e);
        }
        return database;
    }

    private static void checkExistingCluster(Path dataDir, Path clusterDir, Path passwordFile) throws IOException {
        String expected = Versions.postgresMajor();
        Path versionFile = clusterDir.resolve("PG_VERSION");
        if (Files.exists(versionFile)) {
            String found = Files.readString(versionFile, StandardCharsets.UTF_8).trim();
            if (expected != null && !expected.equals(found)) {
                throw new LauncherException("The data directory " + clusterDir + " was created by PostgreSQL " + found
                        + "; this build runs PostgreSQL " + expected + ". Delete " + dataDir
                        + " (its data is lost) or set SAMPLE_DATA_DIR to another folder.");
            }
        }
        requireNoServerRunning(dataDir);
        if (!Files.exists(passwordFile)) {
            throw new LauncherException("The password file " + passwordFile + " of the existing cluster " + clusterDir
                    + " is missing. Delete " + dataDir + " (its data is lost) to start afresh, or set SAMPLE_DATA_DIR.");
        }
    }

    /** Fails when a postmaster (of an earlier run that was killed) still runs on this data directory. */
    static void requireNoServerRunning(Path dataDir) {
        Path clusterDir = dataDir.resolve("pgdata");
        Optional<Long> pid = postmasterPid(clusterDir);
        // a stale postmaster.pid whose number now belongs to another program does not count
        boolean running = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true)).orElse(false);
        if (running) {
            throw new LauncherException("A PostgreSQL server (pid " + pid.get() + ") is still running on " + clusterDir
                    + ", probably left over by an earlier run that was killed. Stop it with `kill " + pid.get()
                    + "` and start again.");
        }
    }

    /** Creates (or re-keys) the codecheck role and creates the codecheck database it owns; returns server_version. */
    private static String ensureRoleAndDatabase(int port, String password) throws SQLException {
        try (Connection c = connect(port, "postgres", SUPERUSER, password); Statement s = c.createStatement()) {
            String literal = "'" + password.replace("'", "''") + "'";
            boolean roleExists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                roleExists = rs.next();
            }
            s.execute((roleExists ? "ALTER ROLE " : "CREATE ROLE ") + USER + " LOGIN PASSWORD " + literal);
            boolean databaseExists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                databaseExists = rs.next();
            }
            if (!databaseExists) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", "codecheck-sample-launcher");
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port + "/" + database, props);
    }

    /** A superuser connection to the codecheck database (for tests and checks). */
    public Connection adminConnection() throws SQLException {
        return connect(port, DATABASE, SUPERUSER, password);
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public Path passwordFile() {
        return dataDir.resolve("password");
    }

    /** True when this start created the cluster (first run on this data directory). */
    public boolean created() {
        return created;
    }

    public String serverVersion() {
        return serverVersion;
    }

    /** postgresql://codecheck:****@127.0.0.1:port/codecheck */
    public String maskedUrl() {
        return "postgresql://" + USER + ":****@" + HOST + ":" + port + "/" + DATABASE;
    }

    /** Stops the server (fast shutdown: sessions still open are terminated); the data is kept. */
    @Override
    public void close() {
        closeQuietly(postgres);
        // pg_ctl stop gives up after 5 s; make sure no postmaster outlives us
        stopPostmaster(clusterDir);
    }

    /** SIGTERM to the postmaster named in postmaster.pid (if alive), SIGKILL after 15 s. */
    private static void stopPostmaster(Path clusterDir) {
        postmasterPid(clusterDir).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // zonky logs it; the pid check in close() is the safety net
        }
    }

    static Optional<Long> postmasterPid(Path clusterDir) {
        Path pidFile = clusterDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Runs after initdb and before every start: password logins only, over loopback TCP or the local socket. */
    private static void writeHbaConf(File clusterDir) {
        String hba = """
                # written by the codecheck sample launcher before every start
                local   all  all                 scram-sha-256
                host    all  all  127.0.0.1/32   scram-sha-256
                host    all  all  ::1/128        scram-sha-256
                """;
        try {
            Files.writeString(clusterDir.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + clusterDir, e);
        }
    }

    private static String newPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String rootHint(Path logFile) {
        return tail(logFile, 30).contains("cannot be run as root")
                ? " PostgreSQL refuses to run as root and `unshare -U` is not permitted here: run the launcher as a"
                  + " normal user, or point it at an existing server with DATABASE_URL."
                : "";
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "    " + String.join("\n    ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "    (no log: " + e.getMessage() + ")";
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The versions this build was made with (filtered resource). */
    static final class Versions {
        private static final Properties PROPS = load();

        private Versions() {
        }

        static String postgresMajor() {
            String v = PROPS.getProperty("postgres.version", "");
            return v.isEmpty() || v.startsWith("$") ? null : v.split("\\.")[0];
        }

        static String payaraMicro() {
            return PROPS.getProperty("payara-micro.version", "?");
        }

        private static Properties load() {
            Properties p = new Properties();
            try (InputStream in = EmbeddedDatabase.class.getResourceAsStream("versions.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException ignored) {
                // defaults
            }
            return p;
        }
    }
}
