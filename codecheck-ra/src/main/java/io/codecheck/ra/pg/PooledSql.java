package io.codecheck.ra.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What SQL does behind a transaction pooler, from its text: whether it leaves session state on the server connection
 * (which the next transaction of another client may get), and whether it cannot run inside a transaction block.
 * Looked at only for SQL that {@link SessionSql} did not prove clean; verdicts are cached per text.
 *
 * <p>Session state recognised: {@code SET} and {@code RESET} other than {@code SET LOCAL}, {@code SET TRANSACTION}
 * and {@code SET CONSTRAINTS} (so also {@code SET ROLE}, {@code SET SESSION AUTHORIZATION}, {@code SET SESSION
 * CHARACTERISTICS}); {@code set_config(..., ..., false)} (any third argument but the literal {@code true});
 * {@code LISTEN}; SQL {@code PREPARE} (not {@code PREPARE TRANSACTION}); {@code CREATE TEMP}/{@code TEMPORARY}
 * objects (but {@code ON COMMIT DROP} tables) and {@code SELECT ... INTO TEMP}; {@code DECLARE ... WITH HOLD}; session advisory locks
 * ({@code pg_advisory_lock}, {@code pg_advisory_lock_shared}, {@code pg_try_advisory_lock},
 * {@code pg_try_advisory_lock_shared}); {@code LOAD}. What the text does not show (a function or {@code DO} block
 * that does one of these) is trusted, as {@link SessionSql} trusts it.
 */
final class PooledSql {
    private static final Set<String> SESSION_LOCKS = Set.of("pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_try_advisory_lock", "pg_try_advisory_lock_shared");
    private static final String OK = "";
    private static final int CACHE_SIZE = 256;
    private static final Entry[] CACHE = new Entry[CACHE_SIZE];

    private record Entry(String sql, String verdict) {
    }

    private PooledSql() {
    }

    /** What of the SQL would leave session state (e.g. {@code SET}), or null. */
    @SuppressWarnings("ReferenceEquality") // a prepared statement passes the same String each time
    static String sessionState(String sql) {
        if (sql == null) {
            return null;
        }
        int slot = sql.hashCode() & (CACHE_SIZE - 1);
        Entry e = CACHE[slot];
        if (e != null && (e.sql == sql || e.sql.equals(sql))) {
            return e.verdict == OK ? null : e.verdict;
        }
        String verdict = judge(tokens(sql));
        CACHE[slot] = new Entry(sql, verdict == null ? OK : verdict);
        return verdict;
    }

    /** How to do it instead, for the message. */
    static String alternative(String what) {
        return switch (what) {
            case "SET", "RESET", "set_config(..., false)" -> "use SET LOCAL (or set_config(..., true)) inside a "
                    + "transaction, or set it per role or database on the server (ALTER ROLE ... SET)";
            case "LISTEN" -> "listen on a connection that bypasses the pooler";
            case "PREPARE" -> "use JDBC prepared statements (the adapter sends them unnamed)";
            case "a temporary table" -> "create it with ON COMMIT DROP inside a transaction, or use a CTE";
            case "a WITH HOLD cursor" -> "use a cursor without WITH HOLD inside a transaction";
            case "a session advisory lock" -> "use pg_advisory_xact_lock (released at commit) inside a transaction";
            default -> "run it on a connection that bypasses the pooler (poolerMode=none)";
        };
    }

    /** VACUUM, CREATE INDEX CONCURRENTLY and the like, which the server refuses inside a transaction block. */
    static boolean outsideTransactionBlock(String sql) {
        List<String> t = tokens(sql);
        if (t.isEmpty()) {
            return false;
        }
        String first = t.get(0);
        String second = t.size() > 1 ? t.get(1) : "";
        return switch (first) {
            case "vacuum", "cluster", "reindex", "discard" -> true;
            case "create", "drop" -> second.equals("database") || second.equals("tablespace")
                    || second.equals("subscription") || t.contains("concurrently");
            case "alter" -> second.equals("system");
            case "commit", "rollback" -> second.equals("prepared");
            default -> false;
        };
    }

