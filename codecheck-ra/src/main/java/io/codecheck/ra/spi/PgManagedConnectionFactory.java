package io.codecheck.ra.spi;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.config.ConfigurationException;
import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.config.Environment;
import io.codecheck.ra.config.Property;
import io.codecheck.ra.config.Property.Doc;
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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.security.auth.Subject;

/**
 * The managed connection factory: one per resource (connection pool). Its JavaBean properties are the resource's
 * configuration, one field per {@link Property} (whose {@link Doc} text the {@link ConfigProperty} annotation takes).
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

    @ConfigProperty(description = Doc.URL, confidential = true)
    private transient String url;
    @ConfigProperty(description = Doc.URL_VARIABLE)
    private String urlVariable;
    @ConfigProperty(description = Doc.SERVER_NAME)
    private String serverName;
    @ConfigProperty(description = Doc.PORT_NUMBER)
    private Integer portNumber;
    @ConfigProperty(description = Doc.DATABASE_NAME)
    private String databaseName;
    @ConfigProperty(description = Doc.USER)
    private String user;
    @ConfigProperty(description = Doc.PASSWORD, confidential = true)
    private transient String password;
    @ConfigProperty(description = Doc.PASSWORD_FILE)
    private String passwordFile;
    @ConfigProperty(description = Doc.SSL_MODE)
    private String sslMode;
    @ConfigProperty(description = Doc.SSL_ROOT_CERT)
    private String sslRootCert;
    @ConfigProperty(description = Doc.SSL_CERT)
    private String sslCert;
    @ConfigProperty(description = Doc.SSL_KEY)
    private String sslKey;
    @ConfigProperty(description = Doc.SSL_PASSWORD, confidential = true)
    private transient String sslPassword;
    @ConfigProperty(description = Doc.CONNECT_TIMEOUT)
    private Integer connectTimeout;
    @ConfigProperty(description = Doc.LOGIN_TIMEOUT)
    private Integer loginTimeout;
    @ConfigProperty(description = Doc.SOCKET_TIMEOUT)
    private Integer socketTimeout;
    @ConfigProperty(description = Doc.STATEMENT_TIMEOUT)
    private Integer statementTimeout;
    @ConfigProperty(description = Doc.IDLE_IN_TRANSACTION_TIMEOUT)
    private Integer idleInTransactionTimeout;
    @ConfigProperty(description = Doc.READ_ONLY)
    private Boolean readOnly;
    @ConfigProperty(description = Doc.TARGET_SERVER_TYPE)
    private String targetServerType;
    @ConfigProperty(description = Doc.LOAD_BALANCE_HOSTS)
    private Boolean loadBalanceHosts;
    @ConfigProperty(description = Doc.APPLICATION_NAME)
    private String applicationName;
    @ConfigProperty(description = Doc.VALIDATION_TIMEOUT)
    private Integer validationTimeout;
    @ConfigProperty(description = Doc.VALIDATION_INTERVAL)
    private Integer validationInterval;
    @ConfigProperty(description = Doc.MAX_REPLICA_LAG)
    private Integer maxReplicaLag;
    @ConfigProperty(description = Doc.REPLICA_LAG_FALLBACK)
    private String replicaLagFallback;
    @ConfigProperty(description = Doc.LEAK_DETECTION_THRESHOLD)
    private Integer leakDetectionThreshold;
    @ConfigProperty(description = Doc.MAX_LIFETIME)
    private Integer maxLifetime;
    @ConfigProperty(description = Doc.SESSION_RESET)
    private String sessionReset;
    @ConfigProperty(description = Doc.TRANSACTION_SUPPORT_LEVEL)
    private String transactionSupportLevel;
    @ConfigProperty(description = Doc.POOLER_MODE)
    private String poolerMode;
    @ConfigProperty(description = Doc.POOL_NAME)
    private String poolName;
    @ConfigProperty(description = Doc.DRIVER_PROPERTIES)
    private String driverProperties;

    /**
     * The field of each {@link Property}, named as it: the properties' values are read generically from here, and a
     * {@code Property} without its field stops this class from loading (a field without its {@code Property} fails
     * {@code PropertyInventoryTest}).
     */
    private static final Map<Property, VarHandle> FIELDS = fields();

    private transient volatile Environment environment = Environment.system();
    /** {@link #propertyValues()} until a property changes. */
    private transient volatile PropertyValues values;
    private transient volatile PgResourceAdapter resourceAdapter;
    private transient volatile PoolLifecycle lifecycle;
    private transient PrintWriter logWriter;
    /** Which of url, password, sslPassword were set when this instance was serialized; read by the copy only. */
    private String droppedBySerialization;
    /** True only in an instance made by deserialization (field initialisers do not run then). */
    private transient boolean deserialized;

    public PgManagedConnectionFactory() {
    }

    private static Map<Property, VarHandle> fields() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Map<Property, VarHandle> fields = new EnumMap<>(Property.class);
        for (Property p : Property.values()) {
            try {
                fields.put(p, lookup.findVarHandle(PgManagedConnectionFactory.class, p.property(), p.type()));
            } catch (NoSuchFieldException | IllegalAccessException e) {
                throw new IllegalStateException("PgManagedConnectionFactory has no field " + p.type().getSimpleName()
                        + " " + p.property() + " for Property." + p.name(), e);
            }
        }
        return Collections.unmodifiableMap(fields);
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
        PropertyValues current = propertyValues();
        for (Property p : Property.values()) {
            if (p.confidential() && current.get(p) != null) {
                dropped.add(p.property());
            }
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

    /** The properties as set, read through {@link #FIELDS}; kept until a setter changes one. */
    PropertyValues propertyValues() {
        PropertyValues current = values;
        if (current == null) {
            synchronized (this) { // changed() empties the cache under the same lock, after the setter's write
                current = values;
                if (current == null) {
                    Map<Property, Object> set = new EnumMap<>(Property.class);
                    for (Map.Entry<Property, VarHandle> e : FIELDS.entrySet()) {
                        set.put(e.getKey(), e.getValue().get(this));
                    }
                    current = PropertyValues.of(set);
                    values = current;
                }
            }
        }
        return current;
    }

    /** A property changed: what was built from the old values (counters, MBean) goes. */
    private synchronized void changed() {
        values = null;
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

    public String getUrlVariable() {
        return urlVariable;
    }

    public void setUrlVariable(String urlVariable) {
        this.urlVariable = urlVariable;
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

    public String getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile;
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

    public Integer getMaxReplicaLag() {
        return maxReplicaLag;
    }

    public void setMaxReplicaLag(Integer maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
        changed();
    }

    public String getReplicaLagFallback() {
        return replicaLagFallback;
    }

    public void setReplicaLagFallback(String replicaLagFallback) {
        this.replicaLagFallback = replicaLagFallback;
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

    public String getPoolerMode() {
        return poolerMode;
    }

    public void setPoolerMode(String poolerMode) {
        this.poolerMode = poolerMode;
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
