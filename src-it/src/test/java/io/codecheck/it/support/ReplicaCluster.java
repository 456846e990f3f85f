package io.codecheck.it.support;

import io.codecheck.testkit.Await;
import io.codecheck.testkit.DatabaseSetup;
import io.codecheck.testkit.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A primary and streaming hot standbys, each the test kit's {@link EmbeddedPostgresServer} (binaries in
 * {@code java.io.tmpdir/embedded-pg}), password logins (scram-sha-256) only, a log file per server.
 * There is no pg_basebackup among the embedded binaries, so each standby is a file copy of the primary's data
 * directory taken between {@code pg_backup_start} and {@code pg_backup_stop}, plus {@code backup_label},
 * {@code standby.signal} and {@code primary_conninfo}. Role {@code app} owns database {@code codecheck}.
 */
public final class ReplicaCluster implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    public static final String SUPERUSER_PASSWORD = "s3cret-Replica!";
    public static final String DATABASE = "codecheck";
    public static final String APP_USER = "app";
    public static final String APP_PASSWORD = "app-Replica-Pa55!";

    private static final String HBA_CONF = String.join("\n",
            "# written by ReplicaCluster",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            "host replication all 127.0.0.1/32 scram-sha-256",
            "host replication all ::1/128 scram-sha-256",
            "");
    /** Streaming replication from the primary; standbys read (the settings are copied with the data directory). */
    private static final Map<String, String> SERVER_CONFIG = Map.of("wal_level", "replica", "max_wal_senders", "10",
            "wal_keep_size", "256", "hot_standby", "on", "max_connections", "60");
    /** Files that belong to the running primary, not to a copy (PostgreSQL's own base backup skips them too). */
    private static final Set<String> SKIP_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "standby.signal", "backup_label", "tablespace_map");
    private static final Set<String> EMPTY_DIRS = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

    /** One server of the cluster: the test kit's embedded server on a data directory of the cluster's. */
    public final class Node {
        private final EmbeddedPostgresServer server;

        Node(String name) {
            this.server = EmbeddedPostgresServer.builder(name)
                    .superuserPassword(SUPERUSER_PASSWORD)
                    .hbaConf(HBA_CONF)
                    .dataDir(workDir.resolve(name + "-data"))
                    .serverConfig(SERVER_CONFIG)
                    .build();
        }

        public String name() {
            return server.name();
        }

        public int port() {
            return server.port();
        }

        /** {@code localhost:port}, as a codecheck-ra serverName entry. */
        public String hostAndPort() {
            return "localhost:" + port();
        }

        public boolean isRunning() {
            return server.isRunning();
        }

        Path dataDir() {
            return server.dataDir();
        }

        /** initdb on the first start of an empty data directory; a standby's copied directory starts as it is. */
        void start() throws IOException {
            server.start();
        }

        /** Fast shutdown (sessions are terminated); the data directory stays. */
        public void stop() {
            server.stop();
        }

        void destroy() {
            server.destroy();
        }

        /** A superuser connection (application_name it-admin, never counted as an adapter backend). */
        public Connection admin(String database) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", SUPERUSER);
            props.setProperty("password", SUPERUSER_PASSWORD);
            props.setProperty("ApplicationName", "it-admin");
            return DriverManager.getConnection("jdbc:postgresql://localhost:" + port() + "/" + database, props);
        }

        public boolean inRecovery() throws SQLException {
            try (Connection c = admin("postgres"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                return rs.getBoolean(1);
            }
        }

        /** {@code pg_promote(wait => true)}: returns once the standby accepts writes. */
        public void promote() throws SQLException {
            try (Connection c = admin("postgres"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select pg_promote(true, 60)")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new SQLException(name() + ": pg_promote returned false");
                }
            }
        }

        @Override
        public String toString() {
            return server.toString();
        }
    }

    private final Path workDir;
    private final Node primary;
    private final List<Node> standbys = new ArrayList<>();

    private ReplicaCluster() throws IOException {
        this.workDir = Files.createTempDirectory(EmbeddedPostgresServer.workDirectory(), "replicas-");
        this.primary = new Node("primary");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "replica-cluster-shutdown"));
    }

    /** Starts a primary with the application role and database, then {@code standbyCount} streaming standbys. */
    public static ReplicaCluster start(int standbyCount) {
        try {
            ReplicaCluster cluster = new ReplicaCluster();
            cluster.primary.start();
            try (Connection c = cluster.primary.admin("postgres")) {
                DatabaseSetup.ensureLoginRole(c, APP_USER, APP_PASSWORD);
                DatabaseSetup.ensureDatabase(c, DATABASE, APP_USER);
            }
            try (Connection c = DriverManager.getConnection(cluster.primaryJdbcUrl(), APP_USER, APP_PASSWORD);
                 Statement st = c.createStatement()) {
                st.execute("create table it_items (id bigserial primary key, batch text not null, n int not null,"
                        + " created timestamptz not null default now())");
            }
            for (int i = 1; i <= standbyCount; i++) {
                cluster.standbys.add(cluster.addStandby("standby" + i));
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("setting up the replica cluster failed", e);
        }
    }

    public Node primary() {
        return primary;
    }

    public List<Node> standbys() {
        return List.copyOf(standbys);
    }

    public String primaryJdbcUrl() {
        return "jdbc:postgresql://localhost:" + primary.port() + "/" + DATABASE;
    }

    private Node addStandby(String name) throws IOException, SQLException {
        Node standby = new Node(name);
        try (Connection c = primary.admin("postgres"); Statement st = c.createStatement()) {
            // non-exclusive backup: must end in the same session
            st.execute("select pg_backup_start('" + name + "', true)");
            copyDataDirectory(primary.dataDir(), standby.dataDir());
            String label;
            try (ResultSet rs = st.executeQuery("select labelfile from pg_backup_stop(false)")) {
                rs.next();
                label = rs.getString(1);
            }
            Files.writeString(standby.dataDir().resolve("backup_label"), label, StandardCharsets.UTF_8);
        }
        Files.writeString(standby.dataDir().resolve("standby.signal"), "", StandardCharsets.UTF_8);
        // a value with spaces: only postgresql.auto.conf can carry it (zonky joins -c settings with spaces)
        Files.writeString(standby.dataDir().resolve("postgresql.auto.conf"), "primary_conninfo = 'host=localhost port="
                + primary.port() + " user=" + SUPERUSER + " password=" + SUPERUSER_PASSWORD + " application_name="
                + name + "'\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.setPosixFilePermissions(standby.dataDir(), PosixFilePermissions.fromString("rwx------"));
        standby.start();
        awaitStreaming(name);
        return standby;
    }

    /** Until the primary's pg_stat_replication shows the standby streaming. */
    private void awaitStreaming(String applicationName) throws SQLException {
        try (Connection c = primary.admin("postgres"); Statement st = c.createStatement()) {
            Await.until(applicationName + " is streaming", Duration.ofSeconds(60), () -> {
                try (ResultSet rs = st.executeQuery("select count(*) from pg_stat_replication where application_name"
                        + " = '" + applicationName + "' and state = 'streaming'")) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            });
        }
    }

    /** Waits until every standby has replayed everything the primary has written so far. */
    public void awaitStandbysCaughtUp() throws SQLException {
        String lsn;
        try (Connection c = primary.admin("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_current_wal_lsn()::text")) {
            rs.next();
            lsn = rs.getString(1);
        }
        for (Node s : standbys) {
            try (Connection c = s.admin("postgres"); Statement st = c.createStatement()) {
                Await.until(s + " has replayed " + lsn, Duration.ofSeconds(30), () -> {
                    try (ResultSet rs = st.executeQuery("select pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
                        rs.next();
                        return rs.getBoolean(1);
                    }
                });
            }
        }
    }

    private static void copyDataDirectory(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                if (EMPTY_DIRS.contains(from.relativize(dir).toString())) {
                    if (dir.getFileName().toString().equals("pg_wal")) {
                        Files.createDirectories(target.resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (from.relativize(file).getNameCount() == 1 && SKIP_FILES.contains(file.getFileName().toString())) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException gone) {
                    // removed by the running primary meanwhile (temporary files): not part of the backup
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /** Stops every server and deletes the data directories (log files stay). */
    @Override
    public synchronized void close() {
        for (Node s : standbys) {
            s.destroy();
        }
        primary.destroy();
    }
}
