package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.jdbc.ConnectionHandle;
import io.codecheck.ra.pg.XidCodec;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.ra.testsupport.TlsTestDatabase;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ManagedConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code transactionSupportLevel=XATransaction}, driven as a transaction manager drives it, against the real server:
 * prepared branches are durable and found again from another session, a failed transaction is never prepared, the
 * application cannot end a branch itself, and a server without prepared transactions is named at the first session.
 */
class XaTransactionsTest {
    private static final int FORMAT = 4242;
    private PoolFixture pool;

    @BeforeAll
    static void table() throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS xa_items (id text PRIMARY KEY)");
            st.execute("GRANT ALL ON xa_items TO " + TestDatabase.APP_USER);
        }
    }

    @BeforeEach
    void xaPool() throws ResourceException {
        pool = new PoolFixture(f -> f.setTransactionSupportLevel("XATransaction"));
    }

    @AfterEach
    void close() throws SQLException {
        pool.close();
        XaTestKit.rollBackPrepared(FORMAT); // nothing of a test may stay prepared
    }

    @Test
    void theResourceIsAnXaResourceToTheContainer() {
        assertEquals(jakarta.resource.spi.TransactionSupport.TransactionSupportLevel.XATransaction,
                pool.mcf.getTransactionSupport());
    }

    @Test
    void aPreparedBranchIsDurableInvisibleUntilCommittedAndCommittedFromAnotherSession() throws Exception {
        String id = id();
        Xid xid = xid();
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            insert(c, id);
        }
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        assertEquals(1, prepared(xid), "in pg_prepared_xacts");
        assertEquals(0, visible(id), "not visible before the second phase");

        // the application server dies here; after its restart, recovery runs on a new session
        mc.destroy();
        ManagedConnection recovery = pool.mcf.createManagedConnection(null, null);
        XAResource rxa = recovery.getXAResource();
        Xid[] found = rxa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertTrue(Arrays.asList(found).contains(xid), "recover() lists the branch: " + Arrays.toString(found));
        Xid recovered = Arrays.stream(found).filter(xid::equals).findFirst().orElseThrow();
        assertEquals(xid.getFormatId(), recovered.getFormatId());
        assertArrayEquals(xid.getGlobalTransactionId(), recovered.getGlobalTransactionId());
        assertArrayEquals(xid.getBranchQualifier(), recovered.getBranchQualifier());
        assertEquals(0, rxa.recover(XAResource.TMNOFLAGS).length, "the list comes once per scan");

        long committed = pool.ds.statistics().transactionsCommitted();
        rxa.commit(recovered, false);
        assertEquals(1, visible(id));
        assertEquals(0, prepared(xid), "nothing stays prepared");
        assertEquals(committed + 1, pool.ds.statistics().transactionsCommitted());

        XAException again = assertThrows(XAException.class, () -> rxa.commit(xid, false));
        assertEquals(XAException.XAER_NOTA, again.errorCode, "a finished branch is unknown: " + again.getMessage());
        recovery.destroy();
    }

    @Test
    void aRecoveredBranchCanBeRolledBackAndLeavesNothing() throws Exception {
        String id = id();
        Xid xid = xid();
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            insert(c, id);
        }
        xa.end(xid, XAResource.TMSUCCESS);
        xa.prepare(xid);
        mc.destroy();

        ManagedConnection recovery = pool.mcf.createManagedConnection(null, null);
        recovery.getXAResource().rollback(xid);
        assertEquals(0, visible(id));
        assertEquals(0, prepared(xid));
        recovery.destroy();
    }

    @Test
    void onePhaseCommitAndRollbackOfAnUnpreparedBranch() throws Exception {
        String kept = id();
        String dropped = id();
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        Xid first = xid();
        xa.start(first, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            insert(c, kept);
        }
        xa.end(first, XAResource.TMSUCCESS);
        xa.commit(first, true);
        Xid second = xid();
        xa.start(second, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            insert(c, dropped);
            assertFalse(c.getAutoCommit(), "inside a branch the session is in a transaction");
        }
        xa.end(second, XAResource.TMFAIL);
        xa.rollback(second);
        assertEquals(1, visible(kept));
        assertEquals(0, visible(dropped));
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            assertTrue(c.getAutoCommit(), "between branches the session is back in auto-commit");
        }
        mc.destroy();
    }

    @Test
    void aFailedTransactionIsRolledBackAtPrepareAndNeverReportedPrepared() throws Exception {
        String id = id();
        Xid xid = xid();
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            insert(c, id);
            SQLException duplicate = assertThrows(SQLException.class, () -> insert(c, id));
            assertEquals("23505", duplicate.getSQLState());
        }
        xa.end(xid, XAResource.TMSUCCESS);
        long rolledBack = pool.ds.statistics().transactionsRolledBack();
        XAException e = assertThrows(XAException.class, () -> xa.prepare(xid));
        assertEquals(XAException.XA_RBROLLBACK, e.errorCode, e.getMessage());
        assertTrue(e.getMessage().contains("23505"), "names the first error: " + e.getMessage());
        assertEquals(0, prepared(xid));
        assertEquals(0, visible(id));
        assertEquals(rolledBack + 1, pool.ds.statistics().transactionsRolledBack());

        // the same for a one-phase commit
        Xid other = xid();
        xa.start(other, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            insert(c, id);
            assertThrows(SQLException.class, () -> insert(c, id));
        }
        xa.end(other, XAResource.TMSUCCESS);
        XAException onePhase = assertThrows(XAException.class, () -> xa.commit(other, true));
        assertEquals(XAException.XA_RBROLLBACK, onePhase.errorCode, onePhase.getMessage());
        assertEquals(0, visible(id));
        mc.destroy();
    }

    @Test
    void theApplicationCannotEndABranchItself() throws Exception {
        Xid xid = xid();
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        try (Connection c = (Connection) mc.getConnection(null, null)) {
            assertEquals("2D000", assertThrows(SQLException.class, c::commit).getSQLState());
            assertEquals("2D000", assertThrows(SQLException.class, c::rollback).getSQLState());
            assertEquals("2D000", assertThrows(SQLException.class, () -> c.setAutoCommit(true)).getSQLState());
            try (Statement st = c.createStatement()) {
                assertEquals("2D000", assertThrows(SQLException.class, () -> st.execute("COMMIT")).getSQLState());
            }
        }
        xa.end(xid, XAResource.TMSUCCESS);
        xa.rollback(xid);
        mc.destroy();
    }

    @Test
    void aSessionReturnedToThePoolAfterABranchIsResetLikeAnyOther() throws Exception {
        TestConnectionManager cm = new TestConnectionManager(1, false);
        try (PoolFixture xaPool = new PoolFixture(TestDatabase.get(),
                f -> f.setTransactionSupportLevel("XATransaction"), cm)) {
            Xid xid = xid();
            Connection c = xaPool.ds.getConnection();
            ManagedConnection mc = (ManagedConnection) ((ConnectionHandle) c).owner(PgManagedConnection.HANDLE_KEY);
            XAResource xa = mc.getXAResource();
            xa.start(xid, XAResource.TMNOFLAGS);
            try (Statement st = c.createStatement()) {
                st.execute("SET search_path TO pg_catalog");
            }
            xa.end(xid, XAResource.TMSUCCESS);
            xa.prepare(xid);
            xa.commit(xid, false);
            c.close();
            try (Connection next = xaPool.ds.getConnection(); Statement st = next.createStatement();
                 ResultSet rs = st.executeQuery("SHOW search_path")) {
                rs.next();
                assertEquals("\"$user\", public", rs.getString(1), "the next borrower gets a clean session");
                assertTrue(next.getAutoCommit());
            }
        }
    }

    @Test
    void aServerWithoutPreparedTransactionsIsNamedAtTheFirstSession() throws Exception {
        TlsTestDatabase tls = TlsTestDatabase.get();
        try (PoolFixture noPrepared = new PoolFixture(tls, f -> {
            f.setSslMode("require");
            f.setTransactionSupportLevel("XATransaction");
        }, new TestConnectionManager())) {
            ResourceException e = assertThrows(ResourceException.class,
                    () -> noPrepared.mcf.createManagedConnection(null, null));
            assertTrue(String.valueOf(e.getMessage()).contains("max_prepared_transactions"), e.getMessage());
            SQLException viaDataSource = assertThrows(SQLException.class, noPrepared.ds::getConnection);
            assertEquals("55000", viaDataSource.getSQLState(), viaDataSource.getMessage());
            assertTrue(viaDataSource.getMessage().contains("max_prepared_transactions > 0"),
                    viaDataSource.getMessage());
            assertEquals(0, noPrepared.backends(), "the session that found it out was closed");
        }
    }

    @Test
    void aBranchEndedWithTmFailIsRolledBackAtPrepareAndOnePhaseCommit() throws Exception {
        String id = id();
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        for (boolean onePhase : new boolean[] {false, true}) {
            Xid xid = xid();
            xa.start(xid, XAResource.TMNOFLAGS);
            try (Connection c = (Connection) mc.getConnection(null, null)) {
                insert(c, id);
            }
            xa.end(xid, XAResource.TMFAIL);
            XAException e = assertThrows(XAException.class,
                    () -> { if (onePhase) { xa.commit(xid, true); } else { xa.prepare(xid); } });
            assertEquals(XAException.XA_RBROLLBACK, e.errorCode, e.getMessage());
            assertEquals(0, visible(id));
            assertEquals(0, prepared(xid));
        }
        mc.destroy();
    }

    @Test
    void branchesAreMatchedByContentAndMisuseGetsTheSpecsCodes() throws Exception {
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        XAResource xa = mc.getXAResource();
        Xid xid = xid();
        xa.start(xid, XAResource.TMNOFLAGS);
        // a transaction manager's own Xid class, with identity equals: the same branch all the same
        Xid sameBranch = new Xid() {
            public int getFormatId() { return xid.getFormatId(); }
            public byte[] getGlobalTransactionId() { return xid.getGlobalTransactionId(); }
            public byte[] getBranchQualifier() { return xid.getBranchQualifier(); }
        };
        assertEquals(XAException.XAER_DUPID,
                assertThrows(XAException.class, () -> xa.start(sameBranch, XAResource.TMNOFLAGS)).errorCode);
        xa.end(sameBranch, XAResource.TMSUCCESS);
        assertEquals(XAException.XAER_NOTA,
                assertThrows(XAException.class, () -> xa.start(xid(), XAResource.TMJOIN)).errorCode);
        xa.start(sameBranch, XAResource.TMJOIN);
        xa.end(xid, XAResource.TMSUCCESS);
        xa.rollback(sameBranch);
        assertEquals(XAException.XAER_NOTA, assertThrows(XAException.class, () -> xa.prepare(xid)).errorCode);
        mc.destroy();
    }

    @Test
    void onlyGidsThatEncodeBackTheSameWayAreRecoveredAsBranches() {
        Xid xid = xid();
        assertTrue(XidCodec.same(xid, XidCodec.decode(XidCodec.encode(xid))));
        assertEquals(null, XidCodec.decode("4242_YQ_YQ"), "unpadded Base64: COMMIT PREPARED would name another gid");
        assertEquals(null, XidCodec.decode("+4242_YQ==_YQ=="), "a sign the encoder never writes");
        assertEquals(null, XidCodec.decode("someone-elses-gid"));
        assertEquals(null, XidCodec.decode("1_2_3_4"));
    }

    @Test
    void recoverListsOnlyBranchesThisLoginMayFinish() throws Exception {
        Xid foreign = xid();
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement st = admin.createStatement()) {
            st.execute("BEGIN");
            st.execute("PREPARE TRANSACTION '" + XidCodec.encode(foreign) + "'"); // owned by the superuser
        }
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        Xid[] found = mc.getXAResource().recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertFalse(Arrays.stream(found).anyMatch(x -> XidCodec.same(x, foreign)),
                "the application role cannot COMMIT PREPARED the superuser's branch, so it is not offered");
        assertEquals(1, prepared(foreign));
        mc.destroy();
    }

    @Test
    void leakDetectionAndRepairOfADeadSessionWorkForXaSessionsAsForOthers() throws Exception {
        TestConnectionManager cm = new TestConnectionManager(2, true);
        try (PoolFixture xaPool = new PoolFixture(TestDatabase.get(), f -> {
            f.setTransactionSupportLevel("XATransaction");
            f.setLeakDetectionThreshold(200);
        }, cm)) {
            Connection held = xaPool.ds.getConnection();
            ManagedConnection mc = (ManagedConnection) ((ConnectionHandle) held).owner(PgManagedConnection.HANDLE_KEY);
            Xid xid = xid();
            mc.getXAResource().start(xid, XAResource.TMNOFLAGS);
            try (Statement st = held.createStatement()) {
                st.execute("SELECT 1");
            }
            Thread.sleep(900);
            assertEquals(1, xaPool.ds.statistics().leaksDetected(), "a handle held inside a branch is a leak too");
            mc.getXAResource().end(xid, XAResource.TMSUCCESS);
            mc.getXAResource().rollback(xid);
            held.close();

            long created = xaPool.ds.statistics().connectionsCreated();
            assertTrue(xaPool.terminateBackends() > 0);
            Thread.sleep(1200); // past validationInterval (1 s): a session used more recently is trusted unchecked
            try (Connection next = xaPool.ds.getConnection(); Statement st = next.createStatement()) {
                st.execute("SELECT 1"); // the dead session was found out and replaced before it was handed out
            }
            assertTrue(xaPool.ds.statistics().connectionsCreated() > created);
        }
    }

    // ---- helpers ----

    private static String id() {
        return "xa-" + UUID.randomUUID();
    }

    private static Xid xid() {
        return XaTestKit.xid(FORMAT);
    }

    private static void insert(Connection c, String id) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO xa_items (id) VALUES (?)")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static int visible(String id) throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection();
             var ps = admin.prepareStatement("SELECT count(*) FROM xa_items WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int prepared(Xid xid) throws SQLException {
        return XaTestKit.prepared(xid);
    }
}
