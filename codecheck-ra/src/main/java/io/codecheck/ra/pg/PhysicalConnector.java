package io.codecheck.ra.pg;

import io.codecheck.ra.config.ConfigurationException;
import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.config.ReplicaLagFallback;
import io.codecheck.ra.config.TransactionMode;


import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postgresql.Driver;
import org.postgresql.core.BaseConnection;

/**
 * Opens physical pgjdbc connections for one resource. Uses the driver directly rather than DriverManager, whose
 * class-loader rules do not fit a resource adapter's isolated class loader.
 */
public final class PhysicalConnector {
    private static final Logger LOG = Logger.getLogger(PhysicalConnector.class.getName());
    private static final Driver DRIVER = new Driver();

    private final ConnectionSettings settings;
    private final ConnectEvents metrics;
    private final String url;
    /** Null unless the resource has maxReplicaLag. */
    private final ReplicaLagGuard lagGuard;

    public PhysicalConnector(ConnectionSettings settings, ConnectEvents metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.url = settings.jdbcUrl();
        this.lagGuard = ReplicaLagGuard.of(settings);
    }

    /** Lag-aware reads: null unless the resource has maxReplicaLag. */
    public ReplicaLagGuard replicaLag() {
        return lagGuard;
    }

    /**
     * Opens a session with the resource's settings; the failure's message names the pool, server, database and role
     * (never a secret) and keeps the driver's SQLState, and the driver's exception is its cause.
     */
    public PgSession open(Credentials credentials) throws OpenFailure {
        return lagGuard == null ? openAt(url, credentials) : openWithinLag(lagGuard, credentials);
    }

    /**
     * maxReplicaLag: opens with the hosts found lagging left out of the URL (pgjdbc picks among the rest), measures
     * the new session's lag (one round trip, which also stands in for the first validation) and, when its standby
     * lags after all, leaves that host out too and tries again: at most once per host. A primary reached while
     * standbys are left out is a fallback (replicaLagFallback=primary) or refused (fail) when the resource prefers
     * standbys; with any or preferPrimary the primary is an ordinary target.
     */
    private PgSession openWithinLag(ReplicaLagGuard guard, Credentials credentials) throws OpenFailure {
        for (int attempt = 0; attempt <= settings.hosts().size(); attempt++) {
            Set<String> left = guard.avoidedHosts(System.nanoTime());
            String target = left.isEmpty() ? url : settings.jdbcUrlWithout(left);
            if (target == null) {
                break;
            }
            PgSession s;
            try {
                s = openAt(target, credentials);
            } catch (OpenFailure e) {
                if (left.isEmpty()) {
                    throw e;
                }
                OpenFailure named = new OpenFailure(e.getMessage() + "; left out for replication lag: "
                        + guard.describeAvoided(), e.getSQLState(), e.getCause() instanceof SQLException c ? c : null);
                throw named;
            }
            try {
                s.measureReplicaLag(settings.validationTimeoutSeconds());
            } catch (SQLException e) {
                discard(s);
                throw failed(credentials, e);
            }
            if (guard.lagging(s)) {
                guard.avoid(s, System.nanoTime());
                discard(s);
                if (LOG.isLoggable(Level.FINE)) {
                    LOG.fine("codecheck-ra pool " + settings.poolName() + ": " + s.host() + " lags "
                            + ReplicaLagGuard.shown(s.lastLagMillis()) + ", more than maxReplicaLag; left out");
                }
                continue;
            }
            if (!s.onStandby() && !left.isEmpty() && guard.prefersStandby()) {
                if (guard.fallback() == ReplicaLagFallback.FAIL) {
                    discard(s);
                    throw failed(credentials, new SQLException(guard.everyStandbyLags(), "08001"));
                }
                s.markFallback();
            }
            return s;
        }
        throw failed(credentials, new SQLException(guard.everyStandbyLags(), "08001"));
    }

    private void discard(PgSession s) {
        s.closeQuietly();
        metrics.connectionDestroyed();
    }

