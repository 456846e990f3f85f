package io.codecheck.ra.helpers;

import io.codecheck.ra.api.ConnectionCallback;
import io.codecheck.ra.api.SqlStatement;
import io.codecheck.ra.api.StatementResult;
import io.codecheck.ra.jdbc.ConnectionHandle;
import io.codecheck.ra.pg.FatalErrors;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;


/**
 * Runs the helpers' transactional work on one handle. Inside a container transaction the container commits, so a
 * failure only marks that transaction rollback-only (all or nothing even if the caller catches the exception);
 * outside one the runner commits or rolls back itself.
 */
public final class TransactionRunner {
    private static final Logger LOG = Logger.getLogger(TransactionRunner.class.getName());

    private final String poolName;
    private final ConnectionHandle connection;
    private final Runnable containerRollbackOnly;

    /** {@code containerRollbackOnly} marks the current container transaction rollback-only. */
    public TransactionRunner(String poolName, ConnectionHandle connection, Runnable containerRollbackOnly) {
        this.poolName = poolName;
        this.connection = connection;
        this.containerRollbackOnly = containerRollbackOnly;
    }

    public <T> T run(ConnectionCallback<T> work) {
        if (connection.inContainerTransaction()) {
            return runInContainerTransaction(work);
        }
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw HelperErrors.statement(poolName, e);
        }
        T result;
        try {
            result = work.doInTransaction(connection);
        } catch (SQLException e) {
            rollbackQuietly();
            throw HelperErrors.transaction(poolName, e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly();
            throw e;
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            boolean lost = connection.isBroken() || FatalErrors.isFatal(e);
            rollbackQuietly();
            throw HelperErrors.commit(poolName, e, lost);
        }
        restoreAutoCommit();
        return result;
    }

    private <T> T runInContainerTransaction(ConnectionCallback<T> work) {
        try {
            return work.doInTransaction(connection);
        } catch (SQLException e) {
            markRollbackOnly();
            throw HelperErrors.transaction(poolName, e);
        } catch (RuntimeException | Error e) {
            markRollbackOnly();
            throw e;
        }
    }

    public static List<StatementResult> runAll(java.sql.Connection c, List<SqlStatement> statements) throws SQLException {
        List<StatementResult> results = new ArrayList<>(statements.size());
        for (SqlStatement statement : statements) {
            try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
                Rows.bind(ps, statement.params().toArray());
                if (ps.execute()) {
                    try (ResultSet rs = ps.getResultSet()) {
                        results.add(new StatementResult(Rows.read(rs, Integer.MAX_VALUE), -1));
                    }
                } else {
                    results.add(new StatementResult(List.of(), ps.getLargeUpdateCount()));
                }
            }
        }
        return results;
    }

    private void rollbackQuietly() {
        if (connection.isBroken()) {
            return; // the server ended the session, and with it the transaction
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "codecheck-ra pool " + poolName + ": rollback failed", e);
        }
        restoreAutoCommit();
    }

    private void restoreAutoCommit() {
        try {
            if (!connection.isBroken()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.log(Level.FINE, "codecheck-ra pool " + poolName + ": could not restore autocommit", e);
        }
    }

    private void markRollbackOnly() {
        try {
            containerRollbackOnly.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "codecheck-ra pool " + poolName
                    + ": could not mark the container transaction rollback-only", e);
        }
    }
}
