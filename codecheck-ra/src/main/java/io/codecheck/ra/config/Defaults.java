package io.codecheck.ra.config;

/**
 * The value of every setting that nobody set: no resource property, nothing in {@code url} or
 * {@code DATABASE_URL}, no {@code DB_*} variable. The fixed ones follow the Python seed ({@code database.py})
 * the adapter replaces; the derived ones are computed by the static methods below.
 *
 * <p>Constants are compile-time constants so they can be quoted in {@code @ConfigProperty} descriptions.
 */
public final class Defaults {

    /** Host when neither {@code serverName}, {@code url}, {@code DATABASE_URL} nor {@code DB_HOST} names one. */
    public static final String SERVER_NAME = "localhost";

    /** Port for every host that does not carry its own and when {@code portNumber}/{@code DB_PORT} is unset. */
    public static final int PORT_NUMBER = 5432;

    /** Seed default of {@code DB_USER}. */
    public static final String USER = "postgres";

    /** Seed default of {@code DB_NAME}. */
    public static final String DATABASE_NAME = "codecheck";

    /** Seed default of {@code DB_SSLMODE}: try SSL, fall back to plain text, verify nothing. */
    public static final String SSL_MODE = "prefer";

    /** Seed {@code DB_TIMEOUT=30}: TCP connect limit, seconds. */
    public static final int CONNECT_TIMEOUT_SECONDS = 30;

    /**
     * Seed {@code DB_TIMEOUT=30}, also applied to the whole login (TCP + SSL + authentication + startup), seconds.
     * Without it a server that accepts TCP but never answers would hang a connection attempt forever.
     */
    public static final int LOGIN_TIMEOUT_SECONDS = 30;

    /** Seed {@code DB_STATEMENT_TIMEOUT}: server-side {@code statement_timeout}, milliseconds (0 = none). */
    public static final int STATEMENT_TIMEOUT_MILLIS = 30_000;

    /** Seed {@code DB_IDLE_TIMEOUT}: server-side {@code idle_in_transaction_session_timeout}, ms (0 = none). */
    public static final int IDLE_IN_TRANSACTION_TIMEOUT_MILLIS = 60_000;

    /**
     * Added to the statement timeout to get the default socket timeout, seconds: large enough that the server's
     * own {@code statement_timeout} (a clean, recoverable 57014) always fires first, small enough that a dead
     * peer cannot hold a caller for long.
     */
    public static final int SOCKET_TIMEOUT_MARGIN_SECONDS = 30;

    /** Connections are read-write unless configured otherwise. */
    public static final boolean READ_ONLY = false;

    /** {@code application_name} shown in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "codecheck-ra";

    /**
     * Longest a validation ({@code isValid}) may take, milliseconds, unless the socket timeout, which also ends a
     * validation, is shorter (see {@link #validationTimeoutMillis}).
     */
    public static final int VALIDATION_TIMEOUT_MILLIS = 5_000;

    /** Lag-aware reads are off (0) by default, milliseconds. */
    public static final int MAX_REPLICA_LAG_MILLIS = 0;

    /** When every standby lags: read from the primary, the safe choice for read-your-writes. */
    public static final String REPLICA_LAG_FALLBACK = "primary";

    /** A connection used more recently than this is not re-validated, milliseconds. */
    public static final int VALIDATION_INTERVAL_MILLIS = 1_000;

    /** Leak detection is off (0) by default, milliseconds. */
    public static final int LEAK_DETECTION_THRESHOLD_MILLIS = 0;

    /**
     * A session older than this is replaced when it is next idle, milliseconds (0 = never): bounds how long a session
     * outlives a failover, a credential rotation or a load balancer's idle cut, as HikariCP's default does.
     */
    public static final int MAX_LIFETIME_MILLIS = 1_800_000;

    /** The shortest maxLifetime accepted (other than 0): shorter ones would reconnect all the time. */
    public static final int MAX_LIFETIME_MIN_MILLIS = 1_000;

    /**
     * Default {@code sessionReset}: {@code DISCARD ALL} on return unless every statement of the borrow was proven
     * clean from its SQL text (see {@link SessionReset}).
     */
    public static final String SESSION_RESET = "auto";

    /** Default {@code poolerMode}: no pooler in front (see {@link PoolerMode}). */
    public static final String POOLER_MODE = "none";

    /**
     * Default {@code transactionSupportLevel}: a read-only resource stays out of container transactions (so that one
     * transaction can read through it and write through a read-write resource); a read-write one is enlisted.
     */
    public static TransactionMode transactionMode(boolean readOnly) {
        return readOnly ? TransactionMode.NO_TRANSACTION : TransactionMode.LOCAL_TRANSACTION;
    }

    /** Suffix of the default pool name for read-write connections: {@code <databaseName>-rw}. */
    public static final String POOL_NAME_SUFFIX_READ_WRITE = "-rw";

    /** Suffix of the default pool name for read-only connections: {@code <databaseName>-ro}. */
    public static final String POOL_NAME_SUFFIX_READ_ONLY = "-ro";

    private Defaults() {
    }

    /**
     * Default {@code socketTimeout} in seconds: {@code ceil(statementTimeout / 1000) + 30} when statements are
     * bounded, otherwise 0 (no socket timeout: an unbounded statement may legitimately run for hours).
     *
     * <p>Also 0 when that sum exceeds the largest socket timeout pgjdbc accepts, {@value Values#MAX_SECONDS} s
     * (statement timeouts above 2147453000 ms, about 24.85 days): a socket timeout capped below the sum would no
     * longer let the server's statement timeout fire first, and one of some 24 days protects against nothing.
     */
    public static int socketTimeoutSeconds(int statementTimeoutMillis) {
        if (statementTimeoutMillis <= 0) {
            return 0;
        }
        long seconds = (statementTimeoutMillis + 999L) / 1000L + SOCKET_TIMEOUT_MARGIN_SECONDS;
        return seconds <= Values.MAX_SECONDS ? (int) seconds : 0;
    }

    /**
     * Default {@code validationTimeout}, milliseconds: {@link #VALIDATION_TIMEOUT_MILLIS}, or the socket timeout when
     * that is shorter, since pgjdbc's {@code isValid} never extends the socket timeout: the value shown is the
     * one that applies.
     */
    public static int validationTimeoutMillis(int socketTimeoutSeconds) {
        return socketTimeoutSeconds > 0 ? (int) Math.min(VALIDATION_TIMEOUT_MILLIS, socketTimeoutSeconds * 1000L)
                : VALIDATION_TIMEOUT_MILLIS;
    }

    /**
     * Default {@code targetServerType}: read-write connections need the primary; read-only ones prefer a standby
     * when there is a choice of hosts and take whatever is there when there is one host.
     */
    public static String targetServerType(boolean readOnly, int hostCount) {
        if (!readOnly) {
            return "primary";
        }
        return hostCount > 1 ? "preferSecondary" : "any";
    }

    /** Default {@code loadBalanceHosts}: spread read-only connections over several hosts, otherwise keep order. */
    public static boolean loadBalanceHosts(boolean readOnly, int hostCount) {
        return readOnly && hostCount > 1;
    }

    /** Default {@code poolName}: {@code <databaseName>-rw} or {@code <databaseName>-ro}. */
    public static String poolName(String databaseName, boolean readOnly) {
        return databaseName + (readOnly ? POOL_NAME_SUFFIX_READ_ONLY : POOL_NAME_SUFFIX_READ_WRITE);
    }
}
