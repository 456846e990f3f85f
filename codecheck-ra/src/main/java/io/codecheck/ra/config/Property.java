package io.codecheck.ra.config;

/**
 * One constant per property of the managed connection factory: everything the adapter knows about a property in one
 * place. It drives the resolution ({@link Layers}, {@link ConnectionSettings}: environment variable, default,
 * secrecy), {@link ConnectionSettings#describe()} and {@link ConnectionSettings#operatorView()} (declaration order is
 * their order; the unit is appended in {@code describe()}), {@link PropertyValues}, and the property table of
 * {@code docs/configuration.md} (written and checked by {@code PropertyTableTest}). The factory's
 * {@code @ConfigProperty} annotations take their text from {@link Doc}, which the constants take too, and
 * {@code PropertyInventoryTest} fails when a factory property has no constant here, or a constant no property.
 *
 * <p>Adding a property: a constant here (with its {@link Doc} text), the factory's field and accessors, and the line
 * of {@link ConnectionSettings} that reads it (plus its field and getter); then run {@code PropertyTableTest} with
 * {@code -Dcodecheck.writeDocs=true} to regenerate the table.
 */
public enum Property {
    URL(Group.ESSENTIAL, "url", Kind.URL, Layers.DATABASE_URL, null, Doc.URL),
    URL_VARIABLE(Group.FREQUENT, "urlVariable", Kind.TEXT, null, Layers.DATABASE_URL, Doc.URL_VARIABLE),
    SERVER_NAME(Group.ESSENTIAL, "serverName", Kind.TEXT, "DB_HOST", Defaults.SERVER_NAME, Doc.SERVER_NAME),
    PORT_NUMBER(Group.ESSENTIAL, "portNumber", Kind.INTEGER, "DB_PORT", Defaults.PORT_NUMBER, Doc.PORT_NUMBER),
    DATABASE_NAME(Group.ESSENTIAL, "databaseName", Kind.TEXT, "DB_NAME", Defaults.DATABASE_NAME,
            Doc.DATABASE_NAME),
    USER(Group.ESSENTIAL, "user", Kind.TEXT, "DB_USER", Defaults.USER, Doc.USER),
    PASSWORD(Group.ESSENTIAL, "password", Kind.SECRET, "DB_PASSWORD", null, Doc.PASSWORD),
    PASSWORD_FILE(Group.FREQUENT, "passwordFile", Kind.TEXT, "DB_PASSWORD_FILE", null, Doc.PASSWORD_FILE),
    SSL_MODE(Group.FREQUENT, "sslMode", Kind.CHOICE, "DB_SSLMODE", Defaults.SSL_MODE, Doc.SSL_MODE,
            SslMode.allowedValues()),
    SSL_ROOT_CERT(Group.FREQUENT, "sslRootCert", Kind.TEXT, "DB_SSLROOTCERT", null, Doc.SSL_ROOT_CERT),
    SSL_CERT(Group.FREQUENT, "sslCert", Kind.TEXT, "DB_SSLCERT", null, Doc.SSL_CERT),
    SSL_KEY(Group.FREQUENT, "sslKey", Kind.TEXT, "DB_SSLKEY", null, Doc.SSL_KEY),
    SSL_PASSWORD(Group.FREQUENT, "sslPassword", Kind.SECRET, null, null, Doc.SSL_PASSWORD),
    READ_ONLY(Group.ESSENTIAL, "readOnly", Kind.BOOLEAN, null, Defaults.READ_ONLY, Doc.READ_ONLY),
    TARGET_SERVER_TYPE(Group.FREQUENT, "targetServerType", Kind.CHOICE, null, null, Doc.TARGET_SERVER_TYPE,
            TargetServerTypes.ALLOWED),
    LOAD_BALANCE_HOSTS(Group.FREQUENT, "loadBalanceHosts", Kind.BOOLEAN, null, null, Doc.LOAD_BALANCE_HOSTS),
    CONNECT_TIMEOUT(Group.RARE, "connectTimeout", Kind.SECONDS, "DB_TIMEOUT", Defaults.CONNECT_TIMEOUT_SECONDS,
            Doc.CONNECT_TIMEOUT),
    LOGIN_TIMEOUT(Group.RARE, "loginTimeout", Kind.SECONDS, "DB_TIMEOUT", Defaults.LOGIN_TIMEOUT_SECONDS,
            Doc.LOGIN_TIMEOUT),
    SOCKET_TIMEOUT(Group.RARE, "socketTimeout", Kind.SECONDS, null, null, Doc.SOCKET_TIMEOUT),
    STATEMENT_TIMEOUT(Group.FREQUENT, "statementTimeout", Kind.MILLIS, "DB_STATEMENT_TIMEOUT",
            Defaults.STATEMENT_TIMEOUT_MILLIS, Doc.STATEMENT_TIMEOUT),
    IDLE_IN_TRANSACTION_TIMEOUT(Group.FREQUENT, "idleInTransactionTimeout", Kind.MILLIS, "DB_IDLE_TIMEOUT",
            Defaults.IDLE_IN_TRANSACTION_TIMEOUT_MILLIS, Doc.IDLE_IN_TRANSACTION_TIMEOUT),
    APPLICATION_NAME(Group.FREQUENT, "applicationName", Kind.TEXT, null, Defaults.APPLICATION_NAME,
            Doc.APPLICATION_NAME),
    VALIDATION_TIMEOUT(Group.RARE, "validationTimeout", Kind.MILLIS, null, null, Doc.VALIDATION_TIMEOUT),
    VALIDATION_INTERVAL(Group.RARE, "validationInterval", Kind.MILLIS, null, Defaults.VALIDATION_INTERVAL_MILLIS,
            Doc.VALIDATION_INTERVAL),
    MAX_REPLICA_LAG(Group.RARE, "maxReplicaLag", Kind.MILLIS, null, Defaults.MAX_REPLICA_LAG_MILLIS,
            Doc.MAX_REPLICA_LAG),
    REPLICA_LAG_FALLBACK(Group.RARE, "replicaLagFallback", Kind.CHOICE, null, Defaults.REPLICA_LAG_FALLBACK,
            Doc.REPLICA_LAG_FALLBACK, ReplicaLagFallback.allowedValues()),
    LEAK_DETECTION_THRESHOLD(Group.RARE, "leakDetectionThreshold", Kind.MILLIS, null,
            Defaults.LEAK_DETECTION_THRESHOLD_MILLIS, Doc.LEAK_DETECTION_THRESHOLD),
    MAX_LIFETIME(Group.RARE, "maxLifetime", Kind.MILLIS, null, Defaults.MAX_LIFETIME_MILLIS, Doc.MAX_LIFETIME),
    SESSION_RESET(Group.RARE, "sessionReset", Kind.CHOICE, null, Defaults.SESSION_RESET, Doc.SESSION_RESET,
            SessionReset.allowedValues()),
    TRANSACTION_SUPPORT_LEVEL(Group.RARE, "transactionSupportLevel", Kind.CHOICE, null, null,
            Doc.TRANSACTION_SUPPORT_LEVEL, TransactionMode.allowedValues()),
    POOLER_MODE(Group.RARE, "poolerMode", Kind.CHOICE, null, Defaults.POOLER_MODE, Doc.POOLER_MODE,
            PoolerMode.allowedValues()),
    POOL_NAME(Group.ESSENTIAL, "poolName", Kind.TEXT, null, null, Doc.POOL_NAME),
    DRIVER_PROPERTIES(Group.RARE, "driverProperties", Kind.TEXT, null, null, Doc.DRIVER_PROPERTIES);

