package io.codecheck.ra.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The resolved, validated connection configuration: what the adapter hands to pgjdbc and shows to operators.
 *
 * <h2>Precedence</h2>
 * Each setting is decided on its own, by the first of these that sets it:
 * <ol>
 * <li>the individual resource property ({@code serverName}, {@code user}, {@code sslMode}, ...);</li>
 * <li>the same value inside the {@code url} resource property (its host list, user info, database, parameters);</li>
 * <li>the same value inside the {@code DATABASE_URL} environment variable;</li>
 * <li>the seed's {@code DB_*} environment variable ({@code DB_HOST}, {@code DB_PORT}, {@code DB_USER},
 * {@code DB_PASSWORD}, {@code DB_NAME}, {@code DB_SSLMODE}, {@code DB_SSLROOTCERT}, {@code DB_SSLCERT},
 * {@code DB_SSLKEY}, {@code DB_TIMEOUT} (connect and login timeout, s), {@code DB_STATEMENT_TIMEOUT} (ms),
 * {@code DB_IDLE_TIMEOUT} (idle-in-transaction timeout, ms));</li>
 * <li>the {@link Defaults}.</li>
 * </ol>
 * Empty values count as unset at every level. So {@code user=app} as a resource property with
 * {@code DATABASE_URL=postgres://heroku:pw@host/db} connects to {@code host/db} as {@code app} with password
 * {@code pw}. A host's own port ({@code h:6432}) beats {@code portNumber} from the same or a lower level but not
 * from a higher one. Only the winning value is validated, except that a URL must always parse as a whole.
 *
 * <p>Secrets (password, sslPassword) have no getters and appear in no {@code toString}, message or view; they
 * only reach pgjdbc through {@link #driverProperties()}.
 */
public final class ConnectionSettings {

    private final List<HostSpec> hosts;
    private final String databaseName;
    private final String user;
    private final String password;
    /** Where the password is read from at every login instead, or null. */
    private final PasswordFile passwordFile;
    private final SslSettings ssl;
    private final int connectTimeoutSeconds;
    private final int loginTimeoutSeconds;
    private final int socketTimeoutSeconds;
    private final int statementTimeoutMillis;
    private final int idleInTransactionTimeoutMillis;
    private final boolean readOnly;
    private final String targetServerType;
    private final boolean loadBalanceHosts;
    private final String applicationName;
    private final int validationTimeoutMillis;
    private final int validationIntervalMillis;
    private final int maxReplicaLagMillis;
    private final ReplicaLagFallback replicaLagFallback;
    private final int leakDetectionThresholdMillis;
    private final int maxLifetimeMillis;
    private final SessionReset sessionReset;
    /** {@code sessionReset == ALWAYS}, read on every return of a session */
    private final boolean resetEverySession;
    private final TransactionMode transactionMode;
    private final String poolName;
    private final String options;
    private final boolean readOnlyAfterLogin;
    private final PoolerMode poolerMode;
    /** SET right after login and after every DISCARD ALL (session settings that are no startup parameter), or null. */
    private final String sessionSetupSql;
    /** poolerMode=transaction: the SET LOCALs every transaction starts with, or null when there is nothing to set. */
    private final String transactionSettingsSql;
    /** pass-through pgjdbc properties, never secrets (password and sslpassword are rejected there) */
    private final Map<String, String> extraDriverProperties;
    private final Map<String, String> sources;
    /** Per property, its effective value as views show it; absent = not shown (portNumber, url, unset files). */
    private final Map<Property, String> shown;

    private ConnectionSettings(Resolver r) {
        Raw hostsRaw = r.pick(Property.SERVER_NAME);
        Raw portRaw = r.pick(Property.PORT_NUMBER);
        this.hosts = hosts(hostsRaw, portRaw);
        r.show(Property.SERVER_NAME, String.join(",", hosts())); // the ports are in it: portNumber is not shown
        this.databaseName = r.text(Property.DATABASE_NAME);
        this.user = r.text(Property.USER);
        Raw passwordRaw = r.pick(Property.PASSWORD);
        this.password = passwordRaw == null ? null : passwordRaw.text();
        r.show(Property.PASSWORD, password != null);
        this.passwordFile = passwordFile(r.pick(Property.PASSWORD_FILE), passwordRaw);
        r.show(Property.PASSWORD_FILE, passwordFile == null ? null : passwordFile.path());
        this.statementTimeoutMillis = r.integer(Property.STATEMENT_TIMEOUT);
        this.idleInTransactionTimeoutMillis = r.integer(Property.IDLE_IN_TRANSACTION_TIMEOUT);
        this.connectTimeoutSeconds = r.integer(Property.CONNECT_TIMEOUT);
        this.loginTimeoutSeconds = r.integer(Property.LOGIN_TIMEOUT);
        Raw socketRaw = r.pick(Property.SOCKET_TIMEOUT);
        this.socketTimeoutSeconds =
                r.integer(Property.SOCKET_TIMEOUT, Defaults.socketTimeoutSeconds(statementTimeoutMillis));
        this.readOnly = r.bool(Property.READ_ONLY);
        Raw tstRaw = r.pick(Property.TARGET_SERVER_TYPE);
        this.targetServerType = r.show(Property.TARGET_SERVER_TYPE, tstRaw == null
                ? Defaults.targetServerType(readOnly, hosts.size()) : TargetServerTypes.parse(tstRaw));
        this.loadBalanceHosts = r.bool(Property.LOAD_BALANCE_HOSTS, Defaults.loadBalanceHosts(readOnly, hosts.size()));
        this.applicationName = r.text(Property.APPLICATION_NAME);
        this.validationTimeoutMillis = r.show(Property.VALIDATION_TIMEOUT, validationTimeout(
                r.pick(Property.VALIDATION_TIMEOUT), socketTimeoutSeconds, socketRaw, statementTimeoutMillis));
        this.validationIntervalMillis = r.integer(Property.VALIDATION_INTERVAL);
        this.maxReplicaLagMillis = maxReplicaLag(r.pick(Property.MAX_REPLICA_LAG), readOnly, targetServerType);
        r.show(Property.MAX_REPLICA_LAG, maxReplicaLagMillis);
        this.replicaLagFallback = r.show(Property.REPLICA_LAG_FALLBACK, replicaLagFallback(
                r.pick(Property.REPLICA_LAG_FALLBACK), maxReplicaLagMillis, targetServerType));
        this.leakDetectionThresholdMillis = r.integer(Property.LEAK_DETECTION_THRESHOLD);
        this.maxLifetimeMillis = r.show(Property.MAX_LIFETIME, maxLifetime(r.pick(Property.MAX_LIFETIME)));
        Raw resetRaw = r.pick(Property.SESSION_RESET);
        this.sessionReset = r.show(Property.SESSION_RESET, resetRaw == null
                ? SessionReset.valueOf(Defaults.SESSION_RESET.toUpperCase(Locale.ROOT)) : SessionReset.parse(resetRaw));
        this.resetEverySession = sessionReset == SessionReset.ALWAYS;
        Raw txRaw = r.pick(Property.TRANSACTION_SUPPORT_LEVEL);
        this.transactionMode = r.show(Property.TRANSACTION_SUPPORT_LEVEL,
                txRaw == null ? Defaults.transactionMode(readOnly) : TransactionMode.parse(txRaw));
        Raw poolRaw = r.pick(Property.POOL_NAME);
        if (poolRaw != null && poolRaw.text().isBlank()) {
            throw poolRaw.invalid("a pool name must not be blank (leave it unset for " + databaseName
                    + Defaults.POOL_NAME_SUFFIX_READ_WRITE + "/" + Defaults.POOL_NAME_SUFFIX_READ_ONLY + ")");
        }
        this.poolName = r.show(Property.POOL_NAME,
                poolRaw == null ? Defaults.poolName(databaseName, readOnly) : poolRaw.text().trim());

        Map<String, Raw> passThrough = r.driverProperties();
        this.ssl = SslSettings.resolve(r.pick(Property.SSL_MODE), r.pick(Property.SSL_ROOT_CERT),
                r.pick(Property.SSL_CERT), r.pick(Property.SSL_KEY), r.pick(Property.SSL_PASSWORD), r.userHome(),
                passThrough);
        r.show(Property.SSL_MODE, ssl.mode().libpqName());
        r.show(Property.SSL_ROOT_CERT, ssl.systemTrust() ? SslSettings.SYSTEM : ssl.rootCert());
        r.show(Property.SSL_CERT, ssl.cert());
        r.show(Property.SSL_KEY, ssl.key());
        r.show(Property.SSL_PASSWORD, ssl.key() == null ? null : ssl.hasSslPassword());
        // With a targetServerType other than "any", pgjdbc classifies each server by "show transaction_read_only"
        // right after login: a primary whose sessions start read-only would pass for a standby (and fail a
        // "primary" check). Such resources make the session read-only right after login (PhysicalConnector) and
        // again after DISCARD ALL (SessionState) instead of through the startup parameter.
        this.readOnlyAfterLogin = readOnly && !"any".equals(targetServerType);
        Raw poolerRaw = r.pick(Property.POOLER_MODE);
        this.poolerMode = r.show(Property.POOLER_MODE, poolerRaw == null
                ? PoolerMode.valueOf(Defaults.POOLER_MODE.toUpperCase(Locale.ROOT)) : PoolerMode.parse(poolerRaw));
        if (poolerMode == PoolerMode.NONE) {
            this.options = SessionOptions.build(statementTimeoutMillis, idleInTransactionTimeoutMillis,
                    readOnly && !readOnlyAfterLogin, passThrough.get("options"));
            this.sessionSetupSql = readOnlyAfterLogin ? SessionOptions.READ_ONLY_SQL : null;
            this.transactionSettingsSql = null;
        } else {
            SessionOptions.refuseBehindPooler(passThrough.get("options"), poolerMode);
            this.options = null;
            this.sessionSetupSql = poolerMode == PoolerMode.SESSION
                    ? SessionOptions.sessionSql(statementTimeoutMillis, idleInTransactionTimeoutMillis, readOnly) : null;
            this.transactionSettingsSql = poolerMode == PoolerMode.TRANSACTION
                    ? SessionOptions.transactionSql(statementTimeoutMillis, idleInTransactionTimeoutMillis) : null;
        }
        Map<String, String> extra = new LinkedHashMap<>();
        passThrough.forEach((name, raw) -> {
            if (!name.equals("options")) {
                extra.put(name, raw.text());
            }
        });
        this.extraDriverProperties = Collections.unmodifiableMap(extra);
        r.show(Property.DRIVER_PROPERTIES, extra.isEmpty() ? null : extra.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";")));
        this.sources = Collections.unmodifiableMap(r.sources());
        this.shown = r.shown();
    }

    /**
     * Resolves the configuration (see the class comment for precedence).
     *
     * @throws ConfigurationException naming the offending property and what it accepts; never containing a secret
     */
    public static ConnectionSettings resolve(PropertyValues values, Environment env) {
        Set<String> secrets = new LinkedHashSet<>();
        try {
            secrets.add(values.text(Property.PASSWORD));
            secrets.add(values.text(Property.SSL_PASSWORD));
            secrets.add(env.get(Property.PASSWORD.envVar()));
            List<Layer> layers = new ArrayList<>();
            layers.add(Layers.resourceProperties(values));
            addIfPresent(layers, Layers.urlProperty(values), secrets);
            addIfPresent(layers, Layers.databaseUrl(values, env), secrets);
            layers.add(Layers.environment(env));
            Resolver resolver = new Resolver(layers, env);
            resolver.show(Property.URL_VARIABLE, Layers.urlVariable(values));
            return new ConnectionSettings(resolver);
        } catch (ConfigurationException e) {
            throw scrub(e, secrets);
        }
    }

    private static void addIfPresent(List<Layer> layers, Layer layer, Set<String> secrets) {
        if (layer != null) {
            layers.add(layer);
            Raw p = layer.get(Property.PASSWORD);
            secrets.add(p == null ? null : p.text());
            Raw sp = layer.get(Property.SSL_PASSWORD);
            secrets.add(sp == null ? null : sp.text());
        }
    }

    /** Second line of defence: messages are built without secrets, but a value may have been put in the wrong place. */
    private static ConfigurationException scrub(ConfigurationException e, Set<String> secrets) {
        String message = e.getMessage();
        boolean changed = false;
        for (String secret : secrets) {
            // very short secrets would mangle ordinary words and are not worth hiding from a message
            if (secret != null && secret.length() >= 4 && message.contains(secret)) {
                message = message.replace(secret, UrlMasker.MASK);
                changed = true;
            }
        }
        if (!changed) {
            return e;
        }
        ConfigurationException clean = new ConfigurationException(e.property(), message);
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    private static List<HostSpec> hosts(Raw hostsRaw, Raw portRaw) {
        Integer port = portRaw == null ? null : HostList.parsePort(portRaw.text(), portRaw);
        List<HostSpec> parsed = hostsRaw == null
                ? List.of(new HostSpec(Defaults.SERVER_NAME, null)) : HostList.parse(hostsRaw);
        Source hostsSource = hostsRaw == null ? Source.DEFAULT : hostsRaw.source();
        List<HostSpec> result = new ArrayList<>();
        for (HostSpec h : parsed) {
            boolean ownPortWins = h.port() != null
                    && (portRaw == null || hostsSource.outranksOrEquals(portRaw.source()));
            int p = ownPortWins ? h.port() : port != null ? port : Defaults.PORT_NUMBER;
            result.add(h.withPort(p));
        }
        return List.copyOf(result);
    }

    // ---------------------------------------------------------------------------------------------- for pgjdbc

    /** {@code jdbc:postgresql://h1:p1,h2:p2/db}: no credentials, no parameters (they are all in the properties). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hosts.stream().map(HostSpec::display).collect(Collectors.joining(","))
                + "/" + encodePathSegment(databaseName);
    }

    private static PasswordFile passwordFile(Raw fileRaw, Raw passwordRaw) {
        if (fileRaw == null) {
            return null;
        }
        if (passwordRaw != null) {
            throw new ConfigurationException(Property.PASSWORD_FILE.property(), "password (" + passwordRaw.origin()
                    + ") and passwordFile (" + fileRaw.origin() + ") are both set; set one of them");
        }
        if (!exists(fileRaw.text().strip())) {
            // not echoed: a password put in DB_PASSWORD_FILE by mistake would be printed
            throw new ConfigurationException(Property.PASSWORD_FILE.property(), fileRaw.origin()
                    + " names no existing file (its value is not shown, in case it is a password set there by "
                    + "mistake); it must be the path of a file holding the password");
        }
        PasswordFile file = new PasswordFile(CertificateFiles.readableFile(fileRaw));
        file.read(); // an empty or unreadable file is refused at deployment, not at the first login
        return file;
    }

    private static boolean exists(String path) {
        try {
            return !path.isEmpty() && Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The configured password: from passwordFile as it is now, else the property's; null when none. */
    private String password() {
        return passwordFile != null ? passwordFile.read() : password;
    }

    /**
     * Everything pgjdbc needs besides the URL, with the configured credentials. A fresh copy each call.
     *
     * @throws ConfigurationException when passwordFile cannot be read now (naming the file, never its content)
     */
    public Properties driverProperties() {
        return buildProperties(user, password());
    }

    /**
     * The same with per-request credentials (from a connection request). A {@code null} user means the configured
     * user and password. The configured password is never sent on behalf of a different user: for another user,
     * only the given password (possibly none) is used.
     */
    public Properties driverProperties(String requestUser, String requestPassword) {
        if (requestUser == null || requestUser.isEmpty()) {
            return buildProperties(user, requestPassword != null ? requestPassword : password());
        }
        String pw = requestPassword != null ? requestPassword : requestUser.equals(user) ? password() : null;
        return buildProperties(requestUser, pw);
    }

    private Properties buildProperties(String u, String pw) {
        Properties p = new Properties();
        extraDriverProperties.forEach(p::setProperty);
        p.setProperty("user", u);
        if (pw != null) {
            p.setProperty("password", pw);
        }
        ssl.applyTo(p);
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        p.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("targetServerType", targetServerType);
        p.setProperty("loadBalanceHosts", Boolean.toString(loadBalanceHosts));
        if (options != null) {
            p.setProperty("options", options);
        }
        if (poolerMode == PoolerMode.TRANSACTION) {
            // a named server-side statement lives in one server connection, and the next transaction may run on
            // another (PgBouncer 1.21+ with max_prepared_statements can map them: set prepareThreshold yourself)
            p.putIfAbsent("prepareThreshold", "0");
        }
        // With a known modern server pgjdbc sends application_name and extra_float_digits in the startup packet
        // instead of SET commands after login: one round trip less per connection, and, being startup
        // parameters, they are the session's reset values, so DISCARD ALL on return keeps them.
        p.putIfAbsent("assumeMinServerVersion", "9.4");
        return p;
    }

    /** Percent-encodes all but RFC 3986 unreserved characters; pgjdbc URL-decodes the database name. */
    static String encodePathSegment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------- getters

    public String user() {
        return user;
    }

    public boolean hasPassword() {
        return password != null || passwordFile != null;
    }

    /**
     * A watch over the files sessions log in with (passwordFile, sslCert, sslKey), or null when there are none: when
     * one changes, sessions opened before are to be replaced.
     */
    public FileWatch credentialFiles() {
        List<Path> files = new ArrayList<>();
        if (passwordFile != null) {
            files.add(passwordFile.path());
        }
        if (ssl.cert() != null) {
            files.add(ssl.cert());
        }
        if (ssl.key() != null) {
            files.add(ssl.key());
        }
        return files.isEmpty() ? null : new FileWatch(files);
    }

    /** {@code host:port} for each host, in order (IPv6 in brackets). */
    public List<String> hosts() {
        return hosts.stream().map(HostSpec::display).collect(Collectors.toUnmodifiableList());
    }

    public String databaseName() {
        return databaseName;
    }

    /** The configured mode, with libpq meaning (what pgjdbc is told may differ; see {@link #pgjdbcSslMode()}). */
    public SslMode sslMode() {
        return ssl.mode();
    }

    /** The {@code sslmode} given to pgjdbc, e.g. {@code verify-ca} for libpq {@code require} with a root cert. */
    public String pgjdbcSslMode() {
        return ssl.pgjdbcMode();
    }

    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Read-only set by {@code SET SESSION default_transaction_read_only = on} after login (and after every
     * {@code DISCARD ALL}) rather than as a startup parameter: for read-only resources whose targetServerType makes
     * pgjdbc tell primaries from standbys.
     */
    public boolean readOnlyAfterLogin() {
        return readOnlyAfterLogin;
    }

    /** pgjdbc spelling: any, primary, secondary, preferSecondary, preferPrimary. */
    public String targetServerType() {
        return targetServerType;
    }

    public boolean loadBalanceHosts() {
        return loadBalanceHosts;
    }

    public int statementTimeoutMillis() {
        return statementTimeoutMillis;
    }

    public int idleInTransactionTimeoutMillis() {
        return idleInTransactionTimeoutMillis;
    }

    public int connectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    public int loginTimeoutSeconds() {
        return loginTimeoutSeconds;
    }

    public int socketTimeoutSeconds() {
        return socketTimeoutSeconds;
    }

    public String applicationName() {
        return applicationName;
    }

    public int validationTimeoutMillis() {
        return validationTimeoutMillis;
    }

    /** The validation timeout as pgjdbc's {@code isValid(int seconds)} takes it: exact, it is whole seconds. */
    public int validationTimeoutSeconds() {
        return validationTimeoutMillis / 1000;
    }

    /**
     * pgjdbc's {@code isValid} takes whole seconds and only ever shortens the socket timeout for the round trip, so
     * a validation ends at whichever is shorter. Only values that apply exactly are accepted: whole seconds, no
     * longer than the socket timeout. The default follows a shorter socket timeout instead of being refused.
     */
    private static int validationTimeout(Raw raw, int socketTimeoutSeconds, Raw socketRaw,
            int statementTimeoutMillis) {
        if (raw == null) {
            return Defaults.validationTimeoutMillis(socketTimeoutSeconds);
        }
        int millis = Values.wholeSecondsInMillis(raw, "pgjdbc bounds a validation in whole seconds");
        if (socketTimeoutSeconds > 0 && millis > socketTimeoutSeconds * 1000L) {
            String socket = socketRaw == null
                    ? "socketTimeout (" + socketTimeoutSeconds + " s by default: statementTimeout "
                            + statementTimeoutMillis + " ms rounded up to seconds, + "
                            + Defaults.SOCKET_TIMEOUT_MARGIN_SECONDS + " s)"
                    : socketRaw.origin().equals(Property.SOCKET_TIMEOUT.property())
                            ? "socketTimeout (" + socketTimeoutSeconds + " s)"
                            : "socketTimeout (" + socketTimeoutSeconds + " s, from " + socketRaw.origin() + ")";
            throw raw.invalid("expected at most " + socketTimeoutSeconds * 1000L + ", because " + socket
                    + " also ends a validation; lower validationTimeout or raise socketTimeout");
        }
        return millis;
    }

    public int validationIntervalMillis() {
        return validationIntervalMillis;
    }

    /** 0 = lag-aware reads off. */
    public int maxReplicaLagMillis() {
        return maxReplicaLagMillis;
    }

    /** What to do when every standby lags more than {@link #maxReplicaLagMillis()}. */
    public ReplicaLagFallback replicaLagFallback() {
        return replicaLagFallback;
    }

    /**
     * {@code jdbc:postgresql://...} over the hosts not in {@code left}, in order; null when none is left. For opening
     * a session while lagging standbys are avoided: pgjdbc picks among the hosts itself.
     */
    public String jdbcUrlWithout(Set<String> left) {
        List<String> kept = hosts().stream().filter(h -> !left.contains(h)).collect(Collectors.toList());
        return kept.isEmpty() ? null : "jdbc:postgresql://" + String.join(",", kept) + "/"
                + encodePathSegment(databaseName);
    }

    /**
     * maxReplicaLag only means something where standbys are read: refused, naming what to change, on a read-write
     * resource and with targetServerType=primary (rather than ignored, which would look like protection).
     */
    private static int maxReplicaLag(Raw raw, boolean readOnly, String targetServerType) {
        if (raw == null) {
            return Defaults.MAX_REPLICA_LAG_MILLIS;
        }
        int millis = Values.millis(raw, 0);
        if (millis > 0 && !readOnly) {
            throw raw.invalid("maxReplicaLag applies to read-only resources only (readOnly=true), which read from "
                    + "standbys; a read-write resource always uses the primary. Set readOnly=true or remove "
                    + "maxReplicaLag");
        }
        if (millis > 0 && "primary".equals(targetServerType)) {
            throw raw.invalid("with targetServerType=primary no standby is ever used, so no lag can be avoided; "
                    + "use targetServerType=preferSecondary (or secondary, any) or remove maxReplicaLag");
        }
        return millis;
    }

    private static ReplicaLagFallback replicaLagFallback(Raw raw, int maxReplicaLagMillis, String targetServerType) {
        ReplicaLagFallback fallback = raw == null
                ? ReplicaLagFallback.valueOf(Defaults.REPLICA_LAG_FALLBACK.toUpperCase(Locale.ROOT))
                : ReplicaLagFallback.parse(raw);
        if (maxReplicaLagMillis > 0 && fallback == ReplicaLagFallback.PRIMARY && "secondary".equals(targetServerType)) {
            String what = raw == null ? "replicaLagFallback=primary (the default)" : "replicaLagFallback=primary";
            throw new ConfigurationException(Property.REPLICA_LAG_FALLBACK.property(), what + " cannot fall back to "
                    + "the primary with targetServerType=secondary, which never connects to one: set "
                    + "replicaLagFallback=fail, or targetServerType=preferSecondary");
        }
        return fallback;
    }

    /** 0 = off. */
    public int leakDetectionThresholdMillis() {
        return leakDetectionThresholdMillis;
    }

    /** 0 = sessions are never replaced for their age. */
    public int maxLifetimeMillis() {
        return maxLifetimeMillis;
    }

    private static int maxLifetime(Raw raw) {
        if (raw == null) {
            return Defaults.MAX_LIFETIME_MILLIS;
        }
        int millis = Values.millis(raw, 0);
        if (millis > 0 && millis < Defaults.MAX_LIFETIME_MIN_MILLIS) {
            throw raw.invalid("expected 0 (off) or at least " + Defaults.MAX_LIFETIME_MIN_MILLIS + " milliseconds"
                    + " (at most " + Values.MAX_MILLIS + ")");
        }
        return millis;
    }

    /** When a returned session gets {@code DISCARD ALL}: see {@link SessionReset}. */
    public SessionReset sessionReset() {
        return sessionReset;
    }

    /**
     * Whether every returned session is reset with {@code DISCARD ALL} ({@code sessionReset=always}), whatever its
     * SQL text proved.
     */
    public boolean resetEverySession() {
        return resetEverySession;
    }

    /** How the container enlists this resource: the {@code transactionSupportLevel} property or its default. */
    public TransactionMode transactionMode() {
        return transactionMode;
    }

    public String poolName() {
        return poolName;
    }

    /** The {@code options} startup parameter (server-side session settings); null behind a pooler. */
    public String sessionOptions() {
        return options;
    }

    /** The pooler in front: see {@link PoolerMode}. */
    public PoolerMode poolerMode() {
        return poolerMode;
    }

    /** {@code poolerMode=transaction}: each transaction may run on another server connection. */
    public boolean transactionPooling() {
        return poolerMode == PoolerMode.TRANSACTION;
    }

    /**
     * The session settings that are no startup parameter, to SET right after login and after every
     * {@code DISCARD ALL}, in one round trip; null when there are none. With {@code poolerMode=session}: the
     * timeouts and the read-only default; with none: the read-only default of {@link #readOnlyAfterLogin()}.
     */
    public String sessionSetupSql() {
        return sessionSetupSql;
    }

    /**
     * With {@code poolerMode=transaction}: {@code SET LOCAL} of the timeouts that are not 0, for the start of every
     * transaction; null when there is nothing to set (and in the other modes).
     */
    public String transactionSettingsSql() {
        return transactionSettingsSql;
    }

    /**
     * Where each setting came from: property name → "resource property", "url resource property",
     * "DATABASE_URL environment variable", "DB_* environment variable" (named) or "default". Ordered.
     */
    public Map<String, String> sources() {
        return sources;
    }

    /**
     * Property name → value, ordered, for monitoring. Secrets are left out (only {@code passwordSet} /
     * {@code sslPasswordSet} say whether there is one).
     */
    public Map<String, String> operatorView() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jdbcUrl", jdbcUrl());
        for (Property p : Property.values()) {
            String value = shown.get(p);
            if (value == null) {
                continue;
            }
            m.put(p.secret() ? p.property() + "Set" : p.property(), value);
            // what no single property says, next to the properties it follows from
            if (p == Property.SSL_MODE) {
                m.put("pgjdbcSslMode", ssl.pgjdbcMode());
            } else if (p == Property.POOL_NAME && options != null) {
                m.put("options", options);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** One line, no secrets: for logs and MBeans. Timeouts carry their unit. */
    public String describe() {
        StringBuilder sb = new StringBuilder("ConnectionSettings[").append(jdbcUrl());
        for (Property p : Property.values()) {
            switch (p) {
                case URL, SERVER_NAME, PORT_NUMBER, DATABASE_NAME -> {
                    // in the JDBC URL
                }
                case SSL_ROOT_CERT, SSL_CERT, SSL_KEY, SSL_PASSWORD -> {
                    // in ssl=
                }
                case SSL_MODE -> sb.append(", ssl=").append(ssl.describe());
                case PASSWORD -> sb.append(", password=").append(hasPassword() ? "set" : "none");
                case DRIVER_PROPERTIES -> {
                    if (!extraDriverProperties.isEmpty()) {
                        sb.append(", driverProperties=").append(extraDriverProperties);
                    }
                }
                default -> {
                    String value = shown.get(p);
                    if (value != null) {
                        sb.append(", ").append(p.property()).append('=').append(value).append(p.kind().unit());
                    }
                }
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    // ---------------------------------------------------------------------------------------------- resolution

    /** Picks, per field, the first layer that sets it, and remembers where each winner came from. */
    private static final class Resolver {
        private final List<Layer> layers;
        private final Environment env;
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Map<Property, String> shown = new EnumMap<>(Property.class);

        Resolver(List<Layer> layers, Environment env) {
            this.layers = layers;
            this.env = env;
        }

        Raw pick(Property field) {
            for (Layer layer : layers) {
                Raw raw = layer.get(field);
                if (raw != null) {
                    sources.put(field.property(), describe(raw));
                    return raw;
                }
            }
            sources.put(field.property(), Source.DEFAULT.description());
            return null;
        }

        private static String describe(Raw raw) {
            // DATABASE_URL's layer may come from the variable urlVariable names
            return raw.source() == Source.ENVIRONMENT || raw.source() == Source.DATABASE_URL
                    ? raw.property() + " environment variable" : raw.source().description();
        }

        /** The value as given, or the property's fixed default. */
        String text(Property property) {
            Raw raw = pick(property);
            return show(property, raw == null ? (String) property.defaultValue() : raw.text());
        }

        /** Seconds or milliseconds per the property's kind, or the property's fixed default. */
        int integer(Property property) {
            return integer(property, (Integer) property.defaultValue());
        }

        /** The same with a default derived from other settings. */
        int integer(Property property, int fallback) {
            Raw raw = pick(property);
            return show(property, raw == null ? fallback : switch (property.kind()) {
                case SECONDS -> Values.seconds(raw);
                case MILLIS -> Values.millis(raw, 0);
                default -> Values.integer(raw, 0, Integer.MAX_VALUE, "");
            });
        }

        boolean bool(Property property) {
            return bool(property, (Boolean) property.defaultValue());
        }

        boolean bool(Property property, boolean fallback) {
            Raw raw = pick(property);
            return show(property, raw == null ? fallback : Values.bool(raw));
        }

        /** Records the effective value that the views show (null: not shown); returns it. */
        <T> T show(Property property, T value) {
            if (value == null) {
                shown.remove(property);
            } else {
                shown.put(property, value.toString());
            }
            return value;
        }

        Map<Property, String> shown() {
            return Collections.unmodifiableMap(new EnumMap<>(shown));
        }

        /** Pass-through pgjdbc properties, per name: driverProperties > url > DATABASE_URL. */
        Map<String, Raw> driverProperties() {
            Map<String, Raw> merged = new LinkedHashMap<>();
            for (Layer layer : layers) {
                layer.driverProperties().forEach(merged::putIfAbsent);
            }
            return merged;
        }

        String userHome() {
            return env.get(Environment.USER_HOME);
        }

        /** In {@link Property} order, whatever order the fields were resolved in. */
        Map<String, String> sources() {
            Map<String, String> ordered = new LinkedHashMap<>();
            for (Property f : Property.values()) {
                if (sources.containsKey(f.property())) {
                    ordered.put(f.property(), sources.get(f.property()));
                }
            }
            return ordered;
        }
    }
}
