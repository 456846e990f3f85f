package io.codecheck.ra.spi;

import java.sql.SQLException;

/** Turns driver errors into short messages for statistics and exceptions. */
final class ErrorMessages {
    private static final int MAX_LENGTH = 500;

    private ErrorMessages() {
    }

    /**
     * The driver's message with its SQLState. pgjdbc's messages name hosts, roles and the server's error text but
     * never the password; statistics keep them short.
     */
    static String safe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return withState(message, e);
    }

    /**
     * For statistics and MBeans, which operators and dashboards see: the first line only. The server's Detail and
     * Where lines can quote row values (a duplicate key, say), which are application data.
     */
    static String forStatistics(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int eol = message.indexOf('\n');
        return withState(eol < 0 ? message : message.substring(0, eol).trim(), e);
    }

    private static String withState(String message, SQLException e) {
        if (message.length() > MAX_LENGTH) {
            message = message.substring(0, MAX_LENGTH) + "...";
        }
        return e.getSQLState() == null ? message : message + " (SQLState " + e.getSQLState() + ")";
    }
}
