package io.codecheck.ra.pg;

/** What opening sessions tells the pool's statistics. */
public interface ConnectEvents {
    /** A session was opened (TCP, TLS, login, session settings) in {@code nanos}, at {@code nowNanos}. */
    void connectionCreated(long nanos, long nowNanos);

    /** A session opened and counted was closed again (a standby found lagging right after login). */
    void connectionDestroyed();

    /** Opening a session failed; the message is free of secrets. */
    void error(String message);
}
