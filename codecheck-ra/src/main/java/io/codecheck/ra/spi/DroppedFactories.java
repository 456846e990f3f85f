package io.codecheck.ra.spi;

import io.codecheck.ra.pool.AdapterThreads;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Releases a pool's runtime (MBean, leak detector) once the container has dropped the pool's factory and the
 * factory has been garbage-collected: containers tell an adapter when it stops, not when they drop one of its pools,
 * as they do when an application with its own resources is undeployed.
 *
 * <p>One daemon thread waits for collected factories while any pool is watched, and ends within a second of the last
 * watch ending, so that a stopped adapter leaves no thread behind.
 */
final class DroppedFactories {
    private static final Logger LOG = Logger.getLogger(DroppedFactories.class.getName());
    private static final ReferenceQueue<PgManagedConnectionFactory> QUEUE = new ReferenceQueue<>();
    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
    private static final long POLL_MILLIS = 1_000;
    private static Thread reaper; // guarded by DroppedFactories.class

    private DroppedFactories() {
    }

    /** Calls {@code runtime.release()} once {@code factory} has been collected, unless the watch is ended first. */
    static Watch watch(PgManagedConnectionFactory factory, PoolLifecycle runtime) {
        Watch w = new Watch(factory, runtime);
        synchronized (DroppedFactories.class) {
            WATCHED.add(w);
            if (reaper == null) {
                reaper = AdapterThreads.daemon(DroppedFactories::reap, "codecheck-ra-dropped-pools");
                reaper.start();
            }
        }
        return w;
    }

    static int watched() {
        return WATCHED.size();
    }

    private static void reap() {
        while (true) {
            try {
                Reference<?> collected = QUEUE.remove(POLL_MILLIS);
                if (collected instanceof Watch w && WATCHED.remove(w)) {
                    if (LOG.isLoggable(Level.FINE)) {
                        LOG.fine("codecheck-ra pool " + w.runtime.runtime().poolName() + ": its factory was dropped by the "
                                + "container; removing its MBean");
                    }
                    w.runtime.release();
                }
            } catch (InterruptedException e) {
                // only an adapter stop or server shutdown interrupts us: let the thread end with the watches
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "codecheck-ra: releasing a dropped pool failed", e);
            }
            synchronized (DroppedFactories.class) {
                if (WATCHED.isEmpty() || Thread.currentThread().isInterrupted()) {
                    reaper = null;
                    return;
                }
            }
        }
    }

    /** A watched factory; refers to its runtime, never to the factory. */
    static final class Watch extends PhantomReference<PgManagedConnectionFactory> {
        private final PoolLifecycle runtime;

        private Watch(PgManagedConnectionFactory factory, PoolLifecycle runtime) {
            super(factory, QUEUE);
            this.runtime = runtime;
        }

        /** The runtime is shut down another way: stop watching. */
        void end() {
            WATCHED.remove(this);
            clear();
        }
    }
}
