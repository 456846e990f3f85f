package io.codecheck.portability.app;

import io.codecheck.ra.api.CodeCheckDataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;

/**
 * Reads through the read-only resource and writes through the read-write one in one container transaction (every
 * method REQUIRED). The read-only resource says NoTransaction, so the container holds only ReadWrite's local
 * transaction; a container that enlisted both would refuse the second. Packaged into the test WAR.
 */
@Stateless
public class ReadOnlyBesideReadWrite {
    @Resource(lookup = Names.READ_WRITE)
    CodeCheckDataSource readWrite;

    @Resource(lookup = Names.READ_ONLY)
    CodeCheckDataSource readOnly;

    /** Rows of the batch ReadOnly saw before the write. */
    public long readThenWrite(String batch) {
        long seen = count(readOnly, batch);
        readWrite.update(ItemWriter.INSERT, batch, 1);
        return seen;
    }

    /**
     * Rows of the batch after the write, as ReadOnly saw them (its own session: not the uncommitted write) and as
     * ReadWrite saw them (the transaction's session: its own write).
     */
    public long[] writeThenReadBothWays(String batch) {
        readWrite.update(ItemWriter.INSERT, batch, 1);
        return new long[] {count(readOnly, batch), count(readWrite, batch)};
    }

    /** A system exception after a read and a write: the container rolls the write back. */
    public void readWriteThenFail(String batch) {
        count(readOnly, batch);
        readWrite.update(ItemWriter.INSERT, batch, 1);
        throw new IllegalStateException("deliberate failure after the read-only read and the insert");
    }

    static long count(CodeCheckDataSource ds, String batch) {
        return ((Number) ds.queryOne("SELECT count(*) AS c FROM wf_item WHERE batch = ?", batch)
                .orElseThrow().get("c")).longValue();
    }
}
