package io.codecheck.bench;

import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.FreePorts;
import io.codecheck.testkit.PgBouncerServer;
import io.codecheck.testkit.RepositoryFiles;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark: one embedded PostgreSQL on loopback, one Payara Micro with the RAR and the benchmark WAR, and the
 * measurement plan driven over HTTP (each request runs one whole cell inside the Micro JVM); for subjects As and At,
 * two real PgBouncers (session and transaction pooling) in front of that PostgreSQL when PgBouncer is installed. Writes
 * {@code target/bench/BENCHMARKS.md}, {@code results.csv}, the JFR files and their summaries, and copies the Markdown
 * to the repository root when {@code bench.publish=true}.
 *
 * <p>System properties (the {@code bench} profile sets them): {@code bench.microJar}, {@code bench.rar},
 * {@code bench.war}, {@code bench.driverJar}, {@code bench.out}, {@code bench.rounds} (measured rounds, default 5),
 * {@code bench.warmupRounds} (2), {@code bench.cellMillis} (1000), {@code bench.publish}, {@code bench.repoRoot},
 * {@code bench.versions}, {@code bench.phases} (default {@code main,validation,logger,jfr}); and the test kit's
 * {@code codecheck.pgbouncer} (PgBouncer's binary, default {@code /usr/sbin/pgbouncer}; As and At are skipped without
 * it).
 */
public final class BenchmarkRunner {
    static final int[] THREADS = {1, 8, 32};
    /**
     * Workloads 1-3. Af: A's pool with the fastest pool settings PoolOptionsIT showed correct (next to A). Ar: A with
     * sessionReset=always, a DISCARD ALL on every return (what PgBouncer's session mode does on every release).
     */
    static final String[] SUBJECTS = {"A", "Af", "Ar", "B", "C", "D"};
    static final String[] TX_SUBJECTS = {"A", "B", "D"};
    /**
     * Issue 13, behind PgBouncer: As (poolerMode=session through PgBouncer's session pooling) and At
     * (poolerMode=transaction through its transaction pooling), only where transaction pooling's BEGIN; SET LOCAL
     * shows: an auto-commit statement (workload 2: 1 round trip against 3) and a transaction (4: n + 1 against n + 2).
     */
    static final String[] BOUNCER_SUBJECTS = {"As", "At"};
    static final int[] BOUNCER_WORKLOADS = {2, 4};
    static final String CONNECTOR_LOGGER = "javax.enterprise.resource.resourceadapter";

    private final Path out;
    private final int rounds;
    private final int warmup;
    private final long cellMillis;
    private final int loggerRounds = Integer.getInteger("bench.loggerRounds", 5);
    private final long jfrMillis = Long.getLong("bench.jfrMillis", 10_000);
    private final List<Measurement> results = new ArrayList<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private MicroServer micro;
    /** Null when PgBouncer is not installed or the main phase does not run: As and At are skipped. */
    private PgBouncerServer sessionBouncer;
    private PgBouncerServer transactionBouncer;
    /**
     * Around every As/At cell, the TCP data segments Micro's connections to that subject's PgBouncer sent:
     * subject/workload/threads -> {operations, segments, cells left out}, summed over the measured rounds.
     */
    private final Map<String, long[]> bouncerCounts = new LinkedHashMap<>();

    private BenchmarkRunner(Path out, int rounds, int warmup, long cellMillis) {
        this.out = out;
        this.rounds = rounds;
        this.warmup = warmup;
        this.cellMillis = cellMillis;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath();
        Files.createDirectories(out);
        BenchmarkRunner runner = new BenchmarkRunner(out, Integer.getInteger("bench.rounds", 5),
                Integer.getInteger("bench.warmupRounds", 2), Long.getLong("bench.cellMillis", 1000));
        try {
            runner.runAll();
        } finally {
            if (runner.micro != null) {
                runner.micro.close();
            }
            runner.stopPgBouncers();
        }
        // embedded PostgreSQL is stopped by its shutdown hook
        System.exit(0);
    }

