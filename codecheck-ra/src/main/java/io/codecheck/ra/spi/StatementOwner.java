package io.codecheck.ra.spi;

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
     * Called before every {@code execute*} call reaches the driver (to count queries, for example).
     *
     * @param sql the SQL passed to the method, or {@code null} for the methods that take none (the parameterless
     *        methods of a prepared or callable statement, {@code executeBatch}, {@code executeLargeBatch})
     */
    void beforeExecute(String sql);

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
