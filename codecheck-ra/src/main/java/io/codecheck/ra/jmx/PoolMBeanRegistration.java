package io.codecheck.ra.jmx;

import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.config.SslMode;
import io.codecheck.ra.pool.PoolRuntime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Puts a pool's {@link ConnectionPoolMXBean} on the platform MBean server, where JConsole and VisualVM find it, and
 * takes it off again. Two resources with the same poolName get distinct names rather than replacing each other.
 */
public final class PoolMBeanRegistration {
    /** What registers: the pool the MBean reads, and what the JCA layer decides about names taken twice. */
    public interface Owner {
        PoolRuntime runtime();

        /** The health check the MBean runs: through the container's pool, as applications borrow. */
        HealthStatus health();

        /** Whether this owner is the retired copy of a resource configured like {@code other}, deployed again. */
        boolean retiredTwinOf(PoolRuntime other);

        /** Gives up the MBean name for such a twin. */
        void yieldName();
    }

    private static final Logger LOG = Logger.getLogger(PoolMBeanRegistration.class.getName());

    /** Consoles list attributes in this order: the monitoring advice of the Python module first. */
    private static final List<String> FIRST = List.of("PoolExhaustedCount", "Errors", "LastError", "LastErrorTime",
            "ActiveConnections", "PoolSize", "AvailableConnections");

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("PoolExhaustedCount", "Requests the container's pool could not serve (exhausted or timed out "
                    + "waiting). Should stay at zero; if it grows, raise the pool size or look for leaks."),
            Map.entry("Errors", "SQL errors seen by callers and failed connection attempts. Should stay low."),
            Map.entry("LastError", "Message and SQLState of the most recent error (no secrets)."),
            Map.entry("LastErrorTime", "When the most recent error happened (ISO-8601, UTC)."),
            Map.entry("ActiveConnections", "Connections with an application handle out. Should stay below the "
                    + "maximum pool size."),
            Map.entry("PoolSize", "Live physical connections to PostgreSQL."),
            Map.entry("AvailableConnections", "Live connections without a handle out (idle in the pool)."),
            Map.entry("QueriesExecuted", "Statements executed through this resource."),
            Map.entry("TransactionsExecuted", "Transactions that ended, committed or rolled back."),
            Map.entry("TransactionsCommitted", "Transactions committed (container, application or helper)."),
            Map.entry("TransactionsRolledBack", "Transactions rolled back, including ones left open and rolled back "
                    + "when the connection was returned."),
            Map.entry("ConnectionsCreated", "Physical connections opened."),
            Map.entry("ConnectionsDestroyed", "Physical connections closed."),
            Map.entry("ValidationFailures", "Connections found dead by validation before reuse (and replaced)."),
            Map.entry("LeaksDetected", "Handles held longer than leakDetectionThreshold."),
            Map.entry("MeanBorrowWaitMillis", "Mean time a caller waited for a connection from the container."),
            Map.entry("MaxBorrowWaitMillis", "Longest time a caller waited for a connection from the container."),
            Map.entry("MeanCreationMillis", "Mean time to open a physical connection (TCP, TLS, login)."),
            Map.entry("MaxCreationMillis", "Longest time to open a physical connection."),
            Map.entry("PoolName", "Name of the resource (poolName property)."),
            Map.entry("ServerName", "Host(s) and port(s) connected to."),
            Map.entry("DatabaseName", "Database connected to."),
            Map.entry("User", "Login role."),
            Map.entry("SslMode", "TLS mode (libpq semantics)."),
            Map.entry("ReadOnly", "Whether every session is read-only."),
            Map.entry("TargetServerType", "Which server of several is used: any, primary, secondary, "
                    + "preferSecondary, preferPrimary."),
            Map.entry("StatementTimeoutMillis", "Server-side statement_timeout of every session (0 = none)."),
            Map.entry("IdleInTransactionTimeoutMillis", "Server-side idle_in_transaction_session_timeout "
                    + "(0 = none)."),
            Map.entry("ValidationIntervalMillis", "A connection used more recently than this is not re-validated."),
            Map.entry("LeakDetectionThresholdMillis", "Handles held longer are reported as leaks (0 = off)."),
            Map.entry("MaxLifetimeMillis", "Sessions older than this are replaced when next idle (0 = never)."),
            Map.entry("ApplicationName", "application_name of the sessions in pg_stat_activity."),
            Map.entry("Configuration", "Every effective setting and where it came from; secrets left out."),
            Map.entry("healthCheck", "Runs one query through the pool: status, server version, database time, "
                    + "whether the server is a replica, latency, or the error."),
            Map.entry("resetStatistics", "Clears the counters (the gauges PoolSize and ActiveConnections stay)."),
            Map.entry("softEvictConnections", "Replaces every connection as soon as it is idle: in-use ones when "
                    + "returned, idle ones before their next use. For credential rotation or after a failover."));

    /** Which pool each of our names belongs to, so that a redeployed resource can take its name back. */
    private static final Map<ObjectName, Owner> OWNERS = new ConcurrentHashMap<>();

    private final ObjectName name;
    private final MBeanServer server;
    private final Owner pool;

    private PoolMBeanRegistration(ObjectName name, MBeanServer server, Owner pool) {
        this.name = name;
        this.server = server;
        this.pool = pool;
    }

    /** Registers the pool's MXBean; returns null (and logs) if JMX refused, which must not stop the pool. */
    public static PoolMBeanRegistration register(Owner pool) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String poolName = pool.runtime().poolName();
        StandardMBean mbean = new DescribedMXBean(new ConnectionPoolMBean(pool), poolName);
        try {
            for (int n = 1; ; n++) {
                ObjectName name = objectName(n == 1 ? poolName : poolName + " (" + n + ")");
                Owner previous = OWNERS.get(name);
                if (previous != null && previous != pool && previous.retiredTwinOf(pool.runtime())) {
                    // The same resource deployed again (an application redeploy): containers give an adapter no
                    // signal when they drop a pool, so the retired one hands over its name; the rest of it goes
                    // when its factory is collected or the adapter stops.
                    LOG.fine(() -> "codecheck-ra pool " + poolName + ": taking over " + name + " from a retired pool");
                    previous.yieldName();
                }
                try {
                    server.registerMBean(mbean, name);
                    OWNERS.put(name, pool);
                    if (n > 1) {
                        LOG.warning("codecheck-ra pool " + poolName + ": another resource already uses this poolName; "
                                + "its MBean is registered as " + name + ". Give each resource its own poolName.");
                    } else if (LOG.isLoggable(Level.FINE)) {
                        LOG.fine("codecheck-ra pool " + poolName + ": MBean registered as " + name);
                    }
                    return new PoolMBeanRegistration(name, server, pool);
                } catch (InstanceAlreadyExistsException taken) {
                    // try the next suffix
                }
            }
        } catch (JMException | SecurityException e) {
            LOG.log(Level.WARNING, "codecheck-ra pool " + poolName + ": could not register its MBean", e);
            return null;
        }
    }

    public static ObjectName objectName(String poolName) throws JMException {
        return new ObjectName("io.codecheck:type=ConnectionPool,name=" + ObjectName.quote(poolName));
    }

    public ObjectName name() {
        return name;
    }

    public void unregister() {
        OWNERS.remove(name, pool);
        try {
            server.unregisterMBean(name);
        } catch (JMException | SecurityException e) {
            LOG.log(Level.FINE, "codecheck-ra: MBean " + name + " was already gone", e);
        }
    }

    /** Adds the descriptions consoles show, and puts the attributes to watch first. */
    private static final class DescribedMXBean extends StandardMBean {
        private final String poolName;

        DescribedMXBean(ConnectionPoolMXBean impl, String poolName) {
            super(impl, ConnectionPoolMXBean.class, true);
            this.poolName = poolName;
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return "codecheck-ra connection pool '" + poolName + "': statistics, configuration and operations";
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return DESCRIPTIONS.getOrDefault(info.getName(), info.getName());
        }

        @Override
        protected String getDescription(MBeanOperationInfo info) {
            return DESCRIPTIONS.getOrDefault(info.getName(), info.getName());
        }

        @Override
        protected void cacheMBeanInfo(MBeanInfo info) {
            super.cacheMBeanInfo(info == null ? null : ordered(info));
        }

        private static MBeanInfo ordered(MBeanInfo info) {
            List<MBeanAttributeInfo> attributes = new ArrayList<>(List.of(info.getAttributes()));
            attributes.sort((a, b) -> Integer.compare(rank(a.getName()), rank(b.getName())));
            return new MBeanInfo(info.getClassName(), info.getDescription(),
                    attributes.toArray(new MBeanAttributeInfo[0]), info.getConstructors(), info.getOperations(),
                    info.getNotifications(), info.getDescriptor());
        }

        private static int rank(String attribute) {
            int i = FIRST.indexOf(attribute);
            return i >= 0 ? i : FIRST.size();
        }
    }
}
