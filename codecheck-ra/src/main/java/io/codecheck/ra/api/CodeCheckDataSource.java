package io.codecheck.ra.api;

import jakarta.resource.Referenceable;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The connection factory of codecheck-ra: what {@code @Resource} injects.
 *
 * <p>It is a plain {@link DataSource}: {@link #getConnection()} hands out a pooled connection whose
 * {@code close()} gives it back. On top of that it has the helpers of the CodeCheck Python module. They use
 * {@code ?} placeholders. Inside a container (JTA) transaction the helpers join it and leave commit and rollback
 * to the container; outside one they commit or roll back themselves. Failures are thrown as unchecked
 * {@link DatabaseException}s that keep the SQLState.
 */
public interface CodeCheckDataSource extends DataSource, Serializable, Referenceable {

    /** Runs a query and returns every row as an ordered column-to-value map. */
    List<Map<String, Object>> query(String sql, Object... params);

    /** Runs a query and returns its first row, if any. */
    Optional<Map<String, Object>> queryOne(String sql, Object... params);

    /** Runs an INSERT, UPDATE, DELETE or DDL statement and returns the number of rows changed. */
    int update(String sql, Object... params);

    /**
     * Runs the statements in one transaction, all or nothing, and returns what each produced, in order.
     * A failure rolls back every statement and is thrown as a {@link DatabaseTransactionException}.
     */
    List<StatementResult> transaction(List<SqlStatement> statements);

    /** Same as {@link #transaction(List)}. */
    default List<StatementResult> transaction(SqlStatement... statements) {
        return transaction(List.of(statements));
    }

    /**
     * Gives the callback one connection inside one transaction and returns what it returns. The transaction
     * commits when the callback returns and rolls back when it throws. The callback must not close, commit or roll
     * back the connection itself.
     */
    <T> T inTransaction(ConnectionCallback<T> work);

    /** Checks the database through the pool; never throws, a failure is reported in the result. */
    HealthStatus health();

    /** The counters of this resource. */
    PoolStatistics statistics();

    /** The resource's name ({@code poolName} property), as used in statistics, logs and MBeans. */
    String poolName();
}
