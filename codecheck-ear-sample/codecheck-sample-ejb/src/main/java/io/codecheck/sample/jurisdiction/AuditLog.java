package io.codecheck.sample.jurisdiction;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.DatabaseQueryException;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes audit_log rows, with a plain JDBC connection of the read-write resource.
 *
 * <p>MANDATORY: an audit entry belongs to the operation it describes and must commit or roll back with it; called
 * outside a transaction this fails instead of committing on its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditLog {
    private static final String INSERT = "INSERT INTO audit_log (action, detail) VALUES (?, ?)";

    @Resource(lookup = CodeCheckResources.READ_WRITE)
    CodeCheckDataSource readWrite;

    public void record(String action, String detail) {
        // the container hands out the connection already enlisted in the caller's transaction; close() gives it back
        try (Connection c = readWrite.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, action);
            ps.setString(2, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            // the same typed exceptions as the helpers, so callers handle both kinds of code alike
            throw isConnectionProblem(e)
                    ? new DatabaseConnectionException("audit_log: no usable connection", e.getSQLState(), e)
                    : new DatabaseQueryException("audit_log: insert refused", e.getSQLState(), e);
        }
    }

    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
    }
}