    /**
     * {@code host:port} of the server the driver chose, as serverName lists it (IPv6 in brackets); null if unknown.
     * pgjdbc's {@code HostSpec} is reached reflectively: its class file carries Checker Framework annotations that
     * javac warns about without checker-qual on the class path, and the build allows no warning.
     */
    private static String hostOf(BaseConnection session) {
        try {
            Object executor = session.getQueryExecutor();
            String spec = String.valueOf(executor.getClass().getMethod("getHostSpec").invoke(executor)); // host:port
            int colon = spec.lastIndexOf(':');
            String host = spec.substring(0, colon);
            boolean bracket = host.indexOf(':') >= 0 && !host.startsWith("[");
            return (bracket ? "[" + host + "]" : host) + spec.substring(colon);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private PgSession openAt(String target, Credentials credentials) throws OpenFailure {
        Properties props;
        try {
            props = credentials.isDefault() ? settings.driverProperties()
                    : settings.driverProperties(credentials.user(), credentials.password());
        } catch (ConfigurationException e) {
            // passwordFile went missing or empty since deployment: as a failed login, never a secret in it
            throw failed(credentials, new SQLException(e.getMessage(), "28000"));
        }
        long start = System.nanoTime();
        java.sql.Connection c;
        try {
            c = DRIVER.connect(target, props);
        } catch (SQLException e) {
            throw failed(credentials, e);
        }
        if (c == null) {
            throw new OpenFailure("pgjdbc did not accept the URL " + target, null, null);
        }
        BaseConnection session = (BaseConnection) c;
        try {
            if (settings.sessionSetupSql() != null) {
                setUp(session, settings.sessionSetupSql());
            }
            if (settings.transactionMode() == TransactionMode.XA_TRANSACTION) {
                requirePreparedTransactions(session);
            }
        } catch (SQLException e) {
            throw failed(credentials, e);
        }
        long now = System.nanoTime();
        metrics.connectionCreated(now - start, now);
        return new PgSession(session, lagGuard, lagGuard == null ? null : hostOf(session),
                TransactionPooling.of(settings));
    }

    private OpenFailure failed(Credentials credentials, SQLException e) {
        String message = "codecheck-ra pool " + settings.poolName() + ": cannot connect to "
                + String.join(",", settings.hosts()) + "/" + settings.databaseName() + " as "
                + credentials.user(settings) + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")"
                + hint(e);
        metrics.error(message);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, message, e);
        }
        return new OpenFailure(message, e.getSQLState(), e);
    }

    /** A session could not be opened; {@link #getCause()} is the driver's exception, when there is one. */
    public static final class OpenFailure extends SQLException {
        private static final long serialVersionUID = 1L;

        OpenFailure(String message, String sqlState, SQLException cause) {
            super(message, sqlState, cause);
        }
    }

    /**
     * XA needs prepared transactions, which PostgreSQL disables by default: said when the first session opens
     * rather than at the first two-phase commit, where the transaction would already be lost.
     */
    static void requirePreparedTransactions(BaseConnection session) throws SQLException {
        try (java.sql.Statement st = session.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SHOW max_prepared_transactions")) {
            if (rs.next() && "0".equals(rs.getString(1).trim())) {
                throw new SQLException("transactionSupportLevel=XATransaction needs max_prepared_transactions > 0 on "
                        + "the server, and it is 0: set it in postgresql.conf (at least the pool's maximum size) and "
                        + "restart the server", XaErrors.PREREQUISITE);
            }
        } catch (SQLException e) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // the session is unusable either way
            }
            throw e;
        }
    }

    /** See {@link ConnectionSettings#sessionSetupSql()}; one round trip; closes the session if that fails. */
    static void setUp(BaseConnection session, String sql) throws SQLException {
        try {
            session.execSQLUpdate(sql);
        } catch (SQLException e) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // the session is unusable either way
            }
            throw e;
        }
    }

    /** pgjdbc reports a wrong PKCS#12 passphrase as a missing algorithm; say what it most likely is. */
    private static String hint(SQLException e) {
        String m = e.getMessage();
        return m != null && m.contains("CertificateFactory not available")
                ? "; with a PKCS#12 sslKey this usually means a wrong sslPassword" : "";
    }
}
