package io.codecheck.ra.jmx;

import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.config.SslMode;
import io.codecheck.ra.pool.PoolRuntime;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /**
     * The {@link Description} of each attribute and operation of {@link ConnectionPoolMXBean}, by the name consoles
     * show (getters without {@code get}/{@code is}); read once, when the first MBean is registered.
     */
    static final class Descriptions {
        static final Map<String, String> TEXT;
        /** Consoles list attributes in this order: the monitoring advice of the Python module first. */
        static final List<String> FIRST;

        static {
            Map<String, String> text = new HashMap<>();
            Map<Integer, String> first = new TreeMap<>();
            for (Method m : ConnectionPoolMXBean.class.getMethods()) {
                Description d = m.getAnnotation(Description.class);
                if (d != null) {
                    String name = jmxName(m);
                    text.put(name, d.value());
                    if (d.watchFirst() > 0) {
                        first.put(d.watchFirst(), name);
                    }
                }
            }
            TEXT = Map.copyOf(text);
            FIRST = List.copyOf(first.values());
        }

        private Descriptions() {
        }

        /** {@code getErrors} and {@code isReadOnly} are the attributes {@code Errors} and {@code ReadOnly}. */
        static String jmxName(Method m) {
            String n = m.getName();
            boolean getter = m.getParameterCount() == 0 && m.getReturnType() != void.class;
            if (getter && n.startsWith("get") && n.length() > 3) {
                return n.substring(3);
            }
            if (getter && n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class) {
                return n.substring(2);
            }
            return n;
        }
    }

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

    /** Adds the descriptions consoles show ({@link Description}), and puts the attributes to watch first. */
    static final class DescribedMXBean extends StandardMBean {
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
            return Descriptions.TEXT.getOrDefault(info.getName(), info.getName());
        }

        @Override
        protected String getDescription(MBeanOperationInfo info) {
            return Descriptions.TEXT.getOrDefault(info.getName(), info.getName());
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
            int i = Descriptions.FIRST.indexOf(attribute);
            return i >= 0 ? i : Descriptions.FIRST.size();
        }
    }
}
