package io.codecheck.ra.spi;

import java.util.Locale;

/**
 * Recognises SQL that changes session state which would outlive the borrower: SET/RESET, DISCARD, LISTEN,
 * PREPARE, temporary tables, cursors WITH HOLD, {@code set_config(...)} and session-level advisory locks.
 * It looks at the first keyword and scans for two function names, so the common SELECT/INSERT costs a few
 * character comparisons.
 */
final class SessionSql {
    private SessionSql() {
    }

    static boolean changesSession(String sql) {
        if (sql == null) {
            return false;
        }
        int start = skipSpaceAndComments(sql, 0);
        switch (firstKeyword(sql, start)) {
            case "SET", "RESET", "DISCARD", "LISTEN", "PREPARE", "DECLARE", "LOAD":
                return true;
            case "CREATE":
                String rest = sql.substring(start, Math.min(sql.length(), start + 40)).toUpperCase(Locale.ROOT);
                if (rest.contains("TEMP")) {
                    return true;
                }
                break;
            default:
                break;
        }
        return containsFunctionCall(sql);
    }

    private static int skipSpaceAndComments(String sql, int i) {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static String firstKeyword(String sql, int start) {
        int end = start;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        return end - start > 8 ? "" : sql.substring(start, end).toUpperCase(Locale.ROOT);
    }

    /** One pass over the text; the full comparison only runs where the first letter matches. */
    private static boolean containsFunctionCall(String sql) {
        for (int i = 0, n = sql.length(); i < n; i++) {
            char c = (char) (sql.charAt(i) | 0x20);
            // session-level advisory locks contain "advisory_lock"; transaction-level ones ("advisory_xact_lock") end
            // with the transaction and need no reset
            if (c == 's' && sql.regionMatches(true, i, "set_config", 0, 10)
                    || c == 'a' && sql.regionMatches(true, i, "advisory_lock", 0, 13)) {
                return true;
            }
        }
        return false;
    }
}
