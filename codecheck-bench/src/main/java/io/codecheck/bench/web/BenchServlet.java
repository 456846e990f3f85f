package io.codecheck.bench.web;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The benchmark's endpoint inside Payara Micro. Every request runs one whole step and answers with
 * {@code key=value} lines:
 * <ul>
 * <li>{@code /api/setup?pgbouncer=true}: tables and data, HikariCP (C) filled to 8, the connections held for D, a
 * session check of every subject (of As and At only with {@code pgbouncer=true}: the runner started PgBouncer);</li>
 * <li>{@code /api/run?subject=A&workload=1&threads=8&millis=1000}: one measurement cell;</li>
 * <li>{@code /api/jfr?...&file=/abs/x.jfr}: the same under a JFR recording (profile settings, denser sampling);</li>
 * <li>{@code /api/loglevel?logger=NAME&level=WARNING}: sets a java.util.logging level, answers the old one.</li>
 * </ul>
 * Subjects: A = codecheck-ra (container pool), A0 = the same with validationInterval=0 (a round trip on every
 * borrow), Am = the same with the connector pool's default match-connections=true, Af = A's pool with the fastest
 * pool settings PoolOptionsIT showed correct (glassfish-resources.xml), Ar = A with sessionReset=always, As / At = A
 * behind PgBouncer with poolerMode=session / transaction, B = Payara's JDBC pool, C = HikariCP in this WAR, D = raw
 * pgjdbc, one connection held per worker thread.
 */
