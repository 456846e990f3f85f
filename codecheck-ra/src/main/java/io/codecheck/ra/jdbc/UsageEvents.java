package io.codecheck.ra.jdbc;

/** What an application's use of a handle tells the pool's statistics. */
public interface UsageEvents {
    void queryExecuted();

    void rolledBack();

    /** An error the caller saw; the message is free of secrets. */
    void error(String message);
}
