package io.codecheck.it.support;

import java.util.Properties;

/**
 * The answer of one servlet operation: {@code ok=true} plus the values the operation returned, or {@code ok=false}
 * plus the failure: {@code exception} (simple class name of the first {@code DatabaseException} in the cause chain,
 * else of the thrown exception), {@code sqlState}, {@code message}, {@code chain}. {@code elapsedMs} is measured in
 * the server around the operation, {@link #clientMillis()} around the HTTP call.
 */
public record Reply(String op, Properties values, long clientMillis) {

    public boolean ok() {
        return Boolean.parseBoolean(values.getProperty("ok"));
    }

    public String get(String key) {
        return values.getProperty(key);
    }

    public long getLong(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new AssertionError("no '" + key + "' in the reply to " + op + ": " + this);
        }
        return Long.parseLong(v);
    }

    public int getInt(String key) {
        return Math.toIntExact(getLong(key));
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(values.getProperty(key));
    }

    public String exception() {
        return values.getProperty("exception");
    }

    public String sqlState() {
        return values.getProperty("sqlState");
    }

    public String message() {
        return values.getProperty("message");
    }

    public long elapsedMillis() {
        return getLong("elapsedMs");
    }

    /** This reply, or an AssertionError that shows the failure. */
    public Reply assertOk() {
        if (!ok()) {
            throw new AssertionError(op + " failed: " + this);
        }
        return this;
    }

    /** This reply if it failed, or an AssertionError. */
    public Reply assertFailed() {
        if (ok()) {
            throw new AssertionError(op + " was expected to fail but succeeded: " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return new java.util.TreeMap<>(values).toString() + " (" + clientMillis + " ms at the client)";
    }
}