    private void runAll() throws Exception {
        Instant started = Instant.now();
        List<String> phases = List.of(System.getProperty("bench.phases", "main,validation,logger,jfr").split(","));
        log("plan: " + warmup + " warm-up + " + rounds + " measured rounds, " + cellMillis + " ms per cell, phases "
                + phases);

        TestDatabase db = TestDatabase.get();
        try (Connection admin = db.openAdminConnection(); Statement st = admin.createStatement()) {
            // commits wait for no disk flush: workload 4 measures the client side of a transaction, not the disk
            st.execute("ALTER DATABASE " + db.database() + " SET synchronous_commit = off");
            try (ResultSet rs = st.executeQuery("SELECT version()")) {
                rs.next();
                notes.put("postgresVersion", rs.getString(1));
            }
        }
        String url = "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database() + "?" + String.join("&",
                "sslmode=disable", "connectTimeout=30", "loginTimeout=30", "socketTimeout=60",
                "options=" + URLEncoder.encode("-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000",
                        StandardCharsets.UTF_8).replace("+", "%20"),
                "assumeMinServerVersion=9.4", "targetServerType=any", "loadBalanceHosts=false");
        notes.put("url", url);
        log("PostgreSQL " + db.host() + ":" + db.port() + " (" + notes.get("postgresVersion") + ")");
        if (phases.contains("main")) {
            startPgBouncers(db);
        }

