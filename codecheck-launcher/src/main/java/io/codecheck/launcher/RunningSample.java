package io.codecheck.launcher;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sample while it runs: embedded PostgreSQL (unless an external database is configured) and Payara Micro.
 * {@link #start()} brings both up and waits until the sample answers; {@link #close()} stops Micro first, then
 * PostgreSQL. close() may run concurrently with start() (Ctrl-C during start-up) and leaves nothing running.
 */
public final class RunningSample implements AutoCloseable {

    /** Connection variables that must not reach Micro when the launcher provides the database itself. */
    static final List<String> CONNECTION_VARIABLES = List.of("DATABASE_URL", "DB_HOST", "DB_PORT", "DB_USER",
            "DB_PASSWORD", "DB_NAME", "DB_SSLMODE", "DB_SSLROOTCERT", "DB_SSLCERT", "DB_SSLKEY");

    private final LauncherSettings settings;
    private final Console console;

    private EmbeddedDatabase database;
    private JmxCredentials jmxCredentials;
    private MicroProcess micro;
    private boolean closed;
    private volatile boolean closing;

    private Duration databaseStartup = Duration.ZERO;
    private Duration microStartup = Duration.ZERO;
    private Duration startup = Duration.ZERO;
    private HttpResponse<String> firstHealth;

    public RunningSample(LauncherSettings settings, Console console) {
        this.settings = settings;
        this.console = console;
    }

    /** Checks, starts the database and Micro, waits for readiness. On failure everything started is stopped. */
    public RunningSample start() {
        long t0 = System.nanoTime();
        try {
            settings.requireDeployables();
            checkPorts();
            synchronized (this) {
                requireNotClosed();
                if (!settings.externalDatabase()) {
                    console.info("Starting PostgreSQL " + orUnknown(EmbeddedDatabase.Versions.postgresMajor())
                            + " (embedded) on 127.0.0.1:" + settings.dbPort() + ", data in " + settings.dataDir());
                    long t = System.nanoTime();
                    database = EmbeddedDatabase.start(settings.dataDir(), settings.dbPort(),
                            settings.workDir().resolve("embedded-pg"));
                    databaseStartup = Duration.ofNanos(System.nanoTime() - t);
                    console.info("PostgreSQL " + database.serverVersion() + " is up ("
                            + (database.created() ? "new cluster created" : "existing data kept") + ", "
                            + seconds(databaseStartup) + ")");
                } else {
                    console.info("Using the external database " + databaseUrl()
                            + " (DATABASE_URL/DB_HOST set: no embedded PostgreSQL)");
                    java.util.Optional<String> problem = Ports.unreachable(externalHost(), externalPort());
                    if (problem.isPresent()) {
                        // Payara validates the WAR's JPA persistence unit by connecting while it deploys it: without
                        // the database the application would not be deployed at all, and answer 404
                        throw new LauncherException(problem.get() + ". The sample cannot be deployed without it "
                                + "(Payara connects to validate its JPA persistence unit): start the database, then "
                                + "run again. Once running, the sample outlives the database going away.");
                    }
                }
            }
            long t = System.nanoTime();
            synchronized (this) {
                requireNotClosed();
                console.info("Starting Payara Micro " + EmbeddedDatabase.Versions.payaraMicro() + " on 127.0.0.1:"
                        + settings.httpPort() + " (log: " + settings.workDir().resolve("payara-micro.log") + ")");
                jmxCredentials = JmxCredentials.ensure(settings.dataDir());
                micro = MicroProcess.start(settings, microEnvironment(), JmxAgentJar.write(settings.workDir()),
                        jmxCredentials.file());
            }
            firstHealth = micro.awaitReady(settings.startupTimeout());
            microStartup = Duration.ofNanos(System.nanoTime() - t);
            startup = Duration.ofNanos(System.nanoTime() - t0);
            return this;
        } catch (RuntimeException e) {
            if (closing) {
                throw new LauncherException("start-up interrupted: stopping", e);
            }
            console.error(e.getMessage());
            close();
            throw e;
        }
    }

    private void requireNotClosed() {
        if (closed) {
            throw new LauncherException("stopping");
        }
    }

    /** Leftovers of an earlier run that was killed (kill -9), then the three ports. */
    private void checkPorts() {
        String rootDir = settings.workDir().toAbsolutePath().resolve("micro-root").toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(rootDir)).orElse(false))
                .findFirst()
                .ifPresent(p -> {
                    throw new LauncherException("Payara Micro (pid " + p.pid() + ") of an earlier run is still"
                            + " running from " + settings.workDir() + ". Stop it with `kill " + p.pid()
                            + "` and start again.");
                });
        if (!settings.externalDatabase()) {
            EmbeddedDatabase.requireNoServerRunning(settings.dataDir());
        }
        Map<Integer, String> seen = new HashMap<>();
        check(seen, "HTTP", settings.httpPort(), "SAMPLE_HTTP_PORT");
        check(seen, "JMX", settings.jmxPort(), "SAMPLE_JMX_PORT");
        if (!settings.externalDatabase()) {
            check(seen, "PostgreSQL", settings.dbPort(), "SAMPLE_DB_PORT");
        }
    }

    private static void check(Map<Integer, String> seen, String what, int port, String variable) {
        String other = seen.putIfAbsent(port, variable);
        if (other != null) {
            throw new LauncherException(variable + " and " + other + " are both " + port
                    + "; give them different ports.");
        }
        Ports.requireFree(what, port, variable);
    }

    /** The launcher's environment, with the connection settings of the embedded database and the pool sizes. */
    Map<String, String> microEnvironment() {
        Map<String, String> env = new HashMap<>(settings.environment());
        if (database != null) {
            CONNECTION_VARIABLES.forEach(env::remove);
            env.put("DB_HOST", EmbeddedDatabase.HOST);
            env.put("DB_PORT", Integer.toString(database.port()));
            env.put("DB_USER", EmbeddedDatabase.USER);
            env.put("DB_PASSWORD", database.password());
            env.put("DB_NAME", EmbeddedDatabase.DATABASE);
            env.put("DB_SSLMODE", "disable");
        }
        env.put("DB_POOL_MIN", Integer.toString(settings.poolMin()));
        env.put("DB_POOL_MAX", Integer.toString(settings.poolMax()));
        return env;
    }

    /** The database the sample uses, password masked. */
    public String databaseUrl() {
        if (database != null) {
            return database.maskedUrl();
        }
        Map<String, String> env = settings.environment();
        if (settings.isSet("DATABASE_URL")) {
            return maskUrl(env.get("DATABASE_URL"));
        }
        return "postgresql://" + env.getOrDefault("DB_USER", "postgres") + (settings.isSet("DB_PASSWORD") ? ":****" : "")
                + "@" + env.get("DB_HOST") + ":" + env.getOrDefault("DB_PORT", "5432") + "/"
                + env.getOrDefault("DB_NAME", "codecheck")
                + (settings.isSet("DB_SSLMODE") ? "?sslmode=" + env.get("DB_SSLMODE") : "");
    }

    /** First host of DATABASE_URL (or DB_HOST). */
    String externalHost() {
        if (settings.isSet("DATABASE_URL")) {
            String[] host = firstHost(settings.environment().get("DATABASE_URL"));
            return host != null ? host[0] : "localhost";
        }
        String hosts = settings.environment().get("DB_HOST");
        int comma = hosts.indexOf(',');
        return (comma < 0 ? hosts : hosts.substring(0, comma)).replaceFirst(":\\d+$", "");
    }

    /** Port of the first host of DATABASE_URL (or DB_PORT), 5432 when none is given. */
    int externalPort() {
        String port = null;
        if (settings.isSet("DATABASE_URL")) {
            String[] host = firstHost(settings.environment().get("DATABASE_URL"));
            port = host != null ? host[1] : null;
        } else if (settings.isSet("DB_PORT")) {
            port = settings.environment().get("DB_PORT");
        }
        try {
            return port == null ? 5432 : Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            return 5432;
        }
    }

    private static final java.util.regex.Pattern URL_SCHEME =
            java.util.regex.Pattern.compile("(?i)^(?:jdbc:)?postgres(?:ql)?://");
    private static final java.util.regex.Pattern HOST_PORT =
            java.util.regex.Pattern.compile("^(\\[[^\\]]+\\]|[^/:,?@]+)(?::(\\d+))?");

    static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = maskSecretParameters(url);
        int sep = masked.indexOf("://");
        int start = sep >= 0 ? sep + 3 : masked.indexOf(':') + 1;
        int at = masked.lastIndexOf('@');
        if (at >= start) {
            // everything between the user name and the LAST '@': a password may hold unencoded '/', '?', '#', '@'
            int colon = masked.indexOf(':', start);
            masked = colon >= 0 && colon < at ? masked.substring(0, colon + 1) + MASK + masked.substring(at)
                    : masked.substring(0, start) + MASK + masked.substring(at);
        } else if (sep < 0 && masked.indexOf('@') >= 0) {
            // no '//' to find the user info by: hide everything after the scheme
            masked = masked.substring(0, start) + MASK;
        }
        return masked;
    }

    private static final String MASK = "****";

    /** Password-like parameter names: password, sslpassword, anything with password, secret or passphrase. */
    private static final java.util.regex.Pattern SECRET_PARAMETER = java.util.regex.Pattern.compile(
            "(?i)[?&;][A-Za-z0-9_.-]*(?:password|secret|passphrase)[A-Za-z0-9_.-]*=");

    /** Parameters that may follow a password in a URL; a value runs on to the next of these (or the end). */
    private static final java.util.regex.Pattern NEXT_PARAMETER = java.util.regex.Pattern.compile(
            "(?i)&(?:[A-Za-z0-9_.-]*(?:password|secret|passphrase)[A-Za-z0-9_.-]*|user|dbname|host|port|sslmode|ssl"
            + "|sslrootcert|sslcert|sslkey|sslfactory|connect_timeout|connectTimeout|loginTimeout|socketTimeout"
            + "|application_name|ApplicationName|target_session_attrs|targetServerType|load_balance_hosts"
            + "|loadBalanceHosts|readOnly|options|currentSchema|prepareThreshold|tcpKeepAlive|gssEncMode"
            + "|channelBinding|sslNegotiation|PGHOST|PGPORT|PGDBNAME)=");

    /**
     * Hides the value of every password-like parameter up to the next {@code &name=} with a known name, or to the
     * end: a password with an unencoded '&' must not show its second half.
     */
    private static String maskSecretParameters(String url) {
        java.util.regex.Matcher secret = SECRET_PARAMETER.matcher(url);
        java.util.regex.Matcher next = NEXT_PARAMETER.matcher(url);
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < url.length() && secret.find(pos)) {
            out.append(url, pos, secret.end()).append(MASK);
            pos = next.find(secret.end()) ? next.start() : url.length();
        }
        return out.append(url.substring(pos)).toString();
    }

    /**
     * {host, port or null} of the first host of a PostgreSQL URL, or null. The host list is taken to follow the LAST
     * '@' (after password-like parameters are masked), so that no part of a password with an unencoded '/', '?' or
     * '@' is ever taken for a host or port, which the console would show. (A jdbc: URL with an '@' in a parameter
     * value thus gets a wrong host here; it is only used for a reachability hint.)
     */
    static String[] firstHost(String url) {
        java.util.regex.Matcher scheme = URL_SCHEME.matcher(url);
        if (!scheme.find()) {
            return null;
        }
        String rest = maskSecretParameters(url).substring(scheme.end());
        java.util.regex.Matcher m = HOST_PORT.matcher(rest.substring(rest.lastIndexOf('@') + 1));
        return m.find() ? new String[] {m.group(1), m.group(2)} : null;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + settings.httpPort() + "/" + MicroProcess.CONTEXT_ROOT);
    }

    public URI apiUri(String path) {
        return URI.create(baseUri() + "/api/" + path);
    }

    public String jmxServiceUrl() {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + settings.jmxPort() + "/jmxrmi";
    }

    public Duration startupTime() {
        return startup;
    }

    public HttpResponse<String> firstHealth() {
        return firstHealth;
    }

    public Optional<EmbeddedDatabase> database() {
        return Optional.ofNullable(database);
    }

    /** The remote JMX logins (present once Micro has been started). */
    JmxCredentials jmxCredentials() {
        return jmxCredentials;
    }

    public MicroProcess micro() {
        return micro;
    }

    public LauncherSettings settings() {
        return settings;
    }

    /** The block printed when the sample is ready. */
    public void printReady() {
        String line = "=".repeat(100);
        String health = firstHealth == null ? "?" : healthSummary(firstHealth.statusCode(), firstHealth.body());
        console.raw(line);
        console.raw(" codecheck-ra sample is running: started in " + seconds(startup)
                + (database != null ? " (PostgreSQL " + seconds(databaseStartup) + ", " : " (")
                + "Payara Micro " + seconds(microStartup) + ")");
        console.raw("");
        console.raw(" Sample     " + apiUri("health") + "   (also /api/jurisdictions, /api/pool/stats)");
        console.raw(" Health     " + health);
        console.raw(" JMX        " + jmxServiceUrl());
        console.raw("            jconsole " + jmxServiceUrl() + "   (or VisualVM: File > Add JMX Connection,"
                + " 127.0.0.1:" + settings.jmxPort() + ")");
        console.raw("            users monitor (read-only) and operator (may also invoke the pool operations);"
                + " passwords in " + jmxCredentials.file());
        if (database != null) {
            console.raw(" Database   " + databaseUrl() + "   (embedded PostgreSQL " + database.serverVersion() + ")");
            console.raw("            password in " + database.passwordFile() + "; data kept in " + database.dataDir());
        } else {
            console.raw(" Database   " + databaseUrl() + "   (external, from the environment)");
        }
        console.raw(" Logs       " + micro.logFile() + (database != null ? "\n            " + database.logFile() : ""));
        console.raw(" Stop       Ctrl-C");
        console.raw(line);
    }

    /** Stops Payara Micro (if running) and waits for it; the database keeps running. Returns Micro's exit code. */
    public int stopMicro() {
        MicroProcess m;
        synchronized (this) {
            m = micro;
        }
        if (m == null) {
            return 0;
        }
        return m.stop(Duration.ofSeconds(30));
    }

    /** Stops Micro, then PostgreSQL. Idempotent; safe from a shutdown hook while {@link #start()} is still running. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (micro != null) {
                long t = System.nanoTime();
                boolean wasAlive = micro.isAlive();
                int code = micro.stop(Duration.ofSeconds(30));
                if (wasAlive) {
                    console.info("Payara Micro stopped (exit code " + code + ", "
                            + seconds(Duration.ofNanos(System.nanoTime() - t)) + ")");
                }
            }
            if (database != null) {
                long t = System.nanoTime();
                database.close();
                console.info("PostgreSQL stopped (" + seconds(Duration.ofNanos(System.nanoTime() - t))
                        + "; data kept in " + database.dataDir() + ")");
            }
        }
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** "healthy (HTTP 200)", or "unhealthy (HTTP 503): first error", from the health endpoint's JSON. */
    static String healthSummary(int status, String body) {
        java.util.regex.Matcher overall = java.util.regex.Pattern.compile("\"(?:database|status)\"\\s*:\\s*\"(\\w+)\"")
                .matcher(body == null ? "" : body);
        String state = overall.find() ? overall.group(1) : (status == 200 ? "healthy" : "unhealthy");
        String summary = state + " (HTTP " + status + ")";
        if (status != 200) {
            java.util.regex.Matcher error = java.util.regex.Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                    .matcher(body == null ? "" : body);
            summary += ": " + (error.find() ? abbreviate(error.group(1), 200) : abbreviate(body, 200));
        }
        return summary + "   (" + "GET /api/health for the details)";
    }

    private static String orUnknown(String s) {
        return s == null ? "" : s;
    }

    private static String abbreviate(String s, int max) {
        String flat = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }
}
