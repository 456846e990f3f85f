package io.codecheck.ra.pg;

import java.sql.SQLException;

/** Turns driver errors into short messages for statistics and exceptions. */
public final class ErrorMessages {
    private static final int MAX_LENGTH = 500;

    private ErrorMessages() {
    }

    /**
     * The driver's message with its SQLState. pgjdbc's messages name hosts, roles and the server's error text but
     * never the password; statistics keep them short.
     */
    public static String safe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return withState(message, e);
    }

    /**
     * For statistics, health and MBeans, which operators and dashboards see: the SQLState and the server's message
     * without application data. Only the first line is kept (the server's Detail and Where lines quote row values);
     * a quoted text after a colon, which is where PostgreSQL puts the value it refused ({@code invalid input syntax
     * for type integer: "..."}), becomes {@code "…"} while quoted names of relations, columns and constraints stay;
     * the statement text pgjdbc puts in a batch error ({@code Batch entry 1 insert into ... was aborted}) is dropped.
     * The full message stays in the exception the application gets.
     */
    public static String forStatistics(SQLException e) {
        return withState(scrubbed(e), e);
    }

    /** {@link #forStatistics} without the SQLState, for health results, which carry it apart. */
    static String scrubbed(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int eol = message.indexOf('\n');
        String line = eol < 0 ? message : message.substring(0, eol).trim();
        return withoutValues(withoutBatchStatement(line));
    }

    /** "Batch entry 3 insert into t values ('x') was aborted: ..." keeps the entry number and the reason. */
    static String withoutBatchStatement(String line) {
        if (!line.startsWith("Batch entry ")) {
            return line;
        }
        int number = "Batch entry ".length();
        int numberEnd = number;
        while (numberEnd < line.length() && Character.isDigit(line.charAt(numberEnd))) {
            numberEnd++;
        }
        int aborted = line.lastIndexOf(" was aborted");
        if (aborted < numberEnd) {
            return line.substring(0, numberEnd) + " (statement text removed)";
        }
        return line.substring(0, numberEnd) + line.substring(aborted);
    }

    /** {@code ...: "value"} → {@code ...: "…"}; quoted names elsewhere in the message stay. */
    static String withoutValues(String line) {
        StringBuilder out = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            boolean valueQuote = c == '"' && i >= 2 && line.charAt(i - 1) == ' ' && line.charAt(i - 2) == ':';
            if (!valueQuote) {
                out.append(c);
                i++;
                continue;
            }
            int close = line.indexOf('"', i + 1);
            out.append("\"\u2026\"");
            i = close < 0 ? line.length() : close + 1;
        }
        return out.toString();
    }

    private static String withState(String message, SQLException e) {
        if (message.length() > MAX_LENGTH) {
            message = message.substring(0, MAX_LENGTH) + "...";
        }
        return e.getSQLState() == null ? message : message + " (SQLState " + e.getSQLState() + ")";
    }
}
