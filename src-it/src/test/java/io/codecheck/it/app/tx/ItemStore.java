package io.codecheck.it.app.tx;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.SqlStatement;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.ArrayList;
import java.util.List;

/**
 * Container-managed transactions (REQUIRED unless stated) over the read-write resource, table {@code it_items}.
 * {@code DatabaseException} is an application exception with rollback (WEB-INF/ejb-jar.xml).
 */
@Stateless
public class ItemStore {

    @Resource(lookup = TxNames.READ_WRITE)
    CodeCheckDataSource readWrite;

    @Resource(lookup = TxNames.READ_ONLY)
    CodeCheckDataSource readOnly;

    @Resource(lookup = TxNames.SMALL)
    CodeCheckDataSource small;

    @Resource
    SessionContext context;

    @EJB
    Inner inner;

    public void insert(String batch, int n) {
        readWrite.update("insert into it_items (batch, n) values (?, ?)", batch, n);
    }

    /** A system exception after the write: the container rolls back. */
    public void insertThenFail(String batch) {
        insert(batch, 1);
        throw new IllegalStateException("deliberate system exception after the insert of " + batch);
    }

    /** setRollbackOnly after the write, then a normal return. */
    public void insertThenSetRollbackOnly(String batch) {
        insert(batch, 1);
        context.setRollbackOnly();
    }

    /**
     * Three statements in one container transaction; before the third, another session (REQUIRES_NEW) terminates
     * this transaction's backend. The third statement fails; nothing of the first two may stay.
     */
    public void insertThreeKillingTheBackendBeforeTheThird(String batch) {
        insert(batch, 1);
        insert(batch, 2);
        int pid = backendPid();
        inner.terminate(pid);
        insert(batch, 3);
    }

    /** The helper's own transaction (no container transaction): the session terminates itself mid-way. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void helperTransactionKilledMidway(String batch) {
        readWrite.transaction(
                SqlStatement.of("insert into it_items (batch, n) values (?, 1)", batch),
                SqlStatement.of("insert into it_items (batch, n) values (?, 2)", batch),
                SqlStatement.of("select pg_terminate_backend(pg_backend_pid())"),
                SqlStatement.of("insert into it_items (batch, n) values (?, 3)", batch));
    }

    /**
     * Backend pids seen in one transaction: this method's, two REQUIRED calls of another bean, then a REQUIRES_NEW
     * call (which must get another session: ours is enlisted in the suspended transaction).
     */
    public List<Integer> nestedBackendPids() {
        List<Integer> pids = new ArrayList<>();
        pids.add(backendPid());
        pids.add(inner.backendPidRequired());
        pids.add(inner.backendPidRequired());
        pids.add(backendPid());
        pids.add(inner.backendPidRequiresNew());
        return pids;
    }

    /** Rows of a batch, read through the read-only resource (its own transaction, nothing else enlisted). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public long countThroughReadOnly(String batch) {
        return ((Number) readOnly.queryOne("select count(*) as c from it_items where batch = ?", batch)
                .orElseThrow().get("c")).longValue();
    }

    /** One REQUIRED transaction: a read through the read-only resource, then a write through the read-write one. */
    public long readThenWrite(String batch) {
        long seen = count(readOnly, batch);
        insert(batch, 1);
        return seen;
    }

    /**
     * One REQUIRED transaction: a write, then a read through the read-only resource, which runs in a session of its
     * own and so cannot see the write until it commits; the same read through the read-write resource can.
     */
    public long[] writeThenReadBothWays(String batch) {
        insert(batch, 1);
        return new long[] {count(readOnly, batch), count(readWrite, batch)};
    }

    /** Read-only read, write, then a system exception: the write is rolled back, the read was never enlisted. */
    public void readWriteThenFail(String batch) {
        count(readOnly, batch);
        insert(batch, 1);
        throw new IllegalStateException("deliberate system exception after the insert of " + batch);
    }

    /** Two resources with local transactions in one transaction: the second is refused. */
    public void writeThenUseSecondLocalResource(String batch) {
        insert(batch, 1);
        count(small, batch);
    }

    /** The other order: the small pool's local transaction first, then the read-write resource. */
    public void useSecondLocalResourceThenWrite(String batch) {
        count(small, batch);
        insert(batch, 1);
    }

    private static long count(CodeCheckDataSource ds, String batch) {
        return ((Number) ds.queryOne("select count(*) as c from it_items where batch = ?", batch)
                .orElseThrow().get("c")).longValue();
    }

    private int backendPid() {
        return ((Number) readWrite.queryOne("select pg_backend_pid() as pid").orElseThrow().get("pid")).intValue();
    }
}