    /** Which table of {@code docs/configuration.md} lists the property. */
    public enum Group {
        ESSENTIAL("Essentials"),
        FREQUENT("Frequently used"),
        RARE("Rarely used");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** The property's Java type, unit and secrecy. */
    public enum Kind {
        /** Free text. */
        TEXT(String.class, ""),
        /** One of a fixed list of spellings, any case: {@link #allowedValues()}. */
        CHOICE(String.class, ""),
        /** Never shown, logged, put in a message or serialized; views say only whether it is set. */
        SECRET(String.class, ""),
        /** A connection URL, which may carry a password: never serialized, shown only masked. */
        URL(String.class, ""),
        BOOLEAN(Boolean.class, ""),
        INTEGER(Integer.class, ""),
        /** Whole seconds, 0 = no limit. */
        SECONDS(Integer.class, "s"),
        /** Milliseconds. */
        MILLIS(Integer.class, "ms");

        private final Class<?> type;
        private final String unit;

        Kind(Class<?> type, String unit) {
            this.type = type;
            this.unit = unit;
        }

        public Class<?> type() {
            return type;
        }

        /** {@code s}, {@code ms} or empty: appended to values in {@link ConnectionSettings#describe()}. */
        public String unit() {
            return unit;
        }
    }

    private final Group group;
    private final String property;
    private final Kind kind;
    private final String envVar;
    /** A String, Integer or Boolean: immutable, whatever its declared type says. */
    @SuppressWarnings("ImmutableEnumChecker")
    private final Object defaultValue;
    private final String description;
    private final String allowedValues;

