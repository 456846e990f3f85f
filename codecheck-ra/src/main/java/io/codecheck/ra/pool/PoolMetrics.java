package io.codecheck.ra.pool;

import io.codecheck.ra.api.PoolStatistics;
import io.codecheck.ra.jdbc.UsageEvents;
import io.codecheck.ra.pg.ConnectEvents;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one resource. Written on the borrow/return and statement paths, so every update is a lock-free
 * adder or atomic; only the error path allocates.
 */
public final class PoolMetrics implements ConnectEvents, UsageEvents {
    private final String poolName;

    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder queries = new LongAdder();
    private final LongAdder committed = new LongAdder();
    private final LongAdder rolledBack = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder exhausted = new LongAdder();
    private final LongAdder created = new LongAdder();
    private final LongAdder destroyed = new LongAdder();
    private final LongAdder validationFailures = new LongAdder();
    private final LongAdder leaks = new LongAdder();
    private final Timing borrowWait = new Timing();
    private final Timing creation = new Timing();
    private final LatencyWindow borrowWaitWindow = new LatencyWindow();
    private final LatencyWindow creationWindow = new LatencyWindow();
    private volatile LastError lastError;

    PoolMetrics(String poolName) {
        this.poolName = poolName;
    }

    String poolName() {
        return poolName;
    }

    @Override
    public void connectionCreated(long nanos, long nowNanos) {
        created.increment();
        live.incrementAndGet();
        creation.record(nanos);
        creationWindow.record(nanos, nowNanos);
    }

    @Override
    public void connectionDestroyed() {
        destroyed.increment();
        live.decrementAndGet();
    }

    public void handedOut() {
        active.incrementAndGet();
    }

    public void returned() {
        active.decrementAndGet();
    }

    public void borrowed(long waitNanos, long nowNanos) {
        borrowWait.record(waitNanos);
        borrowWaitWindow.record(waitNanos, nowNanos);
    }

    @Override
    public void queryExecuted() {
        queries.increment();
    }

    public void committed() {
        committed.increment();
    }

    @Override
    public void rolledBack() {
        rolledBack.increment();
    }

    public void poolExhausted(String message) {
        exhausted.increment();
        error(message);
    }

    public void validationFailed() {
        validationFailures.increment();
    }

    void leakDetected() {
        leaks.increment();
    }

    /** Counts an error the callers saw; the message must already be free of secrets. */
    @Override
    public void error(String message) {
        errors.increment();
        lastError = new LastError(message, Instant.now());
    }

    public PoolStatistics snapshot() {
        long now = System.nanoTime();
        int size = Math.max(0, live.get());
        int inUse = Math.max(0, Math.min(size, active.get()));
        LastError last = lastError;
        return new PoolStatistics(poolName, size, inUse, size - inUse, queries.sum(), committed.sum(),
                rolledBack.sum(), errors.sum(), exhausted.sum(), last == null ? null : last.message(),
                last == null ? null : last.time(), created.sum(), destroyed.sum(), validationFailures.sum(),
                leaks.sum(), borrowWait.meanMillis(), borrowWait.maxMillis(), creation.meanMillis(),
                creation.maxMillis(), borrowWaitWindow.snapshot(now), creationWindow.snapshot(now));
    }

    /** Clears the event counters; the gauges (live, active) describe the present and stay. */
    public void reset() {
        for (LongAdder a : new LongAdder[] {queries, committed, rolledBack, errors, exhausted, created, destroyed,
                validationFailures, leaks}) {
            a.reset();
        }
        borrowWait.reset();
        creation.reset();
        borrowWaitWindow.reset();
        creationWindow.reset();
        lastError = null;
    }

    private record LastError(String message, Instant time) {
    }

    /** Mean and maximum of a duration; the maximum is only CASed when a new maximum is seen. */
    private static final class Timing {
        private final LongAdder count = new LongAdder();
        private final LongAdder totalNanos = new LongAdder();
        private final AtomicLong maxNanos = new AtomicLong();

        void record(long nanos) {
            count.increment();
            totalNanos.add(nanos);
            if (nanos > maxNanos.get()) {
                maxNanos.accumulateAndGet(nanos, Math::max);
            }
        }

        double meanMillis() {
            long n = count.sum();
            return n == 0 ? 0.0 : totalNanos.sum() / (double) n / 1_000_000.0;
        }

        double maxMillis() {
            return maxNanos.get() / 1_000_000.0;
        }

        void reset() {
            count.reset();
            totalNanos.reset();
            maxNanos.set(0);
        }
    }
}