@WebServlet(urlPatterns = "/api/*", loadOnStartup = 1)
public class BenchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int POOL_SIZE = 8;
    private static final int MAX_THREADS = 32;

    @Resource(lookup = "java:app/bench/A")
    private transient DataSource a;
    @Resource(lookup = "java:app/bench/A0")
    private transient DataSource a0;
    @Resource(lookup = "java:app/bench/Am")
    private transient DataSource am;
    @Resource(lookup = "java:app/bench/Af")
    private transient DataSource af;
    @Resource(lookup = "java:app/bench/Ar")
    private transient DataSource ar;
    @Resource(lookup = "java:app/bench/As")
    private transient DataSource as;
    @Resource(lookup = "java:app/bench/At")
    private transient DataSource at;
    @Resource(lookup = "java:app/bench/B")
    private transient DataSource b;
    @Resource
    private transient ManagedThreadFactory threadFactory;
    @EJB
    private transient TxWork tx;

    private transient volatile HikariDataSource c;
    private transient volatile Connection[] held;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String body;
        try {
            body = switch (path) {
                case "/ping" -> "ok\n";
                case "/setup" -> setup(Boolean.parseBoolean(req.getParameter("pgbouncer")));
                case "/run" -> run(req).render();
                case "/jfr" -> jfr(req);
                case "/loglevel" -> logLevel(req);
                case "/teardown" -> teardown();
                default -> {
                    resp.setStatus(404);
                    yield "unknown " + path + "\n";
                }
            };
        } catch (Exception e) {
            resp.setStatus(500);
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            body = "error=" + e + "\n" + sw;
        }
        resp.getWriter().write(body);
    }

    // ---- set-up ----

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }

    /** B, C and D share this URL (A gets the same settings as adapter properties). */
    private static PGSimpleDataSource raw(String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(env("BENCH_PG_URL"));
        ds.setUser(env("BENCH_PG_USER"));
        ds.setPassword(env("BENCH_PG_PASSWORD"));
        ds.setApplicationName(applicationName);
        return ds;
    }

    private synchronized String setup(boolean pgBouncer) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection conn = raw("bench-setup").getConnection(); Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS jurisdiction ("
                    + " id text PRIMARY KEY, name text NOT NULL, type text NOT NULL,"
                    + " created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("CREATE TABLE IF NOT EXISTS bench_event ("
                    + " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, subject text NOT NULL,"
                    + " created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("TRUNCATE jurisdiction, bench_event");
            String[] types = {"city", "county", "state", "country"};
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO jurisdiction (id, name, type) VALUES (?, ?, ?)")) {
                for (int i = 0; i < Workloads.JURISDICTIONS; i++) {
                    ps.setString(1, Workloads.id(i));
                    ps.setString(2, "Jurisdiction " + i);
                    ps.setString(3, types[i % types.length]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            st.execute("ANALYZE jurisdiction");
        }
        out.append("jurisdictionRows=").append(Workloads.JURISDICTIONS).append('\n');

        if (c == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("bench-C");
            config.setDataSource(raw("bench-C"));
            config.setMaximumPoolSize(POOL_SIZE);
            config.setMinimumIdle(POOL_SIZE);
            config.setAutoCommit(true);
            c = new HikariDataSource(config);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (c.getHikariPoolMXBean().getTotalConnections() < POOL_SIZE && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        out.append("hikariTotalConnections=").append(c.getHikariPoolMXBean().getTotalConnections()).append('\n');
        if (held == null) {
            Connection[] h = new Connection[MAX_THREADS];
            PGSimpleDataSource d = raw("bench-D");
            for (int i = 0; i < h.length; i++) {
                h[i] = d.getConnection();
            }
            held = h;
        }
        out.append("heldConnections=").append(held.length).append('\n');

        // Touch every pooled subject once from this thread (creates the container pools: steady size 8) and show
        // what each session looks like on the server: the same settings for all is part of a fair comparison.
        List<String> subjects = new ArrayList<>(List.of("A", "A0", "Am", "Af", "Ar", "B", "C", "D"));
        if (pgBouncer) {
            subjects.addAll(List.of("As", "At"));
        }
        for (String s : subjects) {
            Map<String, String> session = sessionCheck(s);
            session.forEach((k, v) -> out.append("session.").append(s).append('.').append(k).append('=').append(v)
                    .append('\n'));
        }
        return out.toString();
    }

    private Map<String, String> sessionCheck(String subject) throws SQLException {
        Map<String, String> m = new LinkedHashMap<>();
        Connection conn = subject.equals("D") ? held[0] : dataSource(subject).getConnection();
        try (PreparedStatement ps = conn.prepareStatement("SELECT current_setting('statement_timeout'),"
                + " current_setting('idle_in_transaction_session_timeout'), current_setting('application_name'),"
                + " current_setting('default_transaction_read_only'),"
                + " coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            m.put("statement_timeout", rs.getString(1));
            m.put("idle_in_transaction_session_timeout", rs.getString(2));
            m.put("application_name", rs.getString(3));
            m.put("default_transaction_read_only", rs.getString(4));
            m.put("ssl", rs.getString(5));
            m.put("autoCommit", Boolean.toString(conn.getAutoCommit()));
            m.put("driver", conn.getMetaData().getDriverName() + " " + conn.getMetaData().getDriverVersion());
            m.put("connectionClass", conn.getClass().getName());
            Connection physical;
            try {
                physical = (Connection) conn.unwrap(org.postgresql.PGConnection.class);
            } catch (SQLException | ClassCastException e) {
                physical = conn.getMetaData().getConnection();
            }
            CodeSource cs = physical.getClass().getProtectionDomain().getCodeSource();
            m.put("physicalClass", physical.getClass().getName() + " from "
                    + (cs == null || cs.getLocation() == null ? "?" : Path.of(cs.getLocation().getPath())
                    .getFileName()));
        } finally {
            if (!subject.equals("D")) {
                conn.close();
            }
        }
        return m;
    }

    private DataSource dataSource(String subject) {
        return switch (subject) {
            case "A" -> a;
            case "A0" -> a0;
            case "Am" -> am;
            case "Af" -> af;
            case "Ar" -> ar;
            case "As" -> as;
            case "At" -> at;
            case "B" -> b;
            case "C" -> c;
            default -> throw new IllegalArgumentException("no pooled subject " + subject);
        };
    }

    // ---- measurement ----

    private CellResult run(HttpServletRequest req) throws Exception {
        String subject = req.getParameter("subject");
        int workload = Integer.parseInt(req.getParameter("workload"));
        int threads = Integer.parseInt(req.getParameter("threads"));
        long millis = Long.parseLong(req.getParameter("millis"));
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads 1.." + MAX_THREADS);
        }
        if (c == null || held == null) {
            throw new IllegalStateException("call /api/setup first");
        }
        String tag = "bench-" + subject;
        if (subject.equals("D")) {
            Connection[] h = held;
            return Cell.run(threadFactory, subject, workload, threads, millis,
                    i -> Workloads.held(workload, h[i], tx, tag, i));
        }
        DataSource ds = dataSource(subject);
        return Cell.run(threadFactory, subject, workload, threads, millis,
                i -> Workloads.pooled(workload, ds, tx, tag, i));
    }

    /**
     * One cell under a JFR recording: the "profile" settings with execution samples every millisecond (instead of
     * 10/20 ms) and more allocation samples, written to {@code file}.
     */
    private String jfr(HttpServletRequest req) throws Exception {
        Path file = Path.of(req.getParameter("file"));
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.setName("bench-" + req.getParameter("subject"));
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "2000/s");
            recording.setToDisk(true);
            recording.setDestination(file);
            recording.start();
            CellResult result = run(req);
            recording.stop();
            return result.render() + "jfrFile=" + file + "\n";
        }
    }

    private String logLevel(HttpServletRequest req) {
        Logger logger = Logger.getLogger(req.getParameter("logger"));
        Level old = logger.getLevel();
        String level = req.getParameter("level");
        logger.setLevel(level == null || level.isEmpty() || level.equals("null") ? null : Level.parse(level));
        return "logger=" + logger.getName() + "\nold=" + old + "\nnew=" + logger.getLevel()
                + "\nisLoggableInfo=" + logger.isLoggable(Level.INFO) + "\n";
    }

    private synchronized String teardown() throws SQLException {
        if (c != null) {
            c.close();
            c = null;
        }
        if (held != null) {
            for (Connection h : held) {
                h.close();
            }
            held = null;
        }
        return "ok\n";
    }

    @Override
    public void destroy() {
        try {
            teardown();
        } catch (SQLException ignored) {
            // the server is going down
        }
    }
}
