package io.codecheck.portability.app;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.SqlStatement;
import io.codecheck.ra.api.StatementResult;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;

import java.util.List;

/**
 * Writes through the read-write resource in container-managed transactions (every method REQUIRED: the servlet has
 * none, so each call is one transaction that WildFly commits or rolls back). Packaged into the test WAR.
 */
@Stateless
public class ItemWriter {
    static final String INSERT = "INSERT INTO wf_item (batch, n) VALUES (?, ?)";

    @Resource(lookup = Names.READ_WRITE)
    CodeCheckDataSource readWrite;

    public int insert(String batch, int n) {
        return readWrite.update(INSERT, batch, n);
    }

    /** A system exception after a successful insert: the container rolls the transaction back. */
    public void insertThenFail(String batch) {
        readWrite.update(INSERT, batch, 1);
        throw new IllegalStateException("deliberate failure after the insert");
    }

    /** The transaction helper inside the container transaction: it joins it, the container commits. */
    public int helperTransaction(String batch) {
        List<StatementResult> results = readWrite.transaction(
                SqlStatement.of(INSERT, batch, 1),
                SqlStatement.of(INSERT, batch, 2));
        return results.size();
    }

    /** The helper's second statement fails: a DatabaseTransactionException, and nothing of the first is kept. */
    public void helperTransactionFailing(String batch) {
        readWrite.transaction(
                SqlStatement.of(INSERT, batch, 1),
                SqlStatement.of("INSERT INTO wf_no_such_table (batch) VALUES (?)", batch));
    }

    /**
     * Two statements of one container transaction: the same PostgreSQL session, and the same transaction
     * ({@code now()} is the transaction's start time).
     */
    public String backendPidsInOneTransaction() {
        String sql = "SELECT pg_backend_pid() AS pid, now()::text AS started";
        var first = readWrite.queryOne(sql).orElseThrow();
        var second = readWrite.queryOne(sql).orElseThrow();
        return first.get("pid") + "@" + first.get("started") + "," + second.get("pid") + "@" + second.get("started");
    }
}
