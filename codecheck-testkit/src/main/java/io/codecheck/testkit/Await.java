package io.codecheck.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waiting for a condition instead of sleeping: Awaitility, polled every {@link #POLL} from the first moment, failing
 * with an {@link AssertionError} that says what did not happen (and, through {@code whatFailed}, the state then).
 * An exception thrown by the condition fails at once. Tests with other needs use Awaitility directly.
 */
public final class Await {

    /** How often a condition is checked. */
    public static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /** A condition that may throw (SQL, HTTP). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** The failure message, computed when the time is up (it may show the state then). */
    @FunctionalInterface
    public interface Description {
        String get() throws Exception;
    }

    /**
     * Awaitility as these waits need it: the condition runs on the test's own thread (a JDBC connection or an HTTP
     * client need not be handed between threads), an exception on another thread of the test is not taken for this
     * wait's failure, and a timeout of zero or less checks the condition once instead of refusing to wait.
     */
    private static org.awaitility.core.ConditionFactory await(Duration timeout) {
        Duration atMost = timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
        return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL).pollInSameThread()
                .dontCatchUncaughtExceptions();
    }

    /** Until {@code condition} holds. */
    public static void until(Duration timeout, Condition condition, Description whatFailed) {
        try {
            await(timeout).until(condition::holds);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + describe(whatFailed), e);
        }
    }

    /** The same with a fixed description. */
    public static void until(String what, Duration timeout, Condition condition) {
        until(timeout, condition, () -> what);
    }

    /**
     * Until {@code condition} holds or {@code timeout} has passed, without failing: whether it held. For bounded waits
     * whose outcome the test asserts afterwards in its own words.
     */
    public static boolean within(Duration timeout, Condition condition) {
        try {
            await(timeout).until(condition::holds);
            return true;
        } catch (ConditionTimeoutException notWithin) {
            return false;
        }
    }

    /** Until {@code value} gives a result that is not null, which is returned. */
    public static <T> T result(String what, Duration timeout, Callable<T> value) {
        try {
            return await(timeout).until(value, v -> v != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what, e);
        }
    }

    private static String describe(Description whatFailed) {
        try {
            return whatFailed.get();
        } catch (Exception e) {
            return "(the state could not be read: " + e + ")";
        }
    }
}
