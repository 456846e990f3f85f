package io.codecheck.launcher;

import io.codecheck.micro.Directories;
import io.codecheck.micro.LogTail;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The sample's PostgreSQL: zonky's embedded binaries, loopback only, password logins only, data kept between runs.
 *
 * <p>Layout of the data directory ({@code SAMPLE_DATA_DIR}, default {@code ~/.codecheck-ra/sample-db}):
 * {@code pgdata/} (the cluster), {@code postgres-password} (mode 0600; of the {@code postgres} superuser, used by
 * the launcher only, to set up the role and the database), {@code password} (mode 0600; of the {@code codecheck}
 * role that owns the {@code codecheck} database and that the sample logs in as), {@code jmx-credentials} (see
 * {@link JmxCredentials}) and {@code postgresql.log}. Neither password ever appears in SQL text: initdb reads the
 * superuser's from a file, and the role's is sent as a SCRAM verifier computed here. A data directory from before
 * the split (one {@code password} file for both) keeps working: that password stays the superuser's and the role
 * gets a new one.
 * As root, zonky runs the server binaries through {@code unshare -U} (PostgreSQL refuses to run as root).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "codecheck";
    public static final String USER = "codecheck";
    public static final String SUPERUSER = "postgres";
    public static final String HOST = "127.0.0.1";
    /** The application role's password; the README and earlier versions name this file. */
    static final String PASSWORD_FILE = "password";
    static final String SUPERUSER_PASSWORD_FILE = "postgres-password";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final Path clusterDir;
    private final Path logFile;
    private final int port;
    private final String password;
    private final String superuserPassword;
    private final EmbeddedPostgres postgres;
    private final boolean created;
    private final String serverVersion;

    private EmbeddedDatabase(Path dataDir, int port, String password, String superuserPassword,
                             EmbeddedPostgres postgres, boolean created, String serverVersion) {
        this.dataDir = dataDir;
        this.clusterDir = dataDir.resolve("pgdata");
        this.logFile = dataDir.resolve("postgresql.log");
        this.port = port;
        this.password = password;
        this.superuserPassword = superuserPassword;
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
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        Path superuserPasswordFile = dataDir.resolve(SUPERUSER_PASSWORD_FILE);
        boolean fresh = !Files.exists(clusterDir.resolve("postgresql.conf"));
        String password;
        String superuserPassword;
        Path pwFile = null;
        try {
            SecretFiles.createPrivateDirectory(dataDir);
            Files.createDirectories(binariesDir);
            if (fresh) {
                if (Files.isDirectory(clusterDir) && !isEmpty(clusterDir)) {
                    throw new LauncherException("The data directory " + clusterDir + " is not empty but holds no"
                            + " complete PostgreSQL cluster (an interrupted first start?). Delete " + dataDir
                            + " or set SAMPLE_DATA_DIR to another folder.");
                }
                superuserPassword = SecretFiles.newPassword();
                SecretFiles.write(superuserPasswordFile, superuserPassword + "\n");
                password = SecretFiles.newPassword();
                SecretFiles.write(passwordFile, password + "\n");
                pwFile = dataDir.resolve("initdb-pwfile");
                SecretFiles.write(pwFile, superuserPassword + "\n");
            } else {
                checkExistingCluster(dataDir, clusterDir, passwordFile, superuserPasswordFile);
                if (Files.exists(superuserPasswordFile)) {
                    superuserPassword = SecretFiles.read(superuserPasswordFile);
                } else {
                    // the layout before the split: the one password file is the superuser's (initdb set it)
                    superuserPassword = SecretFiles.read(passwordFile);
                    SecretFiles.write(superuserPasswordFile, superuserPassword + "\n");
                }
                String existing = Files.exists(passwordFile) ? SecretFiles.read(passwordFile) : "";
                if (existing.isEmpty() || existing.equals(superuserPassword)) {
                    password = SecretFiles.newPassword();
                    SecretFiles.write(passwordFile, password + "\n");
                } else {
                    password = existing;
                }
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
                    .setConnectConfig("password", superuserPassword);
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
                Directories.deleteQuietly(clusterDir);
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
            String version = ensureRoleAndDatabase(port, superuserPassword, password);
            database = new EmbeddedDatabase(dataDir, port, password, superuserPassword, postgres, fresh, version);
        } catch (SQLException e) {
            closeQuietly(postgres);
            throw new LauncherException("The embedded PostgreSQL started but the codecheck role/database could not"
                    + " be set up: " + e.getMessage(), e);
        }
        return database;
    }

    private static void checkExistingCluster(Path dataDir, Path clusterDir, Path passwordFile,
                                             Path superuserPasswordFile) throws IOException {
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
        if (!Files.exists(superuserPasswordFile) && !Files.exists(passwordFile)) {
            throw new LauncherException("The password file " + superuserPasswordFile + " of the existing cluster "
                    + clusterDir + " is missing. Delete " + dataDir + " (its data is lost) to start afresh, or set"
                    + " SAMPLE_DATA_DIR.");
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

    /**
     * Creates the codecheck role (or makes sure it may log in), sets its password from the file, and creates the
     * codecheck database it owns; returns server_version. The password is set every start, so that the file
     * decides; pgjdbc sends only its SCRAM verifier, so no statement text (which the server logs with its errors)
     * holds it.
     */
    private static String ensureRoleAndDatabase(int port, String superuserPassword, String password)
            throws SQLException {
        try (Connection c = connect(port, "postgres", SUPERUSER, superuserPassword);
             Statement s = c.createStatement()) {
            boolean roleExists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                roleExists = rs.next();
            }
            s.execute((roleExists ? "ALTER ROLE " : "CREATE ROLE ") + USER + " LOGIN");
            c.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
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
        return connect(port, DATABASE, SUPERUSER, superuserPassword);
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

    /** The application role's password (the one the sample logs in with). */
    public Path passwordFile() {
        return dataDir.resolve(PASSWORD_FILE);
    }

    /** The superuser's password, used by the launcher's set-up only. */
    public Path superuserPasswordFile() {
        return dataDir.resolve(SUPERUSER_PASSWORD_FILE);
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
        return "    " + LogTail.lines(file, lines).replace("\n", "\n    ");
    }

    /** The versions this build was made with (filtered resource). */
    static final class Versions {
        private static final Properties PROPS = load();

        private Versions() {
        }

        static String postgresMajor() {
            String v = PROPS.getProperty("postgres.version", "");
            if (v.isEmpty() || v.startsWith("$")) {
                return null;
            }
            int dot = v.indexOf('.');
            return dot < 0 ? v : v.substring(0, dot);
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