    Property(Group group, String property, Kind kind, String envVar, Object defaultValue, String description) {
        this(group, property, kind, envVar, defaultValue, description, null);
    }

    Property(Group group, String property, Kind kind, String envVar, Object defaultValue, String description,
            String allowedValues) {
        this.group = group;
        this.property = property;
        this.kind = kind;
        this.envVar = envVar;
        this.defaultValue = defaultValue;
        this.description = description;
        this.allowedValues = allowedValues;
    }

    /** The resource property name, as the factory's JavaBean property and the key of the operator view. */
    public String property() {
        return property;
    }

    public Group group() {
        return group;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code String}, {@code Integer} or {@code Boolean}: the type of the factory's property. */
    public Class<?> type() {
        return kind.type();
    }

    /** The environment variable that sets it when the resource does not, or null. */
    public String envVar() {
        return envVar;
    }

    /**
     * The fixed default (of {@link #type()}), or null when there is none or it is derived from other settings; the
     * {@link #description()} says which (its last sentence, {@code Default: ...}).
     */
    public Object defaultValue() {
        return defaultValue;
    }

    /** The text of the factory's {@code @ConfigProperty} and of the documentation: one of the {@link Doc} texts. */
    public String description() {
        return description;
    }

    /** For {@link Kind#CHOICE}: the accepted spellings, comma-separated, as errors list them; else null. */
    public String allowedValues() {
        return allowedValues;
    }

    /** A value never shown anywhere (password, sslPassword): views say only whether it is set. */
    public boolean secret() {
        return kind == Kind.SECRET;
    }

    /** Never serialized and {@code confidential} in its {@code @ConfigProperty}: the secrets and {@code url}. */
    public boolean confidential() {
        return kind == Kind.SECRET || kind == Kind.URL;
    }

    /**
     * Whether the property is one setting resolved on its own by precedence (resource property, url, DATABASE_URL,
     * environment, default); {@code url} and {@code driverProperties} are sources of several settings instead, and
     * {@code urlVariable} says which variable is read in place of DATABASE_URL.
     */
    boolean layered() {
        return this != URL && this != URL_VARIABLE && this != DRIVER_PROPERTIES;
    }