    private static String judge(List<String> t) {
        int start = 0;
        for (int i = 0; i <= t.size(); i++) {
            if (i == t.size() || t.get(i).equals(";")) {
                String what = statement(t.subList(start, i));
                if (what != null) {
                    return what;
                }
                start = i + 1;
            }
        }
        return null;
    }

    private static String statement(List<String> t) {
        if (t.isEmpty()) {
            return null;
        }
        String first = t.get(0);
        String second = t.size() > 1 ? t.get(1) : "";
        switch (first) {
            case "set":
                return second.equals("local") || second.equals("transaction") || second.equals("constraints")
                        ? null : "SET";
            case "reset":
                return "RESET";
            case "listen":
                return "LISTEN";
            case "prepare":
                return second.equals("transaction") ? null : "PREPARE";
            case "load":
                return "LOAD";
            case "create":
                for (int i = 1; i < Math.min(t.size(), 4); i++) {
                    if ((t.get(i).equals("temp") || t.get(i).equals("temporary")) && !onCommitDrop(t)) {
                        return "a temporary table";
                    }
                }
                break;
            default:
                break;
        }
        for (int i = 0; i < t.size(); i++) {
            String w = t.get(i);
            String next = i + 1 < t.size() ? t.get(i + 1) : "";
            if (w.equals("into") && (next.equals("temp") || next.equals("temporary"))) {
                return "a temporary table";
            }
            if (first.equals("declare") && w.equals("with") && next.equals("hold")) {
                return "a WITH HOLD cursor";
            }
            if (next.equals("(") && SESSION_LOCKS.contains(w)) {
                return "a session advisory lock";
            }
            if (next.equals("(") && w.equals("set_config") && !thirdArgumentIsTrue(t, i + 1)) {
                return "set_config(..., false)";
            }
        }
        return null;
    }

    private static boolean onCommitDrop(List<String> t) {
        for (int i = 0; i + 2 < t.size(); i++) {
            if (t.get(i).equals("on") && t.get(i + 1).equals("commit") && t.get(i + 2).equals("drop")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the call whose '(' is at {@code open} has the single token {@code true} as its third argument. */
    private static boolean thirdArgumentIsTrue(List<String> t, int open) {
        int depth = 0;
        int argument = 0;
        List<String> third = new ArrayList<>();
        for (int i = open; i < t.size(); i++) {
            String w = t.get(i);
            if (w.equals("(")) {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (w.equals(")")) {
                depth--;
                if (depth == 0) {
                    break;
                }
            } else if (w.equals(",") && depth == 1) {
                argument++;
                continue;
            }
            if (argument == 2) {
                third.add(w);
            }
        }
        return third.size() == 1 && third.get(0).equals("true");
    }

    /**
     * Lower-case words and the punctuation {@code ( ) , ;}; strings, quoted names, comments and other characters are
     * dropped (a quoted name stands as the token {@code "}). Dollar-quoted bodies are skipped: what a {@code DO} block
     * runs is not looked at.
     */
    private static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isLetter(c) || c == '_') {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(sql.substring(s, i).toLowerCase(Locale.ROOT));
            } else if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                out.add("'");
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"');
                out.add("\"");
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '$' && i + 1 < n && !Character.isDigit(sql.charAt(i + 1))) {
                int close = sql.indexOf('$', i + 1);
                if (close < 0) {
                    i = n;
                } else {
                    String tag = sql.substring(i, close + 1);
                    int end = sql.indexOf(tag, close + 1);
                    i = end < 0 ? n : end + tag.length();
                    out.add("'");
                }
            } else {
                if (c == '(' || c == ')' || c == ',' || c == ';') {
                    out.add(String.valueOf(c));
                }
                i++;
            }
        }
        return out;
    }

    /** Past the closing quote; a doubled quote is part of the text, a backslash escapes in E'' strings. */
    private static int skipQuoted(String sql, int i, char quote) {
        boolean escapes = quote == '\'' && i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E');
        int j = i + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (escapes && c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return sql.length();
    }
}
