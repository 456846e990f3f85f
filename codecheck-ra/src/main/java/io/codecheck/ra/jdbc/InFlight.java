package io.codecheck.ra.jdbc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the driver calls running on one physical session through the statements of its handles. A session given
 * back while a call still runs (the borrower closed its handle from another thread) cannot be reset without waiting
 * for that call, so it is closed instead; this count is how the pool knows.
 */
public class InFlight {
    private final AtomicInteger running = new AtomicInteger();

    /** Returns this, so the caller can end what it started whatever happens to the handle meanwhile. */
    InFlight start() {
        running.incrementAndGet();
        return this;
    }

    void end() {
        running.decrementAndGet();
    }

    public boolean busy() {
        return running.get() > 0;
    }
}
