package io.codecheck.ra.config;

/**
 * The connection pooler between the adapter and PostgreSQL: the {@code poolerMode} property, spelled as PgBouncer's
 * own {@code pool_mode}, so that the value to set is the one in {@code pgbouncer.ini}.
 *
 * <ul>
 * <li>{@link #NONE}: the adapter talks to PostgreSQL (or to a pooler that passes startup parameters on). The
 * resource's timeouts and read-only default are startup parameters ({@code options}).</li>
 * <li>{@link #SESSION}: one server connection per adapter session for its whole life. PgBouncer refuses the
 * {@code options} startup parameter, so the settings are {@code SET} right after login, in one round trip, and again
 * after every {@code DISCARD ALL}.</li>
 * <li>{@link #TRANSACTION}: each transaction may run on another server connection. Nothing is set for the session:
 * the adapter begins every transaction itself ({@code BEGIN [READ ONLY]; SET LOCAL ...}), runs the application's
 * auto-commit statements each in such a transaction, refuses SQL that would leave session state on a shared server
 * connection, never sends {@code DISCARD ALL}, and uses no named server-side prepared statements.</li>
 * </ul>
 */
public enum PoolerMode {
    NONE("none"),
    SESSION("session"),
    TRANSACTION("transaction");

    private final String propertyValue;

    PoolerMode(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** The spelling of the property value, e.g. {@code transaction}. */
    public String propertyValue() {
        return propertyValue;
    }

    /** {@code none, session, transaction} */
    public static String allowedValues() {
        return Values.spellings(values(), PoolerMode::propertyValue);
    }

    /** Case-insensitive, surrounding blanks ignored, like the other enumerated properties. */
    static PoolerMode parse(Raw raw) {
        return Values.oneOf(raw, values(), PoolerMode::propertyValue);
    }

    @Override
    public String toString() {
        return propertyValue;
    }
}
