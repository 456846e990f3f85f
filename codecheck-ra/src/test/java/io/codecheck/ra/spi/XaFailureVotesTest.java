package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.codecheck.ra.testsupport.TestDatabase;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ManagedConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review of Issue 11's XA resource: how transaction managers actually drive an XAResource. Tests here that fail
 * show defects found in review (see the commit message).
 */
class XaFailureVotesTest {
    private PoolFixture pool;
    private final List<ManagedConnection> opened = new ArrayList<>();

    @BeforeAll
    static void tables() throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS xa_review_items (id text PRIMARY KEY)");
            st.execute("CREATE TABLE IF NOT EXISTS xa_review_deferred (id text, "
                    + "CONSTRAINT xa_review_deferred_uq UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)");
            st.execute("GRANT ALL ON xa_review_items, xa_review_deferred TO " + TestDatabase.APP_USER);
        }
    }

    @BeforeEach
    void xaPool() throws ResourceException {
        pool = new PoolFixture(f -> f.setTransactionSupportLevel("XATransaction"));
    }

    @AfterEach
    void close() throws SQLException {
        for (ManagedConnection mc : opened) {
            try {
                mc.destroy();
            } catch (ResourceException ignored) {
                // already gone
            }
        }
        pool.close();
        XaTestKit.rollBackPrepared(4343);
    }

    /**
     * A branch that ran no statement (the application took a connection and did not use it, common in 2PC with
     * several resources): prepare answers XA_OK, but PREPARE TRANSACTION was sent with the driver's
     * QUERY_SUPPRESS_BEGIN (execSQLUpdate) outside any transaction block, so the server prepared nothing (WARNING
     * 25P01) and the second-phase commit then fails with XAER_NOTA. Expected: XA_RDONLY, or a commit that works.
     */
    @Test
    void anEmptyBranchReportedPreparedCanBeCommitted() throws Exception {
        ManagedConnection mc = mc();
        XAResource xa = mc.getXAResource();
        Xid xid = xid();
        xa.start(xid, XAResource.TMNOFLAGS);
        ((Connection) mc.getConnection(null, null)).close(); // enlisted, never used
        xa.end(xid, XAResource.TMSUCCESS);
        int vote = xa.prepare(xid);
        if (vote == XAResource.XA_OK) {
            assertEquals(1, prepared(xid), "XA_OK was answered, so the branch must be in pg_prepared_xacts");
            assertDoesNotThrow(() -> xa.commit(xid, false), "a branch voted XA_OK must be committable");
        } else {
            assertEquals(XAResource.XA_RDONLY, vote);
        }
    }

    /**
     * A deferred constraint fails at the one-phase COMMIT: the server rolled the branch back, but the TM gets
     * XAER_RMERR (23505 is not class 40), which for xa_commit(TMONEPHASE) is a heuristic-hazard signal (Narayana:
     * HeuristicMixedException to the application) instead of a rollback (XA_RBINTEGRITY / XA_RB*).
     */
    @Test
    void aDeferredConstraintFailingAtOnePhaseCommitIsReportedAsARollback() throws Exception {
        ManagedConnection mc = mc();
        XAResource xa = mc.getXAResource();
        Xid xid = xid();
        String id = "dup-" + UUID.randomUUID();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO xa_review_deferred VALUES ('" + id + "'), ('" + id + "')");
        }
        xa.end(xid, XAResource.TMSUCCESS);
        XAException e = assertThrows(XAException.class, () -> xa.commit(xid, true));
        assertRollbackCode(e);
    }

    /** The same at PREPARE: the server rolled back, XAER_RMERR instead of an XA_RB* vote. */
    @Test
    void aDeferredConstraintFailingAtPrepareIsReportedAsARollback() throws Exception {
        ManagedConnection mc = mc();
        XAResource xa = mc.getXAResource();
        Xid xid = xid();
        String id = "dup-" + UUID.randomUUID();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO xa_review_deferred VALUES ('" + id + "'), ('" + id + "')");
        }
        xa.end(xid, XAResource.TMSUCCESS);
        XAException e = assertThrows(XAException.class, () -> xa.prepare(xid));
        assertRollbackCode(e);
        assertEquals(0, prepared(xid));
    }

    /**
     * The container returned the session to its pool (cleanup) between end() and the one-phase commit: cleanup
     * rolled the branch back, so the adapter knows the outcome, yet the TM gets XAER_NOTA, which for a one-phase
     * commit leaves the outcome unknown to it. Expected: an XA_RB* code.
     */
    @Test
    void aBranchRolledBackByCleanupIsReportedRolledBackAtOnePhaseCommit() throws Exception {
        ManagedConnection mc = mc();
        XAResource xa = mc.getXAResource();
        Xid xid = xid();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO xa_review_items VALUES ('" + UUID.randomUUID() + "')");
        }
        xa.end(xid, XAResource.TMSUCCESS);
        mc.cleanup();
        XAException e = assertThrows(XAException.class, () -> xa.commit(xid, true));
        assertRollbackCode(e);
    }

    /**
     * A prepared branch finished through the XAResource of the session that prepared it after that session took on
     * the next branch (the connection went back to the pool after prepare, or a TM that commits on another thread
     * after afterCompletion freed it): COMMIT PREPARED is refused with 25001, mapped to XAER_RMERR, which in phase
     * two is a heuristic outcome to the TM. The branch is fine and committable from any idle session; expected: it
     * commits (another session), or at worst XAER_RMFAIL so the TM retries.
     */
    @Test
    void aPreparedBranchCanBeCommittedThroughAResourceWhoseSessionHasTheNextBranch() throws Exception {
        ManagedConnection mc = mc();
        XAResource xa = mc.getXAResource();
        Xid first = xid();
        xa.start(first, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO xa_review_items VALUES ('" + UUID.randomUUID() + "')");
        }
        xa.end(first, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(first));
        Xid next = xid();
        xa.start(next, XAResource.TMNOFLAGS);
        try {
            xa.commit(first, false);
        } catch (XAException e) {
            assertEquals(XAException.XAER_RMFAIL, e.errorCode,
                    "phase-two commit of a healthy prepared branch: code " + e.errorCode + ": " + e.getMessage());
        }
        xa.end(next, XAResource.TMSUCCESS);
        xa.rollback(next);
    }

    /**
     * The session died in the middle of a branch that was never prepared: the server has rolled it back for sure,
     * so xa_rollback must succeed. It throws XAER_RMFAIL (c.rollback() fails on the dead socket), which makes the TM
     * retry a rollback of a branch recovery will never find and log it as a failure.
     */
    @Test
    void rollbackOfAnUnpreparedBranchWhoseSessionDiedSucceeds() throws Exception {
        ManagedConnection mc = mc();
        XAResource xa = mc.getXAResource();
        Xid xid = xid();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO xa_review_items VALUES ('" + UUID.randomUUID() + "')");
        }
        assertTrue(pool.terminateBackends() > 0);
        Thread.sleep(200);
        xa.end(xid, XAResource.TMFAIL);
        assertDoesNotThrow(() -> xa.rollback(xid));
    }

    /**
     * max_prepared_transactions reached: PREPARE fails with 53200 and the server rolls the branch back. The TM gets
     * XAER_RMFAIL ("resource manager unavailable") instead of a rollback vote, and the healthy session is evicted as
     * broken (class 53 is "fatal").
     */
    @Test
    void tooManyPreparedTransactionsIsARollbackVoteAndKeepsTheSession() throws Exception {
        ManagedConnection mc = mc();
        XAResource xa = mc.getXAResource();
        for (int i = 0; i < 40; i++) {
            Xid xid = xid();
            xa.start(xid, XAResource.TMNOFLAGS);
            try (Connection c = (Connection) mc.getConnection(null, null); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO xa_review_items VALUES ('" + UUID.randomUUID() + "')");
            }
            xa.end(xid, XAResource.TMSUCCESS);
            try {
                xa.prepare(xid);
            } catch (XAException e) {
                assertTrue(e.getMessage().contains("53200") || e.getMessage().contains("prepared transactions"),
                        e.getMessage());
                assertRollbackCode(e);
                assertTrue(!((PgManagedConnection) mc).isBroken(), "a full prepared-transaction table is not a "
                        + "broken session");
                return;
            }
        }
        fail("max_prepared_transactions (20) never reached");
    }

    // ---- helpers ----

    private ManagedConnection mc() throws ResourceException {
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        opened.add(mc);
        return mc;
    }

    private static void assertRollbackCode(XAException e) {
        assertTrue(e.errorCode >= XAException.XA_RBBASE && e.errorCode <= XAException.XA_RBEND,
                "the server rolled the branch back, so the TM must get an XA_RB* code, got " + e.errorCode + ": "
                        + e.getMessage());
    }

    private static Xid xid() {
        return XaTestKit.xid(4343);
    }

    private static int prepared(Xid xid) throws SQLException {
        return XaTestKit.prepared(xid);
    }
}
