package io.codecheck.it.app.xa;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A third branch that ends the server's JVM at one point of the two-phase commit, as {@code kill -9} would (no
 * shutdown hooks, no orderly close of anything): in {@code prepare}, before the transaction manager has logged its
 * decision, or in {@code commit}, after it has. Enlisted first, its commit runs before the adapter's branches'.
 */
public final class HaltingXaResource implements XAResource {
    public enum When { PREPARE, COMMIT }

    private final When when;

    public HaltingXaResource(When when) {
        this.when = when;
    }

    @Override
    public int prepare(Xid xid) {
        if (when == When.PREPARE) {
            Runtime.getRuntime().halt(137);
        }
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
        if (when == When.COMMIT) {
            Runtime.getRuntime().halt(137);
        }
    }

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public void rollback(Xid xid) {
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public void forget(Xid xid) throws XAException {
        throw new XAException(XAException.XAER_NOTA);
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
