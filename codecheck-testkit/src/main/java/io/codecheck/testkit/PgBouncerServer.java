package io.codecheck.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real PgBouncer (the distribution's {@code /usr/sbin/pgbouncer}, e.g. Debian's {@code pgbouncer} package) on
 * loopback in front of a PostgreSQL server, for tests. It writes a {@code pgbouncer.ini} (from a given base, such as
 * the one the documentation shows, with the addresses, files and database list of the test put in) and an auth file,
 * and runs PgBouncer in the foreground until {@link #stop()}. PgBouncer refuses to run as root: as root it is run
 * with {@code -u} as an unprivileged user ({@code postgres} when it exists, else {@code nobody}), and its files are
 * made readable to it.
 */
public final class PgBouncerServer implements AutoCloseable {
    /** Where Debian and most distributions install it. */
    public static final Path BINARY = Path.of(System.getProperty("codecheck.pgbouncer", "/usr/sbin/pgbouncer"));
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final Process process;

    private PgBouncerServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Whether PgBouncer is installed here; tests skip with {@link #NOT_INSTALLED} when not. */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** What a skipped test says. */
    public static final String NOT_INSTALLED = "PgBouncer is not installed (" + BINARY + "): apt-get install pgbouncer"
            + " (CI's .ci/run does) to run the tests behind PgBouncer";

    /**
     * Starts PgBouncer.
     *
     * @param baseIni   a pgbouncer.ini: its {@code [pgbouncer]} settings are kept except the addresses and files,
     *                  which are the test's; its {@code [databases]} section is replaced
     * @param settings  {@code [pgbouncer]} settings to set besides (default_pool_size, say)
     * @param database  the database name clients use, mapped to the same name on the server
     * @param serverHost the PostgreSQL server's host
     * @param serverPort its port
     * @param users     login role → password, for the auth file (PgBouncer logs in to the server with them)
     */
    public static PgBouncerServer start(String baseIni, Map<String, String> settings, String database,
            String serverHost, int serverPort, Map<String, String> users) throws IOException {
        Path dir = Files.createTempDirectory(EmbeddedPostgresServer.workDirectory(), "pgbouncer-");
        int port = FreePorts.loopback();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("listen_addr", "127.0.0.1");
        overrides.put("listen_port", Integer.toString(port));
        overrides.put("unix_socket_dir", "");
        overrides.put("auth_file", dir.resolve("userlist.txt").toString());
        overrides.put("logfile", dir.resolve("pgbouncer.log").toString());
        overrides.put("pidfile", "");
        overrides.putAll(settings);
        String ini = rewrite(baseIni, overrides, database + " = host=" + serverHost + " port=" + serverPort
                + " dbname=" + database);
        Files.writeString(dir.resolve("pgbouncer.ini"), ini, StandardCharsets.UTF_8);
        StringBuilder auth = new StringBuilder();
        users.forEach((u, p) -> auth.append('"').append(u.replace("\"", "\"\"")).append("\" \"")
                .append(p.replace("\"", "\"\"")).append("\"\n"));
        Files.writeString(dir.resolve("userlist.txt"), auth.toString(), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            String user = unprivilegedUser();
            // test files: the directory must be writable (log) and the files readable to that user
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            for (String f : List.of("pgbouncer.ini", "userlist.txt")) {
                Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
            }
            command.add("-u");
            command.add(user);
        }
        command.add(dir.resolve("pgbouncer.ini").toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        PgBouncerServer server = new PgBouncerServer(dir, port, process);
        long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                String log = server.log();
                server.stop();
                throw new IOException("PgBouncer did not start on port " + port + ": " + log);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.stop();
                throw new IOException("interrupted while PgBouncer started", e);
            }
        }
        return server;
    }

    private static String unprivilegedUser() throws IOException {
        String passwd = Files.readString(Path.of("/etc/passwd"), StandardCharsets.UTF_8);
        return passwd.contains("\npostgres:") || passwd.startsWith("postgres:") ? "postgres" : "nobody";
    }

    /** The base ini with {@code overrides} set in {@code [pgbouncer]} and {@code [databases]} replaced. */
    static String rewrite(String base, Map<String, String> overrides, String databaseLine) {
        StringBuilder out = new StringBuilder();
        String section = "";
        Map<String, String> left = new LinkedHashMap<>(overrides);
        for (String line : base.split("\r?\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[")) {
                if (section.equals("pgbouncer")) {
                    appendLeft(out, left);
                }
                section = trimmed.substring(1, trimmed.indexOf(']')).trim().toLowerCase(java.util.Locale.ROOT);
                out.append(line).append('\n');
                if (section.equals("databases")) {
                    out.append(databaseLine).append('\n');
                }
                continue;
            }
            if (section.equals("databases") && !trimmed.isEmpty() && !trimmed.startsWith(";")
                    && !trimmed.startsWith("#")) {
                continue; // replaced
            }
            int eq = line.indexOf('=');
            if (section.equals("pgbouncer") && eq > 0 && !trimmed.startsWith(";") && !trimmed.startsWith("#")) {
                String key = line.substring(0, eq).trim();
                if (left.containsKey(key)) {
                    out.append(key).append(" = ").append(left.remove(key)).append('\n');
                    continue;
                }
            }
            out.append(line).append('\n');
        }
        if (section.equals("pgbouncer")) {
            appendLeft(out, left);
        }
        return out.toString();
    }

    private static void appendLeft(StringBuilder out, Map<String, String> left) {
        left.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        left.clear();
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** PgBouncer's log so far, for failure messages. */
    public String log() {
        try {
            Path log = dir.resolve("pgbouncer.log");
            Path out = dir.resolve("stdout.log");
            return (Files.exists(log) ? Files.readString(log) : "") + (Files.exists(out) ? Files.readString(out) : "");
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 5 s. */
    public void stop() {
        ProcessTrees.stop(process.toHandle(), Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "PgBouncer[127.0.0.1:" + port + ", " + dir + "]";
    }
}
