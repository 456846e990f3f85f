package io.codecheck.ra.pg;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides whether an error means the physical connection can no longer be trusted. Modelled on pgjdbc's
 * {@code PGPooledConnection} and HikariCP: connection exceptions (08), resource exhaustion (53), system errors (58),
 * configuration file errors (F0), internal errors (XX), the operator-intervention states that end the session
 * (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 57P05 idle session timeout) and
 * 25P03 (idle-in-transaction timeout, which closes the session). 57014 (statement cancelled) is class 57 too but
 * leaves the connection usable, so the class alone does not decide.
 */
public final class FatalErrors {
    private FatalErrors() {
    }

    public static boolean isFatal(SQLException e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return walk(e, seen);
    }

    static boolean isFatalState(String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return false;
        }
        switch (sqlState.substring(0, 2)) {
            case "08", "53", "58", "F0", "XX":
                return true;
            default:
                return switch (sqlState) {
                    case "57P01", "57P02", "57P03", "57P05", "25P03" -> true;
                    default -> false;
                };
        }
    }

    /**
     * Whether the error says the server itself went away (shutdown, crash, failover, a cut connection) rather than
     * this one session: then every other session of the pool is suspect too.
     */
    public static boolean isServerWide(SQLException e) {
        return walk(e, Collections.newSetFromMap(new IdentityHashMap<>()), FatalErrors::isServerWideState);
    }

    static boolean isServerWideState(String sqlState) {
        return sqlState != null && switch (sqlState) {
            case "57P01", "57P02", "57P03", "08006", "08001", "08004" -> true;
            default -> false;
        };
    }

    private static boolean walk(Throwable t, Set<Throwable> seen) {
        return walk(t, seen, FatalErrors::isFatalState);
    }

    private static boolean walk(Throwable t, Set<Throwable> seen, Predicate<String> state) {
        // Both chains matter: pgjdbc puts the server's error in the cause of wrapper exceptions, and batch
        // failures carry the real error as the next exception.
        while (t != null && seen.add(t)) {
            if (t instanceof SQLException sql) {
                if (state.test(sql.getSQLState())) {
                    return true;
                }
                SQLException next = sql.getNextException();
                if (next != null && walk(next, seen, state)) {
                    return true;
                }
            }
            t = t.getCause();
        }
        return false;
    }
}
