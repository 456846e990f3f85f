package io.codecheck.ra.pool;

import io.codecheck.ra.jdbc.ConnectionHandle;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports handles held longer than {@code leakDetectionThreshold}: once each, with the stack of the code that took
 * the connection. Only exists when the threshold is set; the stack is captured at borrow time, which is the price
 * of knowing where a leak comes from.
 */
public final class LeakDetector {
    private static final Logger LOG = Logger.getLogger(LeakDetector.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String poolName;
    private final long thresholdMillis;
    private final PoolMetrics metrics;
    private final ScheduledThreadPoolExecutor timer;

    LeakDetector(String poolName, long thresholdMillis, PoolMetrics metrics) {
        this.poolName = poolName;
        this.thresholdMillis = thresholdMillis;
        this.metrics = metrics;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> AdapterThreads.daemon(r,
                "codecheck-ra-leak-detector-" + poolName + "-" + THREADS.incrementAndGet()));
        // cancelled watches (the normal case: the handle was closed in time) must not pile up in the queue
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    public Future<?> watch(ConnectionHandle handle) {
        Throwable takenAt = new Throwable("connection taken here by thread " + Thread.currentThread().getName());
        return timer.schedule(() -> report(handle, takenAt), thresholdMillis, TimeUnit.MILLISECONDS);
    }

    private void report(ConnectionHandle handle, Throwable takenAt) {
        if (handle.isClosed()) {
            return;
        }
        metrics.leakDetected();
        LOG.log(Level.WARNING, "codecheck-ra pool " + poolName + ": a connection has been held for more than "
                + thresholdMillis + " ms and may have leaked (leakDetectionThreshold)", takenAt);
    }

    public void shutdown() {
        timer.shutdownNow();
    }
}
