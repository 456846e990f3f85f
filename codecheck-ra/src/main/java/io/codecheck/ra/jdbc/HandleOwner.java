package io.codecheck.ra.jdbc;

import io.codecheck.ra.pg.SessionState;

import java.sql.SQLException;

/**
 * What a handle needs from the managed connection that gave it out: where to report closes, errors and local
 * transactions, and what the session has been through. The JCA layer implements it; the handles know nothing else
 * of it.
 */
public interface HandleOwner {
    String poolName();

    /** Whether every session of the resource is read-only (the application may not make it writable). */
    boolean readOnlyResource();

    UsageEvents usage();

    SessionState session();

    boolean inContainerTransaction();

    boolean isBroken();

    /** The application closed {@code handle}. */
    void handleClosed(ConnectionHandle handle);

    /** The driver reported an error that leaves the session unusable: it is never handed out again. */
    void fatalError(ConnectionHandle handle, SQLException e);

    /** A statement failed; the first failure of a transaction is what a later commit reports. */
    void statementFailed(SQLException e);

    /** The first failed statement of the transaction, once. */
    String takeFirstTransactionError();

    void transactionEnded();

    /** Commits, or rolls back and throws 40000 when the server already failed the transaction. */
    void commitOrRefuse() throws SQLException;

    void localTransactionStarted(ConnectionHandle handle);

    void localTransactionCommitted(ConnectionHandle handle);

    void localTransactionRolledBack(ConnectionHandle handle);
}
