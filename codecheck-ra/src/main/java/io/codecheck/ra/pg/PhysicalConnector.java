package io.codecheck.ra.pg;

import io.codecheck.ra.config.ConfigurationException;
import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.config.TransactionMode;


import java.sql.SQLException;
import java.util.Properties;
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
    /**
     * When opening a session last failed in this thread (System.nanoTime): containers often rethrow a failed
     * allocation without its cause, and this tells "server unreachable" apart from "pool exhausted". A time, not a
     * flag, so that a failure left over from an earlier request of a pooled thread is not taken for this one's.
     */
    private static final ThreadLocal<Long> FAILED_IN_THIS_THREAD = new ThreadLocal<>();

    private final ConnectionSettings settings;
    private final ConnectEvents metrics;
    private final String url;

    public PhysicalConnector(ConnectionSettings settings, ConnectEvents metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.url = settings.jdbcUrl();
    }

    /**
     * Opens a session with the resource's settings; the failure's message names the pool, server, database and role
     * (never a secret) and keeps the driver's SQLState, and the driver's exception is its cause.
     */
    public PgSession open(Credentials credentials) throws OpenFailure {
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
            c = DRIVER.connect(url, props);
        } catch (SQLException e) {
            throw failed(credentials, e);
        }
        if (c == null) {
            throw new OpenFailure("pgjdbc did not accept the URL " + url, null, null);
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
        FAILED_IN_THIS_THREAD.remove();
        return new PgSession(session, TransactionPooling.of(settings));
    }

    private OpenFailure failed(Credentials credentials, SQLException e) {
        String message = "codecheck-ra pool " + settings.poolName() + ": cannot connect to "
                + String.join(",", settings.hosts()) + "/" + settings.databaseName() + " as "
                + credentials.user(settings) + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")"
                + hint(e);
        metrics.error(message);
        FAILED_IN_THIS_THREAD.set(System.nanoTime());
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

    /** Whether an attempt to open a session failed in this thread at or after {@code sinceNanos}; clears the mark. */
    public static boolean openFailedInThisThreadSince(long sinceNanos) {
        Long failedAt = FAILED_IN_THIS_THREAD.get();
        if (failedAt == null) {
            return false;
        }
        FAILED_IN_THIS_THREAD.remove();
        return failedAt - sinceNanos >= 0;
    }

    /** pgjdbc reports a wrong PKCS#12 passphrase as a missing algorithm; say what it most likely is. */
    private static String hint(SQLException e) {
        String m = e.getMessage();
        return m != null && m.contains("CertificateFactory not available")
                ? "; with a PKCS#12 sslKey this usually means a wrong sslPassword" : "";
    }
}