    /**
     * The descriptions, as compile-time constants because {@code @ConfigProperty(description = ...)} needs them:
     * the factory's annotations and the {@link Property} constants both refer to these. Plain text (consoles show
     * it); the last sentence, {@code Default: ...}, fills the default column of the documentation.
     */
    public static final class Doc {
        public static final String URL = "Connection URL, either postgresql://user:password@host:port/db?sslmode=... "
                + "(as in DATABASE_URL) or jdbc:postgresql://host:port/db?... Individually set properties win over the "
                + "values in it. Never logged or shown (it may carry the password).";
        public static final String URL_VARIABLE = "The environment variable read in place of DATABASE_URL, such as "
                + "DATABASE_READONLY_URL for a read-only resource that logs in as a role of its own. When it is unset "
                + "or empty, DATABASE_URL is read; the two are never mixed. Default: " + Layers.DATABASE_URL + ".";
        public static final String SERVER_NAME = "Host name, or several as h1:p1,h2:p2 (replicas). Default: "
                + Defaults.SERVER_NAME + ".";
        public static final String PORT_NUMBER = "Port for hosts named without one. Default: "
                + Defaults.PORT_NUMBER + ".";
        public static final String DATABASE_NAME = "Database name. Default: " + Defaults.DATABASE_NAME + ".";
        public static final String USER = "Login role. Default: " + Defaults.USER + ".";
        public static final String PASSWORD = "Password of the login role. Never logged, shown or put in messages.";
        public static final String PASSWORD_FILE = "File holding the password (a mounted Kubernetes or Docker "
                + "secret, a file a vault agent writes), read whenever a session is opened; one trailing newline is "
                + "ignored. When the file changes (checked at most once a second, on borrow), every session is "
                + "replaced when next idle, so a rotated password needs no redeploy: change the role's password "
                + "first, then the file. Not together with password.";
        public static final String SSL_MODE = "TLS mode with libpq semantics: disable, allow, prefer, require, "
                + "verify-ca, verify-full. require with a root certificate verifies the CA, as libpq does. Default: "
                + Defaults.SSL_MODE + ".";
        public static final String SSL_ROOT_CERT = "PEM file of the CA certificate(s) that signed the server "
                + "certificate, or 'system' for the JVM trust store (with verify-full). "
                + "Default: ~/.postgresql/root.crt when it exists.";
        public static final String SSL_CERT = "PEM file of the client certificate, for certificate login.";
        public static final String SSL_KEY = "Client key: PKCS#8 DER (.pk8), PKCS#12 (.p12/.pfx) or unencrypted "
                + "PKCS#8 PEM.";
        public static final String SSL_PASSWORD = "Passphrase of sslKey. Never logged or shown.";
        public static final String READ_ONLY = "Make every session read-only on the server "
                + "(default_transaction_read_only): writes fail with 25006. Default: " + Defaults.READ_ONLY + ".";
        public static final String TARGET_SERVER_TYPE = "Which server of several to use: any, primary, secondary, "
                + "preferSecondary, preferPrimary. Default: primary; for a read-only resource preferSecondary with "
                + "several hosts, any with one.";
        public static final String LOAD_BALANCE_HOSTS = "Spread sessions over the hosts at random. Default: true for "
                + "a read-only resource with several hosts, else false.";
        public static final String CONNECT_TIMEOUT = "Seconds to wait for the TCP connection; 0 = no limit, at most "
                + Values.MAX_SECONDS + " (pgjdbc turns it into an int of milliseconds). Default: "
                + Defaults.CONNECT_TIMEOUT_SECONDS + ".";
        public static final String LOGIN_TIMEOUT = "Seconds to wait for the whole login (TCP, TLS, authentication); "
                + "0 = no limit, at most " + Values.MAX_SECONDS + ". Default: " + Defaults.LOGIN_TIMEOUT_SECONDS + ".";
        public static final String SOCKET_TIMEOUT = "Seconds a single read from the server may block, so that a "
                + "server that accepts TCP and never answers cannot hang a caller; 0 = no limit, at most "
                + Values.MAX_SECONDS + ". Default: statementTimeout rounded up to seconds + "
                + Defaults.SOCKET_TIMEOUT_MARGIN_SECONDS + " s; 0 when statementTimeout is 0 or that sum exceeds "
                + Values.MAX_SECONDS + " s (statementTimeout above 2147453000 ms, about 24.85 days).";
        public static final String STATEMENT_TIMEOUT = "Server-side statement_timeout of every session, in ms; "
                + "0 = none, at most " + Values.MAX_MILLIS + " (PostgreSQL's maximum). Default: "
                + Defaults.STATEMENT_TIMEOUT_MILLIS + ".";
        public static final String IDLE_IN_TRANSACTION_TIMEOUT = "Server-side idle_in_transaction_session_timeout "
                + "of every session, in ms; 0 = none, at most " + Values.MAX_MILLIS + ". Default: "
                + Defaults.IDLE_IN_TRANSACTION_TIMEOUT_MILLIS + ".";
        public static final String APPLICATION_NAME = "application_name of the sessions (shown in "
                + "pg_stat_activity). Default: " + Defaults.APPLICATION_NAME + ".";
        public static final String VALIDATION_TIMEOUT = "Milliseconds a validation round trip may take. pgjdbc "
                + "validates with a timeout in whole seconds, and the socket timeout ends a validation too, so only "
                + "values that apply exactly are accepted: whole seconds (1000, 2000, ... "
                + Values.MAX_VALIDATION_TIMEOUT_MILLIS + "), and no more than socketTimeout when there is one; "
                + "anything else (e.g. 1500) is rejected, not rounded. Default: " + Defaults.VALIDATION_TIMEOUT_MILLIS
                + ", or socketTimeout when that is shorter.";
        public static final String VALIDATION_INTERVAL = "Milliseconds: a session used more recently than this is "
                + "reused without a validation round trip; 0 to " + Values.MAX_MILLIS + ". Default: "
                + Defaults.VALIDATION_INTERVAL_MILLIS + ".";
        public static final String MAX_REPLICA_LAG = "Milliseconds a standby's replay may lag behind its primary "
                + "for a read-only resource to read from it; 0 = off, at most " + Values.MAX_MILLIS + ". Measured when a "
                + "session opens and then at most once per validationInterval (the measurement stands in for the "
                + "validation round trip): 0 when the standby has replayed all it received, else the age of the last "
                + "transaction it replayed. A lagging session is replaced by one on another server, and the lagging "
                + "host is left out of new sessions for validationInterval (at least 1 s). Only with readOnly=true "
                + "and a targetServerType other than primary. Default: " + Defaults.MAX_REPLICA_LAG_MILLIS + " (off).";
        public static final String REPLICA_LAG_FALLBACK = "With maxReplicaLag, when every standby lags: primary "
                + "(read from the primary until a standby catches up; needs the primary in serverName and a "
                + "targetServerType other than secondary) or fail (the borrow fails with SQLState 08001 naming the "
                + "lagging hosts). Ignored without maxReplicaLag. Default: " + Defaults.REPLICA_LAG_FALLBACK + ".";
        public static final String LEAK_DETECTION_THRESHOLD = "Milliseconds a connection may be held before it is "
                + "reported as a possible leak (logged once as a WARNING with the stack of where it was taken, and "
                + "counted); 0 = off, at most " + Values.MAX_MILLIS + ". Default: "
                + Defaults.LEAK_DETECTION_THRESHOLD_MILLIS + " (off).";
        public static final String MAX_LIFETIME = "Milliseconds: a session older than this (less up to 2.5 % at "
                + "random, so that a prefilled pool does not renew all at once) is closed and replaced when it is "
                + "next idle, never while in use or in a transaction; 0 = never, otherwise "
                + Defaults.MAX_LIFETIME_MIN_MILLIS + " to " + Values.MAX_MILLIS + ". Bounds how long sessions "
                + "outlive a failover, a credential rotation or a firewall's idle cut. Default: "
                + Defaults.MAX_LIFETIME_MILLIS + " (30 min).";
        public static final String SESSION_RESET = "When a returned session is reset server-side with DISCARD ALL: "
                + "auto or always (any case). auto resets a session unless every statement of the borrow was proven "
                + "clean from its text; code the text does not show (triggers, column defaults, rules, views, row "
                + "policies, user-defined operators or casts) is trusted not to change session state. Choose always "
                + "if yours do; it costs one round trip per borrow. Default: " + Defaults.SESSION_RESET + ".";
        public static final String TRANSACTION_SUPPORT_LEVEL = "How the container enlists this resource in its "
                + "transactions (any case): NoTransaction, LocalTransaction or XATransaction. NoTransaction: never "
                + "enlisted, every borrow is a session of its own that commits as it goes, so one transaction can "
                + "read through this resource and write through another. LocalTransaction: one-phase, one such "
                + "resource per container transaction. XATransaction: a two-phase branch (PREPARE TRANSACTION) that "
                + "can share a transaction with other XA resources; needs max_prepared_transactions > 0 on the "
                + "server. Default: NoTransaction when readOnly is true, else LocalTransaction.";
        public static final String POOLER_MODE = "The connection pooler between the adapter and PostgreSQL, as "
                + "PgBouncer's pool_mode (any case): none, session or transaction. none: the timeouts and read-only "
                + "default are startup parameters. session: they are SET right after login (one round trip per "
                + "session) and after every DISCARD ALL, since PgBouncer refuses the options startup parameter. "
                + "transaction: the adapter begins every transaction, auto-commit statements included, with BEGIN "
                + "[READ ONLY]; SET LOCAL ... (one more round trip per transaction when something is to be set), "
                + "refuses SQL that would leave session state on a shared server connection (SET, RESET, "
                + "set_config(..., false), LISTEN, PREPARE, temporary tables, session advisory locks, "
                + "DECLARE ... WITH HOLD: use SET LOCAL and transaction-scoped forms), never sends DISCARD ALL, and "
                + "sets prepareThreshold=0 unless driverProperties sets it. See docs/pgbouncer.md. Default: "
                + Defaults.POOLER_MODE + ".";
        public static final String POOL_NAME = "Name of this resource in statistics, logs and MBeans. Default: "
                + "<databaseName>" + Defaults.POOL_NAME_SUFFIX_READ_WRITE + " or <databaseName>"
                + Defaults.POOL_NAME_SUFFIX_READ_ONLY + ".";
        public static final String DRIVER_PROPERTIES = "Extra pgjdbc properties as name=value;name=value, e.g. "
                + "prepareThreshold=0 behind PgBouncer. Names pgjdbc does not know, and secrets, are rejected.";

        private Doc() {
        }
    }
}
