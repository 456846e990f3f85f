package io.codecheck.ra.config;

import java.util.Locale;
import java.util.Map;

/**
 * pgjdbc's {@code targetServerType} values, and libpq's {@code target_session_attrs} translated to them.
 *
 * <p>The deprecated pgjdbc spellings {@code master}, {@code slave} and {@code preferSlave} are accepted (existing
 * JDBC URLs use them) and normalised to {@code primary}, {@code secondary}, {@code preferSecondary}.
 */
final class TargetServerTypes {

    static final String ALLOWED = "any, primary, secondary, preferSecondary, preferPrimary";
    static final String ALLOWED_LIBPQ = "any, read-write, primary, read-only, standby, prefer-standby";

    private static final Map<String, String> PGJDBC = Map.of(
            "any", "any",
            "primary", "primary",
            "secondary", "secondary",
            "prefersecondary", "preferSecondary",
            "preferprimary", "preferPrimary",
            "master", "primary",
            "slave", "secondary",
            "preferslave", "preferSecondary");

    // libpq's read-write/read-only look at transaction_read_only, pgjdbc only at pg_is_in_recovery(); for a
    // cluster of one primary and its standbys both pick the same servers.
    private static final Map<String, String> LIBPQ = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    private TargetServerTypes() {
    }

    /** The canonical pgjdbc spelling of the value. */
    static String parse(Raw raw) {
        String canonical = PGJDBC.get(raw.text().trim().toLowerCase(Locale.ROOT));
        if (canonical == null) {
            throw raw.invalid("allowed values are " + ALLOWED);
        }
        return canonical;
    }

    /** The pgjdbc value for a libpq {@code target_session_attrs}, or {@code null} if unknown. */
    static String fromLibpq(String value) {
        return LIBPQ.get(value.trim().toLowerCase(Locale.ROOT));
    }
}
