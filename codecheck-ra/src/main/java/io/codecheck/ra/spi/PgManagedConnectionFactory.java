package io.codecheck.ra.spi;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.config.ConfigurationException;
import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.config.Defaults;
import io.codecheck.ra.config.Environment;
import io.codecheck.ra.config.PropertyValues;
import io.codecheck.ra.config.TransactionMode;
import io.codecheck.ra.jdbc.ConnectionHandle;
import io.codecheck.ra.pg.Credentials;
import io.codecheck.ra.pool.PoolRuntime;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.security.auth.Subject;

/**
 * The managed connection factory: one per resource (connection pool). Its JavaBean properties are the resource's
 * configuration; the {@link ConfigProperty} annotations here are the single source of the property metadata.
 * Properties left unset fall back to the environment ({@code DATABASE_URL}, then {@code DB_*}) and then to defaults.
 *
 * <p>Serialization: {@code url}, {@code password} and {@code sslPassword} are never serialized (a URL may carry a
 * password). A deserialized factory reads the environment again; if any of the three had been set, it refuses to
 * create connections with a {@link ResourceException} instead of connecting with what is left.
 */
@ConnectionDefinition(connectionFactory = CodeCheckDataSource.class,
        connectionFactoryImpl = CodeCheckDataSourceImpl.class,
        connection = Connection.class,
        connectionImpl = ConnectionHandle.class)
