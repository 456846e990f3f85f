package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition that the server reaches asynchronously (a closed socket ends its backend a moment later). */
final class Await {
    private Await() {
    }

    static <T> void until(String what, Callable<T> actual, T expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = actual.call();
        while (!expected.equals(last)) {
            if (System.nanoTime() > deadline) {
                fail(what + ": expected " + expected + " within " + timeout + " but was " + last);
            }
            Thread.sleep(50);
            last = actual.call();
        }
    }

    static void backends(PoolFixture pool, int expected) throws Exception {
        until("server sessions of " + pool.applicationName, pool::backends, expected, Duration.ofSeconds(10));
    }
}
