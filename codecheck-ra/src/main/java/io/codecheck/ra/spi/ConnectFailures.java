package io.codecheck.ra.spi;

/**
 * When opening a session last failed in this thread (System.nanoTime): containers often rethrow a failed allocation
 * without its cause, and this tells "server unreachable" apart from "pool exhausted" in the connection factory. A
 * time, not a flag, so that a failure left over from an earlier request of a pooled thread is not taken for this
 * one's.
 */
final class ConnectFailures {
    private static final ThreadLocal<Long> FAILED_IN_THIS_THREAD = new ThreadLocal<>();

    private ConnectFailures() {
    }

    static void failedNow() {
        FAILED_IN_THIS_THREAD.set(System.nanoTime());
    }

    static void succeeded() {
        FAILED_IN_THIS_THREAD.remove();
    }

    /** Whether opening a session failed in this thread at or after {@code sinceNanos}; clears the mark. */
    static boolean failedInThisThreadSince(long sinceNanos) {
        Long failedAt = FAILED_IN_THIS_THREAD.get();
        if (failedAt == null) {
            return false;
        }
        FAILED_IN_THIS_THREAD.remove();
        return failedAt - sinceNanos >= 0;
    }
}
