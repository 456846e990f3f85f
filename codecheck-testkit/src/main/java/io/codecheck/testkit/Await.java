package io.codecheck.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waiting for a condition instead of sleeping: Awaitility, polled every {@link #POLL} from the first moment, failing
 * with an {@link AssertionError} that says what did not happen (and, through {@code whatFailed}, the state then).
 * Tests with other needs use Awaitility directly.
 */
public final class Await {

    /** How often a condition is checked. */
    public static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /** Until {@code condition} holds; an exception from it fails at once. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatFailed) {
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + whatFailed.get(), e);
        }
    }

    /** The same with a fixed description. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(timeout, condition, () -> what);
    }

    /** Until {@code value} gives a result that is not null, which is returned. */
    public static <T> T result(String what, Duration timeout, Callable<T> value) {
        try {
            return Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(value, v -> v != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what, e);
        }
    }
}
