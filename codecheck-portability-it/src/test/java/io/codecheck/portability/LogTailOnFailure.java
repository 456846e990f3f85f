package io.codecheck.portability;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Adds the tail of the server's log (as a suppressed exception, and on stdout) to every failure of a test method or
 * of {@code @BeforeAll}/{@code @AfterAll}, so the report shows what the server said.
 */
public final class LogTailOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private final String logName;
    private final Supplier<String> tail;

    /**
     * @param logName names the log in the report, e.g. "WildFly server.log"
     * @param tail the log's last lines, or null while there is no server
     */
    public LogTailOnFailure(String logName, Supplier<String> tail) {
        this.logName = logName;
        this.tail = tail;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withLog(t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withLog(t);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withLog(t);
    }

    private Throwable withLog(Throwable t) {
        String lines = tail.get();
        if (lines != null) {
            System.out.println("---- " + logName + " (last lines) ----\n" + lines);
            t.addSuppressed(new AssertionError(logName + ", last lines:\n" + lines));
        }
        return t;
    }
}
