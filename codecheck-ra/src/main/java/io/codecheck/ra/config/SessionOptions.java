package io.codecheck.ra.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@code options} startup parameter. Settings sent at startup become the session's reset values: they
 * cost no round trip, apply before the first statement and survive {@code RESET ALL} / {@code DISCARD ALL}.
 *
 * <p>A user-supplied {@code options} (from a URL or {@code driverProperties}) is appended after the adapter's
 * settings, except that it may not set the three settings the adapter owns: two places for one setting would
 * make {@code describe()} lie.
 */
final class SessionOptions {

    private static final Map<String, String> OWNED = Map.of(
            "statement_timeout", "statementTimeout",
            "idle_in_transaction_session_timeout", "idleInTransactionTimeout",
            "default_transaction_read_only", "readOnly");

    /** See {@link ConnectionSettings#readOnlyAfterLogin()}. */
    static final String READ_ONLY_SQL = "SET SESSION default_transaction_read_only = on";

    private SessionOptions() {
    }

    /** poolerMode=session: what the startup parameter would have set, as SET commands sent in one round trip. */
    static String sessionSql(int statementTimeoutMillis, int idleInTransactionTimeoutMillis, boolean readOnly) {
        return "SET SESSION statement_timeout = " + statementTimeoutMillis
                + "; SET SESSION idle_in_transaction_session_timeout = " + idleInTransactionTimeoutMillis
                + (readOnly ? "; " + READ_ONLY_SQL : "");
    }

    /** poolerMode=transaction: SET LOCAL of the timeouts that are set (0 is left to the server); null if none. */
    static String transactionSql(int statementTimeoutMillis, int idleInTransactionTimeoutMillis) {
        StringBuilder sb = new StringBuilder();
        if (statementTimeoutMillis > 0) {
            sb.append("; SET LOCAL statement_timeout = ").append(statementTimeoutMillis);
        }
        if (idleInTransactionTimeoutMillis > 0) {
            sb.append("; SET LOCAL idle_in_transaction_session_timeout = ").append(idleInTransactionTimeoutMillis);
        }
        return sb.length() == 0 ? null : sb.substring(2);
    }

    /** PgBouncer refuses the options startup parameter (or drops it, with ignore_startup_parameters). */
    static void refuseBehindPooler(Raw userOptions, PoolerMode mode) {
        if (userOptions != null) {
            throw new ConfigurationException(userOptions.property(), userOptions.origin()
                    + ": the options startup parameter cannot be used with poolerMode=" + mode
                    + " (PgBouncer refuses it, or drops it with ignore_startup_parameters); set such settings per "
                    + "role or database on the server (ALTER ROLE ... SET), or use poolerMode=none");
        }
    }

    static String build(int statementTimeoutMillis, int idleInTransactionTimeoutMillis, boolean readOnly,
            Raw userOptions) {
        StringBuilder sb = new StringBuilder()
                .append("-c statement_timeout=").append(statementTimeoutMillis)
                .append(" -c idle_in_transaction_session_timeout=").append(idleInTransactionTimeoutMillis);
        if (readOnly) {
            sb.append(" -c default_transaction_read_only=on");
        }
        if (userOptions != null) {
            checkUserOptions(userOptions);
            sb.append(' ').append(userOptions.text().trim());
        }
        return sb.toString();
    }

    private static void checkUserOptions(Raw raw) {
        List<String> tokens = tokenize(raw.text());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String assignment = null;
            if (t.equals("-c") && i + 1 < tokens.size()) {
                assignment = tokens.get(++i);
            } else if (t.startsWith("-c")) {
                assignment = t.substring(2);
            } else if (t.startsWith("--")) {
                assignment = t.substring(2);
            }
            if (assignment == null) {
                continue;
            }
            int eq = assignment.indexOf('=');
            String name = (eq < 0 ? assignment : assignment.substring(0, eq)).toLowerCase(Locale.ROOT).replace('-', '_');
            String owner = OWNED.get(name);
            if (owner != null) {
                throw new ConfigurationException(raw.property(), raw.origin() + ": may not set " + name
                        + "; use the " + owner + " property");
            }
        }
    }

    /** Splits like the server does: on whitespace, with backslash escaping the next character. */
    private static List<String> tokenize(String s) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                current.append(s.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
