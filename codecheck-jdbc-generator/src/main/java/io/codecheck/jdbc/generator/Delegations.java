package io.codecheck.jdbc.generator;

import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The generated bases of codecheck-ra's JDBC wrappers, in package {@value #PACKAGE}. */
final class Delegations {

    /** The package of the wrappers and of the generated classes. */
    static final String PACKAGE = "io.codecheck.ra.jdbc";

    private static final String OWNER_FAILED = "owner.failed(e)";

    private static final Delegation.IndexNames COLUMNS = new Delegation.IndexNames("columnIndex", "columnLabel");

    private static final Delegation.IndexNames PARAMETERS =
            new Delegation.IndexNames("parameterIndex", "parameterName");

    private Delegations() {
    }

    static List<Delegation> all() {
        return List.of(
                new Delegation("GeneratedConnectionDelegation", Connection.class, null, null, "DelegatingConnection",
                        "connection", "Connection connection = physical();", "failed(e)",
                        "Base of {@link DelegatingConnection}: forwards each method to the physical connection that"
                                + " {@link #physical()} returns.",
                        """
                            /**
                             * Returns the physical connection, after checking that this handle may still be used.
                             *
                             * @return the driver's connection
                             * @throws SQLException if the handle cannot be used (closed, for example); it reaches the caller as it is,
                             *         without passing through {@link #failed(SQLException)}
                             */
                            protected abstract Connection physical() throws SQLException;

                            /**
                             * Receives every {@link SQLException} thrown by the driver, before it is thrown to the application.
                             *
                             * @param e the driver's exception
                             * @return the exception to throw, usually {@code e}
                             */
                            protected abstract SQLException failed(SQLException e);
                        """,
                        List.of(Connection.class, SQLException.class), null),
                new Delegation("GeneratedStatementDelegation", Statement.class, null, null, "StatementWrapper",
                        "delegate", null, OWNER_FAILED,
                        "Base of {@link StatementWrapper}: holds the driver's statement and the handle that created it.",
                        """
                            /** The driver's statement. */
                            final Statement delegate;

                            /** The connection handle that created this statement. */
                            final StatementOwner owner;

                            /**
                             * @param delegate the statement returned by the driver
                             * @param owner the connection handle that created it
                             */
                            GeneratedStatementDelegation(Statement delegate, StatementOwner owner) {
                                this.delegate = delegate;
                                this.owner = owner;
                            }
                        """,
                        List.of(Statement.class, SQLException.class), null),
                new Delegation("GeneratedPreparedStatementDelegation", PreparedStatement.class, Statement.class,
                        "StatementWrapper", "PreparedStatementWrapper", "prepared", null, OWNER_FAILED,
                        "Base of {@link PreparedStatementWrapper}: the methods {@link PreparedStatement} adds to"
                                + " {@link java.sql.Statement}, whose own are {@link StatementWrapper}'s.",
                        """
                            /** The driver's statement: {@link #delegate}, typed. */
                            final PreparedStatement prepared;

                            /**
                             * @param delegate the statement returned by the driver
                             * @param owner the connection handle that created it
                             */
                            GeneratedPreparedStatementDelegation(PreparedStatement delegate, StatementOwner owner) {
                                super(delegate, owner);
                                this.prepared = delegate;
                            }
                        """,
                        List.of(PreparedStatement.class, SQLException.class), PARAMETERS),
                new Delegation("GeneratedCallableStatementDelegation", CallableStatement.class,
                        PreparedStatement.class, "PreparedStatementWrapper", "CallableStatementWrapper", "callable",
                        null, OWNER_FAILED,
                        "Base of {@link CallableStatementWrapper}: the methods {@link CallableStatement} adds to"
                                + " {@link java.sql.PreparedStatement}, whose own are {@link PreparedStatementWrapper}'s.",
                        """
                            /** The driver's statement: {@link #delegate}, typed. */
                            final CallableStatement callable;

                            /**
                             * @param delegate the statement returned by the driver
                             * @param owner the connection handle that created it
                             * @param sql the SQL it was prepared with
                             */
                            GeneratedCallableStatementDelegation(CallableStatement delegate, StatementOwner owner, String sql) {
                                super(delegate, owner, sql);
                                this.callable = delegate;
                            }
                        """,
                        List.of(CallableStatement.class, SQLException.class), PARAMETERS),
                new Delegation("GeneratedResultSetDelegation", ResultSet.class, null, null, "ResultSetWrapper",
                        "delegate", null, OWNER_FAILED,
                        "Base of {@link ResultSetWrapper}: holds the driver's result set and the handle it reports to.",
                        """
                            /** The driver's result set. */
                            final ResultSet delegate;

                            /** The connection handle that created the statement (or the metadata). */
                            final StatementOwner owner;

                            /**
                             * @param delegate the result set returned by the driver
                             * @param owner the connection handle
                             */
                            GeneratedResultSetDelegation(ResultSet delegate, StatementOwner owner) {
                                this.delegate = delegate;
                                this.owner = owner;
                            }
                        """,
                        List.of(ResultSet.class, SQLException.class), COLUMNS),
                new Delegation("GeneratedArrayDelegation", Array.class, null, null, "ArrayWrapper",
                        "delegate", null, OWNER_FAILED,
                        "Base of {@link ArrayWrapper}: holds the driver's array and the handle it reports to.",
                        """
                            /** The driver's array. */
                            final Array delegate;

                            /** The connection handle the array was read through. */
                            final StatementOwner owner;

                            /**
                             * @param delegate the array returned by the driver
                             * @param owner the connection handle
                             */
                            GeneratedArrayDelegation(Array delegate, StatementOwner owner) {
                                this.delegate = delegate;
                                this.owner = owner;
                            }
                        """,
                        List.of(Array.class, SQLException.class), null));
    }
}
