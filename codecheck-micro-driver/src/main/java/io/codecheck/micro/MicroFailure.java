package io.codecheck.micro;

/** Payara Micro did not become ready: why, and the part of its log that shows it. */
public final class MicroFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The process ended before it was ready. */
        EXITED,
        /** Micro booted but a {@code deploy} boot command failed. */
        DEPLOY_FAILED,
        /** Micro booted but the application did not answer within the time allowed after the boot. */
        NOT_DEPLOYED,
        /** Not ready within the deadline. */
        TIMEOUT,
        /** The waiting thread was interrupted. */
        INTERRUPTED
    }

    private final Reason reason;
    private final String logExcerpt;

    MicroFailure(Reason reason, String message, String logExcerpt) {
        super(message + "\n" + logExcerpt);
        this.reason = reason;
        this.logExcerpt = logExcerpt;
    }

    public Reason reason() {
        return reason;
    }

    /** The log lines that explain the failure (the failed boot commands and causes, or the log's tail). */
    public String logExcerpt() {
        return logExcerpt;
    }
}