        Map<String, String> env = new HashMap<>();
        env.put("BENCH_PG_HOST", db.host());
        env.put("BENCH_PG_PORT", Integer.toString(db.port()));
        env.put("BENCH_PG_DATABASE", db.database());
        env.put("BENCH_PG_USER", db.user());
        env.put("BENCH_PG_PASSWORD", db.password());
        env.put("BENCH_PG_URL", url);
        // Without PgBouncer, As and At are never used; their pools point at PostgreSQL itself only to stay deployable.
        env.put("BENCH_PGB_HOST", pgBouncers() ? transactionBouncer.host() : db.host());
        env.put("BENCH_PGB_SESSION_PORT", Integer.toString(pgBouncers() ? sessionBouncer.port() : db.port()));
        env.put("BENCH_PGB_TX_PORT", Integer.toString(pgBouncers() ? transactionBouncer.port() : db.port()));
        List<String> jvm = List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC",
                // exact frames in the JFR profile (no safepoint bias)
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
                "-XX:FlightRecorderOptions:stackdepth=128",
                // HikariCP validates a connection idle longer than this (default 500 ms): same policy as A
                "-Dcom.zaxxer.hikari.aliveBypassWindowMs=1000");
        Path work = out.resolve("micro");
        Files.createDirectories(work);
        int port = FreePorts.loopback();
        long t0 = System.nanoTime();
        Path war = MicroServer.configuredWar(Path.of(System.getProperty("bench.war")), work, env);
        micro = MicroServer.start(Path.of(System.getProperty("bench.microJar")), Path.of(System.getProperty("bench.rar")),
                war, Path.of(System.getProperty("bench.driverJar")), work, port, jvm, env);
        notes.put("microCommand", String.join(" ", micro.command()));
        micro.awaitReady(Duration.ofSeconds(240));
        log("Payara Micro ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms (pid " + micro.pid() + ")");

        Map<String, String> setup = micro.call("/api/setup?pgbouncer=" + pgBouncers(), Duration.ofMinutes(3));
        setup.forEach((k, v) -> notes.put("setup." + k, v));
        notes.put("backends", backends(db));
        log("setup: " + setup);

        if (phases.contains("jfr")) {
            // First, while only A has run in this JVM: the JIT then compiles the container's shared pool code for
            // A's classes alone. After B has run, call sites such as ManagedConnection.cleanup() are bimorphic, and
            // JFR charges samples of inlined code to B's classes (com.sun.gjc...) on A's threads.
            jfrRun(List.of(new Profile("A-borrow-return", "A", 1, jfrMillis * 3 / 2),
                    new Profile("A-borrow-select1", "A", 2, jfrMillis)));
        }
        if (phases.contains("main")) {
            mainRun();
        }
        if (phases.contains("validation")) {
            validationCheck(db);
        }
        if (phases.contains("logger")) {
            loggerRun();
        }
        if (phases.contains("jfr")) {
            jfrRun(List.of(new Profile("B-borrow-return", "B", 1, jfrMillis)));
        }
        micro.call("/api/teardown", Duration.ofMinutes(1));
        micro.close();
        micro = null;
        stopPgBouncers();

        notes.put("duration", Duration.between(started, Instant.now()).toSeconds() + " s");
        writeCsv();
        String markdown = new Report(this).render();
        Path md = out.resolve("BENCHMARKS.md");
        Files.writeString(md, markdown, StandardCharsets.UTF_8);
        log("wrote " + md);
        if (Boolean.parseBoolean(System.getProperty("bench.publish", "false"))) {
            Path root = Path.of(System.getProperty("bench.repoRoot", ".."));
            Files.copy(md, root.resolve("BENCHMARKS.md"), StandardCopyOption.REPLACE_EXISTING);
            log("copied to " + root.resolve("BENCHMARKS.md").toAbsolutePath().normalize());
        }
    }

    // ---- PgBouncer (subjects As and At) ----

    /**
     * Two PgBouncers with the ini files docs/pgbouncer.md shows (what the page shows is what is measured), one per
     * pool mode. default_pool_size 8: a server connection for each of the pool's 8 connections, so that PgBouncer
     * never queues and At - As is the round trips alone. As root, PgBouncerServer runs PgBouncer as an unprivileged
     * user (PgBouncer refuses root).
     */
    private void startPgBouncers(TestDatabase db) throws IOException, InterruptedException {
        if (!PgBouncerServer.installed()) {
            notes.put("pgbouncerSkipped", "PgBouncer is not installed (" + PgBouncerServer.BINARY
                    + "): `apt-get install pgbouncer` and run again to measure As and At");
            log("PgBouncer not installed: As and At skipped (apt-get install pgbouncer)");
            return;
        }
        Map<String, String> users = Map.of(db.user(), db.password());
        Map<String, String> settings = Map.of("default_pool_size", "8");
        sessionBouncer = PgBouncerServer.start(iniFromDocs("session"), settings, db.database(), db.host(), db.port(),
                users);
        transactionBouncer = PgBouncerServer.start(iniFromDocs("transaction"), settings, db.database(), db.host(),
                db.port(), users);
        notes.put("pgbouncerVersion", firstLine(Report.exec(PgBouncerServer.BINARY.toString(), "--version")));
        log("PgBouncer session pooling " + sessionBouncer + ", transaction pooling " + transactionBouncer);
    }

    private static String iniFromDocs(String mode) {
        return RepositoryFiles.fencedBlock(RepositoryFiles.read("docs/pgbouncer.md"),
                "<!-- pgbouncer.ini " + mode + " -->", "ini");
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("?").trim();
    }

    boolean pgBouncers() {
        return transactionBouncer != null;
    }

    private void stopPgBouncers() {
        if (sessionBouncer != null) {
            sessionBouncer.stop();
        }
        if (transactionBouncer != null) {
            transactionBouncer.stop();
        }
    }

    /**
     * TCP data segments sent so far by the client ends of all connections to the subject's PgBouncer, i.e. by the
     * subject's pool in Micro (nothing else talks to it during a cell). pgjdbc sends each request in one segment
     * (TCP_NODELAY, small messages), so the count is the round trips, read from the kernel as the validation check
     * does. A count that grows also shows that the subject's statements went through PgBouncer. (PgBouncer's own
     * SHOW STATS is out of reach: its console refuses the SET extra_float_digits pgjdbc sends to a server that
     * reports a version below 12.) By socket, so that a cell in which the pool replaced a session can be left out.
     */
    private Map<Integer, Long> bouncerSegments(String subject) throws IOException, InterruptedException {
        int port = (subject.equals("At") ? transactionBouncer : sessionBouncer).port();
        return segmentsOutBySocket(ss(), (local, peer) -> peer == port);
    }

    /**
     * Adds a cell's operations and segments to the subject's count. A socket opened during the cell counts from 0
     * (its login adds a few segments); a cell during which a socket closed (the pool replaced a session) is counted
     * as left out instead, as the closed socket took its segments along.
     */
    private void countRoundTrips(String key, long ops, Map<Integer, Long> before, Map<Integer, Long> after) {
        long[] sum = bouncerCounts.computeIfAbsent(key, k -> new long[3]);
        if (!after.keySet().containsAll(before.keySet())) {
            sum[2]++;
            return;
        }
        sum[0] += ops;
        for (Map.Entry<Integer, Long> e : after.entrySet()) {
            sum[1] += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
    }

    List<String> mainSubjects(int workload) {
        return subjects(workload, pgBouncers());
    }

    /** The main run's subjects of a workload, in the order they run within a round. */
    static List<String> subjects(int workload, boolean pgBouncers) {
        List<String> list = new ArrayList<>(List.of(workload == 4 ? TX_SUBJECTS : SUBJECTS));
        if (pgBouncers && java.util.Arrays.stream(BOUNCER_WORKLOADS).anyMatch(w -> w == workload)) {
            list.addAll(List.of(BOUNCER_SUBJECTS));
        }
        return list;
    }

    // ---- phases ----

    /**
     * The main table: A Af Ar B C D alternating within every round, for every workload and thread count (workload 4:
     * A B D); As and At behind PgBouncer after them in workloads 2 and 4.
     */
    private void mainRun() throws Exception {
        int total = warmup + rounds;
        for (int r = 0; r < total; r++) {
            boolean isWarmup = r < warmup;
            long t = System.nanoTime();
            for (int w = 1; w <= 4; w++) {
                for (int threads : THREADS) {
                    for (String s : mainSubjects(w)) {
                        boolean bouncer = !isWarmup && List.of(BOUNCER_SUBJECTS).contains(s);
                        Map<Integer, Long> before = bouncer ? bouncerSegments(s) : null;
                        Measurement m = cell("main", r, isWarmup, s, s, w, threads, cellMillis);
                        results.add(m);
                        if (bouncer) {
                            countRoundTrips(s + "/" + w + "/" + threads, m.ops(), before, bouncerSegments(s));
                        }
                    }
                }
            }
            log("main round " + (r + 1) + "/" + total + (isWarmup ? " (warm-up)" : "") + " took "
                    + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
    }

    /**
     * Supplementary, separately labelled: the connector logger at INFO (Payara's default) against WARNING, A and B
     * alternating within each round, and the connector pool's default match-connections=true (Am).
     */
    private void loggerRun() throws Exception {
        int total = 1 + loggerRounds;
        for (int r = 0; r < total; r++) {
            boolean isWarmup = r < 1;
            for (int w = 1; w <= 2; w++) {
                for (int threads : new int[] {1, 8}) {
                    setLogger("INFO");
                    results.add(cell("logger", r, isWarmup, "A", "A, logger INFO", w, threads, cellMillis));
                    results.add(cell("logger", r, isWarmup, "B", "B, logger INFO", w, threads, cellMillis));
                    results.add(cell("logger", r, isWarmup, "Am", "Am (match-connections=true), logger INFO", w,
                            threads, cellMillis));
                    setLogger("WARNING");
                    results.add(cell("logger", r, isWarmup, "A", "A, logger WARNING", w, threads, cellMillis));
                    results.add(cell("logger", r, isWarmup, "B", "B, logger WARNING", w, threads, cellMillis));
                }
            }
            log("logger round " + (r + 1) + "/" + total + (isWarmup ? " (warm-up)" : ""));
        }
        setLogger("null");
    }

    private void setLogger(String level) throws Exception {
        micro.call("/api/loglevel?logger=" + CONNECTOR_LOGGER + "&level=" + level, Duration.ofSeconds(30));
    }

    /**
     * Counts the TCP data segments each subject's client sockets send while borrowing and returning (no statement):
     * any segment is a validation round trip. Read with {@code ss -ti} on the client ends (their ports from
     * pg_stat_activity.client_port).
     */
    private void validationCheck(TestDatabase db) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append("| subject, validation policy | borrow+return in 2 s (1 thread) | TCP data segments sent | per 1000 "
                + "borrows | after 1.5 s idle: segments in the next 200 ms of borrows |\n|---|---:|---:|---:|---:|\n");
        Map<String, String> policies = new LinkedHashMap<>();
        policies.put("A", "A: adapter, at most once per validationInterval (1000 ms)");
        policies.put("A0", "A0: adapter, validationInterval=0 (every borrow)");
        policies.put("B", "B: Payara pool, custom-validation SELECT 1 at most once per 1 s");
        policies.put("C", "C: HikariCP, isValid when idle > aliveBypassWindowMs (1000 ms)");
        for (Map.Entry<String, String> p : policies.entrySet()) {
            String s = p.getKey();
            cell("validation", 0, true, s, s, 1, 1, 500); // warm
            List<Integer> ports = clientPorts(db, "bench-" + s);
            long before = segmentsOut(ports);
            Measurement m = cell("validation", 0, false, s, s, 1, 1, 2000);
            long after = segmentsOut(ports);
            Thread.sleep(1500); // deliberate: idle past the validation interval, then count the probes
            long idleBefore = segmentsOut(ports);
            cell("validation", 1, false, s, s, 1, 1, 200);
            long idleAfter = segmentsOut(ports);
            sb.append("| ").append(p.getValue()).append(" | ").append(m.ops()).append(" | ").append(after - before)
                    .append(" | ").append(String.format(java.util.Locale.ROOT, "%.2f", (after - before) * 1000.0 / m.ops()))
                    .append(" | ").append(idleAfter - idleBefore).append(" |\n");
            if (s.equals("A")) {
                double perThousand = (after - before) * 1000.0 / m.ops();
                notes.put("validationVerdict", (perThousand < 0.1 ? "**met**" : "**missed**") + ": "
                        + (after - before) + " segments in " + m.ops() + " borrows of sessions used within the interval");
            }
            log("validation " + s + ": " + (after - before) + " segments for " + m.ops() + " borrows; idle: "
                    + (idleAfter - idleBefore) + " (" + ports.size() + " sockets)");
        }
        notes.put("validationTable", sb.toString());
    }

    private static List<Integer> clientPorts(TestDatabase db, String applicationName) throws SQLException {
        List<Integer> ports = new ArrayList<>();
        try (Connection admin = db.openAdminConnection();
             PreparedStatement ps = admin.prepareStatement(
                     "SELECT client_port FROM pg_stat_activity WHERE application_name = ? AND client_port > 0")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ports.add(rs.getInt(1));
                }
            }
        }
        return ports;
    }

    /** Sum of data_segs_out of the local sockets bound to these ports (the client ends), from ss -tinH. */
    static long segmentsOut(List<Integer> ports) throws IOException, InterruptedException {
        return parseSegmentsOut(ss(), ports);
    }

    private static String ss() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-tinH").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return text;
    }

    static long parseSegmentsOut(String ssOutput, List<Integer> ports) {
        return segmentsOutBySocket(ssOutput, (local, peer) -> ports.contains(local)).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    /** data_segs_out by local port of the sockets whose local and peer ports {@code select} accepts. */
    static Map<Integer, Long> segmentsOutBySocket(String ssOutput,
                                                  java.util.function.BiPredicate<Integer, Integer> select) {
        Map<Integer, Long> segments = new LinkedHashMap<>();
        String[] lines = ssOutput.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || Character.isWhitespace(line.charAt(0)) && !line.trim().startsWith("ESTAB")) {
                continue;
            }
            String[] cols = line.trim().split("\\s+");
            // State? Recv-Q Send-Q Local:Port Peer:Port (state column present when no state filter is given)
            int localCol = cols[0].matches("\\d+") ? 2 : 3;
            if (cols.length <= localCol) {
                continue;
            }
            int port;
            int peerPort;
            try {
                port = portOf(cols[localCol]);
                peerPort = cols.length > localCol + 1 ? portOf(cols[localCol + 1]) : -1;
            } catch (NumberFormatException e) {
                continue;
            }
            if (!select.test(port, peerPort) || i + 1 >= lines.length) {
                continue;
            }
            String info = lines[i + 1];
            int at = info.indexOf("data_segs_out:");
            long n = 0; // ss leaves the field out while it is 0
            if (at >= 0) {
                int end = at + "data_segs_out:".length();
                int stop = end;
                while (stop < info.length() && Character.isDigit(info.charAt(stop))) {
                    stop++;
                }
                n = Long.parseLong(info.substring(end, stop));
            }
            segments.merge(port, n, Long::sum);
        }
        return segments;
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    record Profile(String name, String subject, int workload, long millis) {
    }

    /** One subject's path under JFR, 1 thread, after a short warm-up of that subject alone. */
    private void jfrRun(List<Profile> profilesToRecord) throws Exception {
        for (Profile p : profilesToRecord) {
            String subject = p.subject();
            for (int i = 0; i < 5; i++) {
                cell("jfr-warmup", i, true, subject, subject, p.workload(), 1, 1000);
            }
            Path file = out.resolve(p.name() + ".jfr");
            Files.deleteIfExists(file);
            Map<String, String> r = micro.call("/api/jfr?subject=" + subject + "&workload=" + p.workload()
                    + "&threads=1&millis=" + p.millis() + "&file=" + file, Duration.ofMinutes(5));
            results.add(Measurement.of("jfr", 0, false, p.name(), r));
            JfrAnalysis analysis = JfrAnalysis.of(file, "bench-" + subject + "-");
            profiles.put(p.name(), analysis);
            Path summary = out.resolve(p.name() + "-summary.txt");
            Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                    "summary", file.toString()).redirectErrorStream(true).redirectOutput(summary.toFile()).start();
            proc.waitFor(2, TimeUnit.MINUTES);
            log("JFR " + p.name() + ": " + analysis.samples + " samples in worker threads, " + file);
        }
    }

    final Map<String, JfrAnalysis> profiles = new LinkedHashMap<>();

    // ---- helpers ----

    private Measurement cell(String phase, int round, boolean isWarmup, String subject, String label, int workload,
                             int threads, long millis) throws Exception {
        Map<String, String> r = micro.call("/api/run?subject=" + subject + "&workload=" + workload + "&threads="
                + threads + "&millis=" + millis, Duration.ofMillis(millis + 180_000));
        return Measurement.of(phase, round, isWarmup, label, r);
    }

    private static String backends(TestDatabase db) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection admin = db.openAdminConnection(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT application_name, count(*) FROM pg_stat_activity"
                     + " WHERE application_name LIKE 'bench-%' GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(rs.getString(1)).append(": ").append(rs.getInt(2));
            }
        }
        return sb.toString();
    }

    private void writeCsv() throws IOException {
        StringBuilder sb = new StringBuilder(Measurement.csvHeader()).append('\n');
        for (Measurement m : results) {
            sb.append(m.csv()).append('\n');
        }
        Files.writeString(out.resolve("results.csv"), sb.toString(), StandardCharsets.UTF_8);
    }

    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
        System.out.flush();
    }

    // ---- for the report ----

    List<Measurement> results() {
        return results;
    }

    Map<String, String> notes() {
        return notes;
    }

    /**
     * As/At cells of a workload and thread count, measured rounds: {operations, TCP data segments, cells left
     * out}.
     */
    long[] bouncerCounts(String subject, int workload, int threads) {
        return bouncerCounts.get(subject + "/" + workload + "/" + threads);
    }

    int rounds() {
        return rounds;
    }

    int loggerRounds() {
        return loggerRounds;
    }

    int warmup() {
        return warmup;
    }

    long cellMillis() {
        return cellMillis;
    }

    Path out() {
        return out;
    }
}
