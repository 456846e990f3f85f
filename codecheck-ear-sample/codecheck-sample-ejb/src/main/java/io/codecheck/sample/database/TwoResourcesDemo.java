package io.codecheck.sample.database;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;

import java.util.Map;

/**
 * Both resources in one container transaction (REQUIRED, the default): the read-only resource takes no part in it
 * (NoTransaction), so it may be used next to the read-write one, and it reads in a session of its own.
 */
@Stateless
public class TwoResourcesDemo {

    @Resource(lookup = CodeCheckResources.READ_ONLY)
    CodeCheckDataSource readOnly;

    @Resource(lookup = CodeCheckResources.READ_WRITE)
    CodeCheckDataSource readWrite;

    /**
     * Writes an audit row through the read-write resource, then counts the audit rows through both: the read-only
     * count does not include the transaction's own uncommitted row, the read-write count does.
     */
    public Map<String, Long> writeThenReadBoth() {
        readWrite.update("INSERT INTO audit_log (action, detail) VALUES (?, ?)",
                "demo.read-and-write", "one transaction over both resources");
        return Map.of("readOnlyCount", count(readOnly), "readWriteCount", count(readWrite));
    }

    private static long count(CodeCheckDataSource ds) {
        return ((Number) ds.queryOne("SELECT count(*) AS n FROM audit_log").orElseThrow().get("n")).longValue();
    }
}
