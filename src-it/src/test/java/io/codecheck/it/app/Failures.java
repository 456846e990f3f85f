package io.codecheck.it.app;

import io.codecheck.ra.api.DatabaseException;
import jakarta.ejb.EJBException;
import jakarta.resource.ResourceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes a failure for the test JVM: the first {@link DatabaseException} in the cause chain, if any, and the error
 * code (SQLState) of the first {@link ResourceException} in it, which is what a failed container commit carries.
 */
public final class Failures {

    private Failures() {
    }

    public static Map<String, Object> describe(Throwable thrown) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> chain = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        DatabaseException db = null;
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 20; depth++) {
            chain.add(t.getClass().getName());
            messages.add(String.valueOf(t));
            if (db == null && t instanceof DatabaseException d) {
                db = d;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                out.putIfAbsent("jdbcSqlState", sql.getSQLState()); // JDBC used directly, not the helpers
            }
            if (t instanceof ResourceException re && re.getErrorCode() != null) {
                // e.g. the container's commit failed: LocalTransactionException carrying the SQLState
                out.putIfAbsent("resourceErrorCode", re.getErrorCode());
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof EJBException ejb) {
                next = ejb.getCausedByException();
            }
            t = next == t ? null : next;
        }
        Throwable reported = db != null ? db : thrown;
        out.put("exception", reported.getClass().getSimpleName());
        if (db != null && db.getSqlState() != null) {
            out.put("sqlState", db.getSqlState());
        }
        out.put("message", String.valueOf(reported.getMessage()));
        out.put("chain", String.join(" <- ", chain));
        out.put("chainMessages", String.join(" <- ", messages));
        return out;
    }
}
