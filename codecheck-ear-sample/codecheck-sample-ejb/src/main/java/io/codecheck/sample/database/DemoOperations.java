package io.codecheck.sample.database;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Operations that exist to show the adapter's safeguards from the outside; the end-to-end tests call them.
 * NOT_SUPPORTED: each runs as a single autocommit statement.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DemoOperations {

    @Resource(lookup = CodeCheckResources.READ_ONLY)
    CodeCheckDataSource readOnly;

    /** Always fails: the read-only resource's sessions refuse writes with SQLState 25006. */
    public int writeThroughReadOnly() {
        return readOnly.update("INSERT INTO audit_log (action, detail) VALUES (?, ?)",
                "demo.read-only-write", "must never be stored");
    }

    /** Sleeps on the server; longer than the statement timeout fails with SQLState 57014. */
    public double sleep(double seconds) {
        readOnly.queryOne("SELECT pg_sleep(?)", seconds);
        return seconds;
    }
}
