package io.codecheck.ra.spi;

import io.codecheck.ra.pg.CommitTruth;
import io.codecheck.ra.pg.ErrorMessages;
import io.codecheck.ra.pg.XaErrors;
import io.codecheck.ra.pg.XidCodec;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA side of one managed connection ({@code transactionSupportLevel=XATransaction}): a branch is a transaction
 * on the session, prepared with {@code PREPARE TRANSACTION}, finished with {@code COMMIT/ROLLBACK PREPARED} from any
 * session, and found again by {@link #recover} in {@code pg_prepared_xacts}. The branch state is guarded by the
 * managed connection's lock, the one its cleanup takes, so the two never wait on each other.
 *
 * <p>What local transactions promise holds here too: a branch whose transaction already failed is rolled back at
 * prepare (or one-phase commit) and reported as {@code XA_RBROLLBACK}, never as prepared or committed; the
 * application cannot commit, roll back or switch auto-commit on while a branch is active.
 */
final class PgXaResource implements XAResource {
    private final PgManagedConnection connection;
    private Xid current; // the branch on this session, active or ended; guarded by connection
    private boolean ended; // guarded by connection
    private boolean rollbackOnly; // end(TMFAIL); guarded by connection
    private Xid abandoned; // rolled back when the session went back to its pool; guarded by connection

    PgXaResource(PgManagedConnection connection) {
        this.connection = connection;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        requireXid(xid);
        synchronized (connection) {
            if (flags == TMJOIN) {
                if (!same(xid, current)) {
                    throw xa(XAException.XAER_NOTA, "join of a branch this session does not have");
                }
                if (!ended) {
                    throw xa(XAException.XAER_PROTO, "join of a branch that is still active");
                }
                ended = false;
                return;
            }
            if (flags == TMRESUME) {
                throw xa(XAException.XAER_RMERR, "suspending and resuming a branch is not supported");
            }
            if (flags != TMNOFLAGS) {
                throw xa(XAException.XAER_INVAL, "start flags " + flags);
            }
            if (current != null) {
                throw same(xid, current) ? xa(XAException.XAER_DUPID, "the branch is already started")
                        : xa(XAException.XAER_PROTO, "the session already has a branch; one at a time");
            }
            try {
                connection.beginContainerTransaction();
            } catch (SQLException e) {
                throw xa(e, "start");
            } catch (jakarta.resource.ResourceException e) {
                XAException x = xa(XAException.XAER_RMFAIL, "start: " + e.getMessage());
                x.initCause(e);
                throw x;
            }
            current = xid;
            ended = false;
            rollbackOnly = false;
            abandoned = null;
        }
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        requireXid(xid);
        synchronized (connection) {
            if (same(xid, abandoned)) {
                throw rolledBackByCleanup();
            }
            if (!same(xid, current) || ended) {
                throw xa(XAException.XAER_PROTO, "end of a branch that is not active on this session");
            }
            if (flags == TMSUSPEND) {
                throw xa(XAException.XAER_RMERR, "suspending and resuming a branch is not supported");
            }
            if (flags != TMSUCCESS && flags != TMFAIL) {
                throw xa(XAException.XAER_INVAL, "end flags " + flags);
            }
            ended = true;
            rollbackOnly = flags == TMFAIL;
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        requireXid(xid);
        synchronized (connection) {
            requireEnded(xid, "prepare");
            current = null;
            try {
                if (rollbackOnly) {
                    connection.endContainerTransaction(false);
                    throw xa(XAException.XA_RBROLLBACK, "the branch was ended with TMFAIL; rolled back");
                }
                return connection.prepareContainerTransaction(XidCodec.encode(xid)) ? XA_OK : XA_RDONLY;
            } catch (SQLException e) {
                throw vote(e, "prepare");
            }
        }
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        requireXid(xid);
        synchronized (connection) {
            if (onePhase) {
                requireEnded(xid, "one-phase commit");
                current = null;
                try {
                    if (rollbackOnly) {
                        connection.endContainerTransaction(false);
                        throw xa(XAException.XA_RBROLLBACK, "the branch was ended with TMFAIL; rolled back");
                    }
                    connection.endContainerTransaction(true);
                } catch (SQLException e) {
                    throw CommitTruth.OUTCOME_UNKNOWN.equals(e.getSQLState()) ? xa(e, "one-phase commit")
                            : vote(e, "one-phase commit");
                }
                return;
            }
            if (same(xid, current)) {
                throw xa(XAException.XAER_PROTO, "second-phase commit of a branch that was not prepared");
            }
            try {
                connection.finishPrepared(XidCodec.encode(xid), true);
            } catch (SQLException e) {
                throw xa(e, "commit");
            }
        }
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        requireXid(xid);
        synchronized (connection) {
            if (same(xid, abandoned)) {
                abandoned = null; // the cleanup rolled it back already
                return;
            }
            try {
                if (same(xid, current)) {
                    current = null;
                    connection.endContainerTransaction(false);
                } else {
                    connection.finishPrepared(XidCodec.encode(xid), false);
                }
            } catch (SQLException e) {
                throw xa(e, "rollback");
            }
        }
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        if ((flag & TMSTARTRSCAN) == 0) {
            return new Xid[0]; // the whole list comes with the start of a scan
        }
        try {
            List<Xid> found = new ArrayList<>();
            for (String gid : connection.preparedTransactionIds()) {
                Xid xid = XidCodec.decode(gid);
                if (xid != null) {
                    found.add(xid);
                }
            }
            return found.toArray(new Xid[0]);
        } catch (SQLException e) {
            throw xa(e, "recover");
        }
    }

    /** PostgreSQL never completes a branch on its own, so there is never a heuristic outcome to forget. */
    @Override
    public void forget(Xid xid) throws XAException {
        throw xa(XAException.XAER_NOTA, "no heuristically completed branch to forget");
    }

    /** Only the same session: branches of two sessions of one database are two branches, never joined. */
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
        return false; // the server's idle-in-transaction and statement timeouts bound a branch instead
    }

    /** The session goes back to its pool: a branch still open on it was rolled back by the cleanup. */
    void abandon() {
        abandoned = current;
        current = null;
        ended = false;
        rollbackOnly = false;
    }

    private void requireEnded(Xid xid, String step) throws XAException {
        if (same(xid, abandoned)) {
            abandoned = null;
            throw rolledBackByCleanup();
        }
        if (!same(xid, current)) {
            throw xa(XAException.XAER_NOTA, step + " of a branch this session does not have");
        }
        if (!ended) {
            throw xa(XAException.XAER_PROTO, step + " before end()");
        }
    }

    private XAException rolledBackByCleanup() {
        return xa(XAException.XA_RBROLLBACK, "the branch was rolled back when its session went back to the pool");
    }

    /** By content: a transaction manager's Xid classes need not implement equals across instances. */
    private static boolean same(Xid a, Xid b) {
        return XidCodec.same(a, b);
    }

    private static void requireXid(Xid xid) throws XAException {
        if (xid == null) {
            throw new XAException(XAException.XAER_INVAL);
        }
    }

    private XAException xa(int code, String message) {
        XAException e = new XAException("codecheck-ra pool " + connection.pool().poolName() + ": " + message);
        e.errorCode = code;
        return e;
    }

    /**
     * A failure at prepare or one-phase commit: the branch was rolled back (the managed connection makes sure), so
     * the transaction manager gets a rollback vote, the kind of rollback when the SQLState tells it.
     */
    private XAException vote(SQLException cause, String step) {
        XAException e = xa(XaErrors.rollbackCode(cause), step + " failed, rolled back: " + ErrorMessages.safe(cause)
                + XaErrors.hint(cause));
        e.initCause(cause);
        return e;
    }

    private XAException xa(SQLException cause, String step) {
        XAException e = xa(XaErrors.code(cause), step + " failed: " + ErrorMessages.safe(cause)
                + XaErrors.hint(cause));
        e.initCause(cause);
        return e;
    }
}
