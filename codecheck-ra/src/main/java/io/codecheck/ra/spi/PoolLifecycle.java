package io.codecheck.ra.spi;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.jmx.PoolMBeanRegistration;
import io.codecheck.ra.pool.PoolRuntime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * How one resource's runtime starts and ends: its MBean, the adapter that stops it, its release once the container
 * drops its factory, and the hand-over of its MBean name to the same resource deployed again.
 *
 * <p>Nothing here refers to the managed connection factory, so that the factory can be garbage-collected when the
 * container drops it: containers tell an adapter when it stops, but not when they drop one of its pools (an
 * application with its own resources is undeployed). The MBean, which the MBean server holds, and the leak detector's
 * thread then go with the factory ({@link #releaseWith}).
 */
final class PoolLifecycle implements PoolMBeanRegistration.Owner {
    private static final Logger LOG = Logger.getLogger(PoolLifecycle.class.getName());

    private final PoolRuntime runtime;
    /**
     * The connection factories the container created (it may create one per lookup). Weak: the MBean server holds
     * this object through the MBean, and must not hold the managed connection factory with it.
     */
    private final List<WeakReference<CodeCheckDataSource>> dataSources = new ArrayList<>(); // guarded by itself
    private volatile PoolMBeanRegistration mbean;
    private volatile PgResourceAdapter adapter;
    private volatile DroppedFactories.Watch watch;
    private final AtomicBoolean released = new AtomicBoolean();
    /** Managed connections of this pool ever created, and those not destroyed yet: see {@link #retiredTwinOf}. */
    private final AtomicInteger managedConnectionsEver = new AtomicInteger();
    private final AtomicInteger managedConnectionsAlive = new AtomicInteger();
    /** The MBean name went to a twin ({@link #yieldName}); written under this object's lock. */
    private volatile boolean yieldedName;

    PoolLifecycle(PoolRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public PoolRuntime runtime() {
        return runtime;
    }

    /** A connection factory the container created: health checks from JMX go through the container's pool. */
    void attach(CodeCheckDataSource ds) {
        synchronized (dataSources) {
            dataSources.removeIf(ref -> ref.get() == null);
            dataSources.add(new WeakReference<>(ds));
        }
    }

    @Override
    public HealthStatus health() {
        CodeCheckDataSource ds = null;
        synchronized (dataSources) {
            for (int i = dataSources.size() - 1; i >= 0 && ds == null; i--) {
                ds = dataSources.get(i).get();
            }
        }
        if (ds == null) {
            return new HealthStatus(runtime.poolName(), false, null, null, false, 0, "no connection factory is in "
                    + "use for this resource", null);
        }
        return ds.health();
    }

    /** Releases this pool once {@code factory} has been garbage-collected, unless it was shut down before. */
    void releaseWith(PgManagedConnectionFactory factory) {
        watch = DroppedFactories.watch(factory, this);
    }

    /** The adapter the factory belongs to; it shuts this pool down when it stops. */
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
    @Override
    public boolean retiredTwinOf(PoolRuntime other) {
        return managedConnectionsEver.get() > 0 && managedConnectionsAlive.get() == 0
                && runtime.settings().operatorView().equals(other.settings().operatorView());
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
    @Override
    public void yieldName() {
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
        LOG.warning("codecheck-ra pool " + runtime.poolName() + ": in use again after another resource with the "
                + "same settings took its MBean name; registering its MBean again");
        // not under this object's lock: registering may make another pool yield its name
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
        if (runtime.leakDetector() != null) {
            runtime.leakDetector().shutdown();
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
