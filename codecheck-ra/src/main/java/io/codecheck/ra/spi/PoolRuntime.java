package io.codecheck.ra.spi;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.config.ConnectionSettings;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What one resource holds at run time besides its managed connections: the validated settings, the counters and
 * the leak detector. Read on every borrow, so everything here is final and precomputed.
 *
 * <p>Nothing here refers to the managed connection factory, so that the factory can be garbage-collected when the
 * container drops it: containers tell an adapter when it stops, but not when they drop one of its pools (an
 * application with its own resources is undeployed). The MBean, which the MBean server holds, and the leak detector's
 * thread then go with the factory ({@link #releaseWith}).
 */
final class PoolRuntime {
    private static final Logger LOG = Logger.getLogger(PoolRuntime.class.getName());

    private final ConnectionSettings settings;
    private final PoolMetrics metrics;
    private final PhysicalConnector connector;
    private final LeakDetector leakDetector;
    private final long validationIntervalNanos;
    private final long maxLifetimeNanos;
    private final int validationTimeoutSeconds;
    /**
     * When a session of this pool last died of a server-wide cause (System.nanoTime); sessions last known alive
     * before it are validated before they are handed out. Starts far in the past.
     */
    private volatile long lastServerWideFailureNanos = System.nanoTime() - (1L << 60);
    /** Raised by softEvictConnections: sessions opened under an older epoch are replaced when next idle. */
    private final AtomicLong evictionEpoch = new AtomicLong();
    /**
     * The connection factories the container created (it may create one per lookup). Weak: the MBean server holds
     * this runtime through the MBean, and must not hold the managed connection factory with it.
     */
    private final List<WeakReference<CodeCheckDataSource>> dataSources = new ArrayList<>(); // guarded by itself
    private volatile PoolMBeanRegistration mbean;
    private volatile PgResourceAdapter adapter;
    private volatile DroppedFactories.Watch watch;
    private final AtomicBoolean released = new AtomicBoolean();
    /** Managed connections of this pool ever created, and those not destroyed yet: see {@link #retiredTwinOf}. */
    private final AtomicInteger managedConnectionsEver = new AtomicInteger();
    private final AtomicInteger managedConnectionsAlive = new AtomicInteger();
    /** The MBean name went to a twin ({@link #yieldName}); written under this pool's lock. */
    private volatile boolean yieldedName;

    PoolRuntime(ConnectionSettings settings) {
        this.settings = settings;
        this.metrics = new PoolMetrics(settings.poolName());
        this.connector = new PhysicalConnector(settings, metrics);
        this.leakDetector = settings.leakDetectionThresholdMillis() > 0
                ? new LeakDetector(settings.poolName(), settings.leakDetectionThresholdMillis(), metrics)
                : null;
        this.validationIntervalNanos = settings.validationIntervalMillis() * 1_000_000L;
        this.maxLifetimeNanos = settings.maxLifetimeMillis() * 1_000_000L;
        // pgjdbc's isValid takes whole seconds; validationTimeout only accepts whole seconds
        this.validationTimeoutSeconds = settings.validationTimeoutSeconds();
        if (LOG.isLoggable(Level.CONFIG)) {
            LOG.config("codecheck-ra pool " + settings.poolName() + ": " + settings.describe());
        }
    }

    ConnectionSettings settings() {
        return settings;
    }

    PoolMetrics metrics() {
        return metrics;
    }

    PhysicalConnector connector() {
        return connector;
    }

    /** Null when leak detection is off. */
    LeakDetector leakDetector() {
        return leakDetector;
    }

    String poolName() {
        return settings.poolName();
    }

    long validationIntervalNanos() {
        return validationIntervalNanos;
    }

    /**
     * When a session opened at {@code openedNanos} is to be replaced, as a {@link System#nanoTime()} value; only
     * meaningful when {@link #agesOut()}. Up to 2.5 % before maxLifetime, at random, so that sessions opened together
     * (a prefilled pool) are not all replaced at once.
     */
    long retireAtNanos(long openedNanos) {
        if (maxLifetimeNanos == 0) {
            return Long.MAX_VALUE;
        }
        return openedNanos + maxLifetimeNanos - ThreadLocalRandom.current().nextLong(maxLifetimeNanos / 40 + 1);
    }

    /** Whether sessions are replaced for their age (maxLifetime > 0). */
    boolean agesOut() {
        return maxLifetimeNanos != 0;
    }

    int validationTimeoutSeconds() {
        return validationTimeoutSeconds;
    }

    long evictionEpoch() {
        return evictionEpoch.get();
    }

    void softEvict() {
        evictionEpoch.incrementAndGet();
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("codecheck-ra pool " + poolName() + ": every connection will be replaced when next idle");
        }
    }

    void serverWideFailure() {
        lastServerWideFailureNanos = System.nanoTime();
    }

    long lastServerWideFailureNanos() {
        return lastServerWideFailureNanos;
    }

    /** A connection factory the container created: health checks from JMX go through the container's pool. */
    void attach(CodeCheckDataSource ds) {
        synchronized (dataSources) {
            dataSources.removeIf(ref -> ref.get() == null);
            dataSources.add(new WeakReference<>(ds));
        }
    }

    HealthStatus health() {
        CodeCheckDataSource ds = null;
        synchronized (dataSources) {
            for (int i = dataSources.size() - 1; i >= 0 && ds == null; i--) {
                ds = dataSources.get(i).get();
            }
        }
        if (ds == null) {
            return new HealthStatus(poolName(), false, null, null, false, 0, "no connection factory is in use for "
                    + "this resource", null);
        }
        return ds.health();
    }

    /** Releases this runtime once {@code factory} has been garbage-collected, unless it was shut down before. */
    void releaseWith(PgManagedConnectionFactory factory) {
        watch = DroppedFactories.watch(factory, this);
    }

    /** The adapter the factory belongs to; it shuts this runtime down when it stops. */
    void stopWith(PgResourceAdapter ra) {
        adapter = ra;
        ra.track(this);
    }

    /**
     * Whether this pool is what an undeployed application leaves behind when it is deployed again, configured
     * exactly like {@code other}: its container created managed connections and has destroyed every one of them.
     *
     * <p>Why managed connections and not sessions: a managed connection whose session died (a database restart,
     * a failover) stays in the container's pool and reconnects on its next use, so a live pool can have no session
     * at all for as long as the server is down. Only the container ends a managed connection, and it ends them all
     * when it drops the pool. Why not the factory or the connection factories the container handed out: that they
     * are unreachable only shows once a garbage collection has cleared them, so a redeployed resource would nearly
     * always find its name taken. What remains possible is a live pool whose container has destroyed every
     * connection (and, say, keeps none idle); such a pool only yields its name ({@link #yieldName}), keeps its leak
     * detector and borrows on, and registers its MBean again with its next managed connection.
     */
    boolean retiredTwinOf(PoolRuntime other) {
        return managedConnectionsEver.get() > 0 && managedConnectionsAlive.get() == 0
                && settings.operatorView().equals(other.settings.operatorView());
    }

    /** Called by every managed connection of this pool once it exists (its first session is open). */
    void managedConnectionOpened() {
        managedConnectionsEver.incrementAndGet();
        managedConnectionsAlive.incrementAndGet();
        if (yieldedName && !released.get()) {
            reclaimMBean();
        }
    }

    /** Called once by every managed connection of this pool when the container destroys it. */
    void managedConnectionClosed() {
        managedConnectionsAlive.decrementAndGet();
    }

    /**
     * A twin takes this pool's MBean name ({@link #retiredTwinOf}). Only the name goes: the leak detector's thread
     * ends by itself once it has nothing to watch, and the rest goes with the factory ({@link #releaseWith}) or with
     * the adapter, so that a pool wrongly taken for retired loses nothing but its name, and not for long.
     */
    void yieldName() {
        PoolMBeanRegistration m;
        synchronized (this) {
            m = mbean;
            mbean = null;
            yieldedName = m != null;
        }
        if (m != null) {
            m.unregister();
        }
    }

    /** This pool yielded its name but is in use after all: it registers again, under a free name. */
    private void reclaimMBean() {
        synchronized (this) {
            if (!yieldedName || released.get()) {
                return;
            }
            yieldedName = false;
        }
        LOG.warning("codecheck-ra pool " + poolName() + ": in use again after another resource with the same "
                + "settings took its MBean name; registering its MBean again");
        // not under this pool's lock: registering may make another pool yield its name
        PoolMBeanRegistration m = PoolMBeanRegistration.register(this);
        boolean keep;
        synchronized (this) {
            keep = mbean == null && !released.get();
            if (keep) {
                mbean = m;
            }
        }
        if (!keep && m != null) {
            m.unregister();
        }
    }

    void registerMBean() {
        mbean = PoolMBeanRegistration.register(this);
    }

    /** The MBean's name, or null when it is not registered. */
    javax.management.ObjectName mbeanName() {
        PoolMBeanRegistration m = mbean;
        return m == null ? null : m.name();
    }

    /** Stops what runs in the background for this resource and removes its MBean. Idempotent. */
    void shutdown() {
        DroppedFactories.Watch w = watch;
        if (w != null) {
            w.end();
        }
        release();
    }

    /** Called once the factory is gone, or by {@link #shutdown()}; only the first call acts. */
    void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        if (leakDetector != null) {
            leakDetector.shutdown();
        }
        PoolMBeanRegistration m;
        synchronized (this) {
            m = mbean;
            mbean = null;
            yieldedName = false;
        }
        if (m != null) {
            m.unregister();
        }
        PgResourceAdapter ra = adapter;
        if (ra != null) {
            ra.untrack(this);
        }
    }
}
