package io.codecheck.ra.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a {@link StatementWrapper} reports to the connection handle that created it.
 *
 * <p>The methods are called on the application's thread, in the statement's call path: they must be cheap.
 */
interface StatementOwner {

    /**
     * Returns the connection the application sees; {@link java.sql.Statement#getConnection()} returns it.
     *
     * @return the connection handle, never the physical connection
     */
    Connection handle();

    /**
     * Called before every {@code execute*} call reaches the driver (to count queries and to judge the SQL, for
     * example); the caller calls {@link InFlight#end()} on the result when the driver call returns or fails.
     *
     * @param sql the SQL passed to the method, or {@code null} for the methods that take none (the parameterless
     *        methods of a prepared or callable statement, {@code executeBatch}, {@code executeLargeBatch})
     * @return the count of running calls of the session the statement runs on
     */
    InFlight beforeExecute(String sql) throws SQLException;

    /**
     * Called with the result of every {@code execute*} call that succeeded, before it returns to the application:
     * behind a transaction pooler this commits the transaction the owner began for an auto-commit statement.
     *
     * @param result what the driver returned
     * @return {@code result}
     */
    default <T> T executed(T result) throws SQLException {
        return result;
    }

    /** {@link #executed(Object)} without boxing. */
    default int executed(int result) throws SQLException {
        return result;
    }

    /** {@link #executed(Object)} without boxing. */
    default long executed(long result) throws SQLException {
        return result;
    }

    /** {@link #executed(Object)} without boxing. */
    default boolean executed(boolean result) throws SQLException {
        return result;
    }

    /**
     * Called before a result-set method that may fetch rows from the server ({@code next}, {@code absolute},
     * {@code relative}, {@code last}, {@code isLast}); the caller calls {@link InFlight#end()} on the result when it
     * returns or fails.
     *
     * @return the count of running calls of the session the result set reads from
     */
    InFlight fetching() throws SQLException;

    /**
     * Called with the SQL of every {@code addBatch(String)}, before the driver sees it.
     *
     * @param sql the SQL added to the batch
     */
    void batched(String sql) throws SQLException;

    /**
     * Called before the driver's own object is handed to the application ({@code unwrap} to a driver class): from
     * then on the adapter cannot see what is done with the session.
     */
    void exposed();

    /**
     * Receives every {@link SQLException} thrown by the driver, before it is rethrown; may classify the error
     * and evict the connection.
     *
     * @param e the driver's exception
     * @return the exception to throw to the application, usually {@code e}
     */
    SQLException failed(SQLException e);

    /**
     * The application closed the statement, so the owner can stop tracking it. Not called for a statement closed
     * through {@link StatementWrapper#closeQuietly()}.
     *
     * @param statement the statement closed
     */
    void statementClosed(StatementWrapper statement);
}