public class PgManagedConnectionFactory implements ManagedConnectionFactory, ValidatingManagedConnectionFactory,
        ResourceAdapterAssociation, TransactionSupport {
    private static final long serialVersionUID = 1L;

    @ConfigProperty(description = "Connection URL, either postgresql://user:password@host:port/db?sslmode=... "
            + "(as in DATABASE_URL) or jdbc:postgresql://host:port/db?... Individually set properties win over the "
            + "values in it. Never logged or shown (it may carry the password).", confidential = true)
    private transient String url;
    @ConfigProperty(description = "Host name, or several as h1:p1,h2:p2 (replicas). Default: "
            + Defaults.SERVER_NAME + ".")
    private String serverName;
    @ConfigProperty(description = "Port for hosts named without one. Default: " + Defaults.PORT_NUMBER + ".")
    private Integer portNumber;
    @ConfigProperty(description = "Database name. Default: " + Defaults.DATABASE_NAME + ".")
    private String databaseName;
    @ConfigProperty(description = "Login role. Default: " + Defaults.USER + ".")
    private String user;
    @ConfigProperty(description = "Password of the login role. Never logged or shown.", confidential = true)
    private transient String password;
    @ConfigProperty(description = "TLS mode with libpq semantics: disable, allow, prefer, require, verify-ca, "
            + "verify-full. require with a root certificate verifies the CA, as libpq does. Default: "
            + Defaults.SSL_MODE + ".")
    private String sslMode;
    @ConfigProperty(description = "PEM file of the CA certificate(s) that signed the server certificate, or "
            + "'system' for the JVM trust store. Default: ~/.postgresql/root.crt when it exists.")
    private String sslRootCert;
    @ConfigProperty(description = "PEM file of the client certificate, for certificate login.")
    private String sslCert;
    @ConfigProperty(description = "Client key: PKCS#8 DER (.pk8), PKCS#12 (.p12/.pfx) or unencrypted PKCS#8 PEM.")
    private String sslKey;
    @ConfigProperty(description = "Passphrase of sslKey. Never logged or shown.", confidential = true)
    private transient String sslPassword;
    @ConfigProperty(description = "Seconds to wait for the TCP connection; 0 = no limit, at most 2147483. "
            + "Default: " + Defaults.CONNECT_TIMEOUT_SECONDS + ".")
    private Integer connectTimeout;
    @ConfigProperty(description = "Seconds to wait for the whole login (TCP, TLS, authentication); 0 = no limit, "
            + "at most 2147483. Default: " + Defaults.LOGIN_TIMEOUT_SECONDS + ".")
    private Integer loginTimeout;
    @ConfigProperty(description = "Seconds a read from the server may block; 0 = no limit, at most 2147483. "
            + "Default: statementTimeout + " + Defaults.SOCKET_TIMEOUT_MARGIN_SECONDS
            + " s, or 0 when statementTimeout is 0 or that sum exceeds 2147483 s.")
    private Integer socketTimeout;
    @ConfigProperty(description = "Server-side statement_timeout of every session, in ms; 0 = none, at most "
            + "2147483647. Default: " + Defaults.STATEMENT_TIMEOUT_MILLIS + ".")
    private Integer statementTimeout;
    @ConfigProperty(description = "Server-side idle_in_transaction_session_timeout of every session, in ms; "
            + "0 = none. Default: " + Defaults.IDLE_IN_TRANSACTION_TIMEOUT_MILLIS + ".")
    private Integer idleInTransactionTimeout;
    @ConfigProperty(description = "Make every session read-only (default_transaction_read_only). Default: false.")
    private Boolean readOnly;
    @ConfigProperty(description = "Which server of several to use: any, primary, secondary, preferSecondary, "
            + "preferPrimary. Default: primary; preferSecondary for a read-only resource with several hosts.")
    private String targetServerType;
    @ConfigProperty(description = "Spread connections over the hosts at random. Default: true for a read-only "
            + "resource with several hosts, else false.")
    private Boolean loadBalanceHosts;
    @ConfigProperty(description = "application_name of the sessions (shown in pg_stat_activity). "
            + "Default: " + Defaults.APPLICATION_NAME + ".")
    private String applicationName;
    @ConfigProperty(description = "Milliseconds a validation round trip may take: whole seconds (1000, 2000, ... "
            + "2147483000), at most socketTimeout. Default: " + Defaults.VALIDATION_TIMEOUT_MILLIS
            + ", or socketTimeout when shorter.")
    private Integer validationTimeout;
    @ConfigProperty(description = "Milliseconds: a connection used more recently than this is not validated "
            + "again before reuse. Default: " + Defaults.VALIDATION_INTERVAL_MILLIS + ".")
    private Integer validationInterval;
    @ConfigProperty(description = "Milliseconds a connection may be held before it is reported as a possible "
            + "leak (logged once with the stack of where it was taken); 0 = off. Default: 0.")
    private Integer leakDetectionThreshold;
    @ConfigProperty(description = "Milliseconds: a session older than this is closed and replaced when it is next "
            + "idle (never while in use or in a transaction); 0 = never, otherwise at least "
            + Defaults.MAX_LIFETIME_MIN_MILLIS + ". Bounds how long sessions outlive a failover, a credential "
            + "rotation or a firewall's idle cut. Default: " + Defaults.MAX_LIFETIME_MILLIS + " (30 min).")
    private Integer maxLifetime;
    @ConfigProperty(description = "When a returned session is reset with DISCARD ALL: auto or always. auto resets a "
            + "session (DISCARD ALL) unless every statement of the borrow was proven clean from its text; code the "
            + "text does not show (triggers, column defaults, rules, views, row policies, user-defined operators or "
            + "casts) is trusted not to change session state. Choose always if yours do; it costs one round trip "
            + "per borrow. Default: " + Defaults.SESSION_RESET + ".")
    private String sessionReset;
    @ConfigProperty(description = "How the container enlists this resource in its transactions: NoTransaction, "
            + "LocalTransaction or XATransaction. NoTransaction: never enlisted, every borrow is a session of its own, "
            + "so one transaction can read through this resource and write through another. XATransaction: "
            + "two-phase commit with other XA resources (needs max_prepared_transactions > 0 on the server). "
            + "Default: NoTransaction when readOnly is true, else LocalTransaction.")
    private String transactionSupportLevel;
    @ConfigProperty(description = "Name of this resource in statistics, logs and MBeans. "
            + "Default: <databaseName>-rw or <databaseName>-ro.")
    private String poolName;
    @ConfigProperty(description = "Extra pgjdbc properties as name=value;name=value, e.g. prepareThreshold=0 "
            + "behind PgBouncer.")
    private String driverProperties;

    private transient volatile Environment environment = Environment.system();
    private transient volatile PgResourceAdapter resourceAdapter;
    private transient volatile PoolLifecycle lifecycle;
    private transient PrintWriter logWriter;
    /** Which of url, password, sslPassword were set when this instance was serialized; read by the copy only. */
    private String droppedBySerialization;
    /** True only in an instance made by deserialization (field initialisers do not run then). */
    private transient boolean deserialized;

    public PgManagedConnectionFactory() {
    }

    // ---- ManagedConnectionFactory ----

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) throws ResourceException {
        return new CodeCheckDataSourceImpl(this, Objects.requireNonNull(connectionManager, "connectionManager"));
    }

    /** Outside a container: every connection is opened for its caller and closed when the caller closes it. */
    @Override
    public Object createConnectionFactory() throws ResourceException {
        return createConnectionFactory(new UnpooledConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        return new PgManagedConnection(this, lifecycle(), PgConnectionRequestInfo.credentials(subject, info, this));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        Credentials wanted = PgConnectionRequestInfo.credentials(subject, info, this);
        for (Object candidate : candidates) {
            if (candidate instanceof PgManagedConnection mc && mc.belongsTo(this)
                    && mc.credentials().equals(wanted) && mc.readyForReuse()) {
                return mc;
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Set getInvalidConnections(Set connections) throws ResourceException {
        Set invalid = new HashSet<>();
        for (Object candidate : connections) {
            if (candidate instanceof PgManagedConnection mc && !mc.isValid()) {
                invalid.add(mc);
            }
        }
        return invalid;
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        TransactionMode mode;
        try {
            mode = resolveSettings().transactionMode();
        } catch (InvalidPropertyException e) {
            // the container asks before it creates the factory; the same error then stops the deployment, named
            return TransactionSupportLevel.LocalTransaction;
        }
        return switch (mode) {
            case NO_TRANSACTION -> TransactionSupportLevel.NoTransaction;
            case LOCAL_TRANSACTION -> TransactionSupportLevel.LocalTransaction;
            case XA_TRANSACTION -> TransactionSupportLevel.XATransaction;
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof PgResourceAdapter pg)) {
            throw new ResourceException("PgManagedConnectionFactory belongs to PgResourceAdapter, not " + ra);
        }
        this.resourceAdapter = pg;
        PoolLifecycle current = lifecycle;
        if (current != null) {
            current.stopWith(pg);
        }
    }

    // ---- runtime ----

    /**
     * The validated settings and the live state of this resource, created on first use. A wrong value is
     * reported here, so at deployment or first lookup, naming the property and the allowed values.
     */
    PoolRuntime runtime() throws ResourceException {
        return lifecycle().runtime();
    }

    /** How this resource's runtime starts and ends (its MBean, its release); created with it. */
    PoolLifecycle lifecycle() throws ResourceException {
        PoolLifecycle current = lifecycle;
        if (current == null) {
            if (deserialized && droppedBySerialization != null) {
                throw new ResourceException("codecheck-ra resource " + describePoolName() + ": a deserialized "
                        + "PgManagedConnectionFactory lacks " + droppedBySerialization + " (never serialized); use the "
                        + "factory the container configured, or look the connection factory up in JNDI");
            }
            synchronized (this) {
                current = lifecycle;
                if (current == null) {
                    current = new PoolLifecycle(new PoolRuntime(resolveSettings()));
                    current.registerMBean();
                    current.releaseWith(this);
                    PgResourceAdapter ra = resourceAdapter;
                    if (ra != null) {
                        current.stopWith(ra);
                    }
                    lifecycle = current;
                }
            }
        }
        return current;
    }

    /** Records which secrets the copy will lack; the secrets themselves are transient. */
    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        List<String> dropped = new ArrayList<>();
        if (url != null) {
            dropped.add("url");
        }
        if (password != null) {
            dropped.add("password");
        }
        if (sslPassword != null) {
            dropped.add("sslPassword");
        }
        droppedBySerialization = dropped.isEmpty() ? null : String.join(", ", dropped);
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        environment = Environment.system();
        deserialized = true;
    }

    ConnectionSettings resolveSettings() throws InvalidPropertyException {
        try {
            return ConnectionSettings.resolve(propertyValues(), environment);
        } catch (ConfigurationException e) {
            InvalidPropertyException ipe = new InvalidPropertyException(
                    "codecheck-ra resource " + describePoolName() + ": " + e.getMessage());
            ipe.initCause(e);
            throw ipe;
        }
    }

    private String describePoolName() {
        return poolName != null ? "'" + poolName + "'" : "(no poolName)";
    }

    /** Stops what runs in the background for this resource now (the adapter stops its pools itself; for tests). */
    void shutdown() {
        PoolLifecycle current = lifecycle;
        if (current != null) {
            current.shutdown();
        }
    }

    /** Tests replace the process environment through this seam instead of mutating it. */
    void setEnvironment(Environment environment) {
        this.environment = Objects.requireNonNull(environment);
        changed();
    }

    PropertyValues propertyValues() {
        return new PropertyValues(url, serverName, portNumber, databaseName, user, password, sslMode, sslRootCert,
                sslCert, sslKey, sslPassword, connectTimeout, loginTimeout, socketTimeout, statementTimeout,
                idleInTransactionTimeout, readOnly, targetServerType, loadBalanceHosts, applicationName,
                validationTimeout, validationInterval, leakDetectionThreshold, maxLifetime, sessionReset, transactionSupportLevel, poolName,
                driverProperties);
    }

    /** A property changed: what was built from the old values (counters, MBean) goes. */
    private synchronized void changed() {
        PoolLifecycle old = lifecycle;
        lifecycle = null;
        if (old != null) {
            old.shutdown();
        }
    }

    // ---- identity: containers keep factories in hash sets and compare them when matching credentials ----

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            // Payara compares its pool's factory with the caller's on every allocation (while its connector logger
            // is at INFO, the default), and PgConnectionRequestInfo.credentials compares the credential's factory with this one: both
            // are nearly always this very instance, and comparing all properties cost half of a borrow.
            return true;
        }
        return o instanceof PgManagedConnectionFactory other && other.getClass() == getClass()
                && other.propertyValues().equals(propertyValues());
    }

    @Override
    public int hashCode() {
        return propertyValues().hashCode();
    }

    @Override
    public String toString() {
        PoolLifecycle current = lifecycle;
        return "PgManagedConnectionFactory[" + (current != null ? current.runtime().settings().describe()
                : propertyValues().toString()) + "]";
    }

    // ---- JavaBean properties ----

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
        changed();
    }

    public String getServerName() {
        return serverName;
    }

    public void setServerName(String serverName) {
        this.serverName = serverName;
        changed();
    }

    public Integer getPortNumber() {
        return portNumber;
    }

    public void setPortNumber(Integer portNumber) {
        this.portNumber = portNumber;
        changed();
    }

    public String getDatabaseName() {
        return databaseName;
    }

    public void setDatabaseName(String databaseName) {
        this.databaseName = databaseName;
        changed();
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
        changed();
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
        changed();
    }

    public String getSslMode() {
        return sslMode;
    }

    public void setSslMode(String sslMode) {
        this.sslMode = sslMode;
        changed();
    }

    public String getSslRootCert() {
        return sslRootCert;
    }

    public void setSslRootCert(String sslRootCert) {
        this.sslRootCert = sslRootCert;
        changed();
    }

    public String getSslCert() {
        return sslCert;
    }

    public void setSslCert(String sslCert) {
        this.sslCert = sslCert;
        changed();
    }

    public String getSslKey() {
        return sslKey;
    }

    public void setSslKey(String sslKey) {
        this.sslKey = sslKey;
        changed();
    }

    public String getSslPassword() {
        return sslPassword;
    }

    public void setSslPassword(String sslPassword) {
        this.sslPassword = sslPassword;
        changed();
    }

    public Integer getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Integer connectTimeout) {
        this.connectTimeout = connectTimeout;
        changed();
    }

    public Integer getLoginTimeout() {
        return loginTimeout;
    }

    public void setLoginTimeout(Integer loginTimeout) {
        this.loginTimeout = loginTimeout;
        changed();
    }

    public Integer getSocketTimeout() {
        return socketTimeout;
    }

    public void setSocketTimeout(Integer socketTimeout) {
        this.socketTimeout = socketTimeout;
        changed();
    }

    public Integer getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Integer statementTimeout) {
        this.statementTimeout = statementTimeout;
        changed();
    }

    public Integer getIdleInTransactionTimeout() {
        return idleInTransactionTimeout;
    }

    public void setIdleInTransactionTimeout(Integer idleInTransactionTimeout) {
        this.idleInTransactionTimeout = idleInTransactionTimeout;
        changed();
    }

    public Boolean getReadOnly() {
        return readOnly;
    }

    /** Same as {@link #getReadOnly()}: some servers read Boolean properties through an is-getter. */
    public Boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(Boolean readOnly) {
        this.readOnly = readOnly;
        changed();
    }

    public String getTargetServerType() {
        return targetServerType;
    }

    public void setTargetServerType(String targetServerType) {
        this.targetServerType = targetServerType;
        changed();
    }

    public Boolean getLoadBalanceHosts() {
        return loadBalanceHosts;
    }

    /** Same as {@link #getLoadBalanceHosts()}: some servers read Boolean properties through an is-getter. */
    public Boolean isLoadBalanceHosts() {
        return loadBalanceHosts;
    }

    public void setLoadBalanceHosts(Boolean loadBalanceHosts) {
        this.loadBalanceHosts = loadBalanceHosts;
        changed();
    }

    public String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
        changed();
    }

    public Integer getValidationTimeout() {
        return validationTimeout;
    }

    public void setValidationTimeout(Integer validationTimeout) {
        this.validationTimeout = validationTimeout;
        changed();
    }

    public Integer getValidationInterval() {
        return validationInterval;
    }

    public void setValidationInterval(Integer validationInterval) {
        this.validationInterval = validationInterval;
        changed();
    }

    public Integer getLeakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    public void setLeakDetectionThreshold(Integer leakDetectionThreshold) {
        this.leakDetectionThreshold = leakDetectionThreshold;
        changed();
    }

    public Integer getMaxLifetime() {
        return maxLifetime;
    }

    public void setMaxLifetime(Integer maxLifetime) {
        this.maxLifetime = maxLifetime;
        changed();
    }

    public String getSessionReset() {
        return sessionReset;
    }

    public void setSessionReset(String sessionReset) {
        this.sessionReset = sessionReset;
        changed();
    }

    /** Not {@code transactionSupport}: its getter would clash with {@link TransactionSupport#getTransactionSupport}. */
    public String getTransactionSupportLevel() {
        return transactionSupportLevel;
    }

    public void setTransactionSupportLevel(String transactionSupportLevel) {
        this.transactionSupportLevel = transactionSupportLevel;
        changed();
    }

    public String getPoolName() {
        return poolName;
    }

    public void setPoolName(String poolName) {
        this.poolName = poolName;
        changed();
    }

    public String getDriverProperties() {
        return driverProperties;
    }

    public void setDriverProperties(String driverProperties) {
        this.driverProperties = driverProperties;
        changed();
    }
}
