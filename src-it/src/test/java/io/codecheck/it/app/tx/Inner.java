package io.codecheck.it.app.tx;

import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** The callee of {@link ItemStore}'s nested calls. */
@Stateless
public class Inner {

    @Resource(lookup = TxNames.READ_WRITE)
    CodeCheckDataSource readWrite;

    public int backendPidRequired() {
        return pid();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int backendPidRequiresNew() {
        return pid();
    }

    /** From another session of the same role: pg_terminate_backend is allowed on one's own role's backends. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void terminate(int pid) {
        Object done = readWrite.queryOne("select pg_terminate_backend(?, 5000) as t", pid).orElseThrow().get("t");
        if (!Boolean.TRUE.equals(done)) {
            throw new IllegalStateException("pg_terminate_backend(" + pid + ") returned " + done);
        }
    }

    private int pid() {
        return ((Number) readWrite.queryOne("select pg_backend_pid() as pid").orElseThrow().get("pid")).intValue();
    }
}
