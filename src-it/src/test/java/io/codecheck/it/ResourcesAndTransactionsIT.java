package io.codecheck.it;

import io.codecheck.it.app.tx.Holder;
import io.codecheck.it.app.tx.ItemStore;
import io.codecheck.it.app.tx.Lookups;
import io.codecheck.it.app.tx.TxNames;
import io.codecheck.it.support.AppClient;
import io.codecheck.it.support.Reply;
import io.codecheck.it.support.TxDeployment;
import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.DatabaseException;
import io.codecheck.ra.api.PoolStatistics;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In the container: the resources by injection and by JNDI name (glassfish-resources.xml, asadmin post-boot
 * commands, {@code @ConnectionFactoryDefinition}), container-managed transactions, nothing lost when a backend
 * dies mid-transaction, and pool exhaustion. Test methods run inside Payara Micro unless marked {@code @RunAsClient}.
 */
@ExtendWith(ArquillianExtension.class)
class ResourcesAndTransactionsIT {

    @Deployment
    static WebArchive deployment() {
        return TxDeployment.create();
    }

    @EJB
    Lookups lookups;

    @EJB
    ItemStore store;

    @EJB
    Holder holder;

    @Resource(lookup = TxNames.SMALL)
    CodeCheckDataSource small;

    // ---- injection and JNDI ----

    @Test
    void everyFactoryIsInjectedIntoEjbsAndLeadsToItsOwnPool() {
        Map<String, String> seen = lookups.injected();
        assertEquals(TxNames.RO_POOL + "|" + TxNames.RO_POOL + "|app|on", seen.get("readOnly"));
        assertEquals(TxNames.RW_POOL + "|" + TxNames.RW_POOL + "|app|off", seen.get("readWrite"));
        assertEquals(TxNames.ASADMIN_POOL + "|" + TxNames.ASADMIN_POOL + "|app|off", seen.get("asadmin"),
                "factory created by asadmin post-boot commands, through the web.xml resource-ref");
        assertEquals(TxNames.ANNOTATED_POOL + "|" + TxNames.ANNOTATED_POOL + "|app|off", seen.get("annotated"),
                "factory defined by @ConnectionFactoryDefinition");
    }

    @Test
    void everyFactoryResolvesByJndiNameInEjbs() throws Exception {
        assertEquals(TxNames.RO_POOL + "|" + TxNames.RO_POOL + "|app|on", lookups.lookedUp(TxNames.READ_ONLY));
        assertEquals(TxNames.RW_POOL + "|" + TxNames.RW_POOL + "|app|off", lookups.lookedUp(TxNames.READ_WRITE));
        assertEquals(TxNames.ASADMIN_POOL + "|" + TxNames.ASADMIN_POOL + "|app|off",
                lookups.lookedUp(TxNames.ASADMIN_GLOBAL), "global name of the asadmin factory");
        assertEquals(TxNames.ASADMIN_POOL + "|" + TxNames.ASADMIN_POOL + "|app|off",
                lookups.lookedUp("java:comp/env/" + TxNames.ASADMIN_REF), "application's name of the asadmin factory");
        assertEquals(TxNames.ANNOTATED_POOL + "|" + TxNames.ANNOTATED_POOL + "|app|off",
                lookups.lookedUp(TxNames.ANNOTATED));
    }

    @Test
    @RunAsClient
    void everyFactoryResolvesInServlets(@ArquillianResource URL url) {
        Reply reply = new AppClient(url).call("lookup", "all").assertOk();
        assertEquals(TxNames.RO_POOL + "|" + TxNames.RO_POOL + "|app|on", reply.get("injected.readOnly"));
        assertEquals(TxNames.RW_POOL + "|" + TxNames.RW_POOL + "|app|off", reply.get("injected.readWrite"));
        assertEquals(TxNames.RO_POOL + "|" + TxNames.RO_POOL + "|app|on", reply.get("jndi.readOnly"));
        assertEquals(TxNames.RW_POOL + "|" + TxNames.RW_POOL + "|app|off", reply.get("jndi.readWrite"));
        assertEquals(TxNames.ASADMIN_POOL + "|" + TxNames.ASADMIN_POOL + "|app|off", reply.get("jndi.asadmin"));
        assertEquals(TxNames.ANNOTATED_POOL + "|" + TxNames.ANNOTATED_POOL + "|app|off", reply.get("jndi.annotated"));
    }

    // ---- container-managed transactions ----

    @Test
    void aSuccessfulMethodCommitsAndTheRowIsVisibleFromTheOtherResource() {
        String batch = batch();
        store.insert(batch, 1);
        assertEquals(1, store.countThroughReadOnly(batch));
    }

    @Test
    void aSystemExceptionLeavesNoRow() {
        String batch = batch();
        EJBException e = assertThrows(EJBException.class, () -> store.insertThenFail(batch));
        assertTrue(String.valueOf(e.getCausedByException()).contains("deliberate"), String.valueOf(e));
        assertEquals(0, store.countThroughReadOnly(batch));
    }

    @Test
    void setRollbackOnlyLeavesNoRow() {
        String batch = batch();
        store.insertThenSetRollbackOnly(batch);
        assertEquals(0, store.countThroughReadOnly(batch));
    }

    @Test
    void nestedCallsInOneTransactionShareOnePhysicalConnection() {
        List<Integer> pids = store.nestedBackendPids();
        assertEquals(5, pids.size());
        assertEquals(pids.get(0), pids.get(1), "REQUIRED callee, first call: " + pids);
        assertEquals(pids.get(0), pids.get(2), "REQUIRED callee, second call: " + pids);
        assertEquals(pids.get(0), pids.get(3), "caller again: " + pids);
        assertNotEquals(pids.get(0), pids.get(4), "REQUIRES_NEW must run on another session: " + pids);
    }

    // ---- the two resources in one transaction ----

    @Test
    void readingThroughReadOnlyAndWritingThroughReadWriteShareOneTransactionInEitherOrder() {
        String batch = batch();
        assertEquals(0, store.readThenWrite(batch), "read, then write");
        assertEquals(1, store.countThroughReadOnly(batch), "the write was committed");

        String other = batch();
        long[] seen = store.writeThenReadBothWays(other);
        assertEquals(0, seen[0], "the read-only resource reads in a session of its own: the write is not yet visible");
        assertEquals(1, seen[1], "the read-write resource reads the transaction's own write");
        assertEquals(1, store.countThroughReadOnly(other), "the write was committed");
    }

    @Test
    void aFailureAfterReadingThroughReadOnlyRollsTheWriteBack() {
        String batch = batch();
        EJBException e = assertThrows(EJBException.class, () -> store.readWriteThenFail(batch));
        assertTrue(String.valueOf(e.getCausedByException()).contains("deliberate"), String.valueOf(e));
        assertEquals(0, store.countThroughReadOnly(batch));
    }

    @Test
    void aSecondResourceWithLocalTransactionsIsRefusedInWordsWithoutCostingTheSmallPoolAnything() {
        assertEquals(1, holder.selectOne()); // the small pool exists
        PoolStatistics before = small.statistics();
        for (boolean writeFirst : new boolean[] {true, false}) {
            String batch = batch();
            DatabaseException e = assertThrows(DatabaseException.class, () -> {
                if (writeFirst) {
                    store.writeThenUseSecondLocalResource(batch);
                } else {
                    store.useSecondLocalResourceThenWrite(batch);
                }
            });
            assertFalse(e instanceof DatabaseConnectionException, "not a connection problem: " + e);
            assertEquals("25000", e.getSqlState(), e.getMessage());
            String holderPool = writeFirst ? TxNames.RW_POOL : TxNames.SMALL_POOL;
            assertTrue(e.getMessage().contains("already holds pool " + holderPool), e.getMessage());
            assertTrue(e.getMessage().contains("transactionSupportLevel=NoTransaction")
                    && e.getMessage().contains("REQUIRES_NEW"), "says what to do: " + e.getMessage());
            assertEquals(0, store.countThroughReadOnly(batch), "the transaction was rolled back");
        }
        PoolStatistics after = small.statistics();
        assertEquals(before.poolExhaustedCount(), after.poolExhaustedCount(), "not counted as exhaustion");
        assertEquals(before.errors(), after.errors(), "not counted as an error of the pool");
        assertEquals(before.connectionsDestroyed(), after.connectionsDestroyed(), "no session destroyed");
        assertEquals(1, holder.selectOne(), "the small pool still serves");
    }

    // ---- nothing lost ----

    @Test
    void backendKilledInTheMiddleOfAContainerTransactionLeavesNoPartialRows() {
        String batch = batch();
        DatabaseException e = assertThrows(DatabaseException.class,
                () -> store.insertThreeKillingTheBackendBeforeTheThird(batch));
        assertTrue(e instanceof DatabaseConnectionException, "a killed session is a connection problem: " + e);
        assertEquals(0, store.countThroughReadOnly(batch), "rows 1 and 2 must have been rolled back with the session");
        // the pool recovers: the dead session is not handed out again
        store.insert(batch + "-after", 1);
        assertEquals(1, store.countThroughReadOnly(batch + "-after"));
    }

    @Test
    void backendKilledInTheMiddleOfAHelperTransactionLeavesNoPartialRows() {
        String batch = batch();
        DatabaseException e = assertThrows(DatabaseException.class, () -> store.helperTransactionKilledMidway(batch));
        assertTrue(e instanceof DatabaseConnectionException, "a killed session is a connection problem: " + e);
        assertEquals(0, store.countThroughReadOnly(batch));
    }

    // ---- pool exhaustion ----

    @Test
    void theCallerBeyondMaxPoolSizeGetsAClearErrorAfterMaxWaitAndItIsCounted() throws Exception {
        ObjectName mbean = new ObjectName("io.codecheck:type=ConnectionPool,name=\"" + TxNames.SMALL_POOL + "\"");
        assertEquals(1, holder.selectOne()); // creates the pool and its MBean
        long exhaustedBefore = small.statistics().poolExhaustedCount();
        assertEquals(exhaustedBefore, (Long) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(mbean, "PoolExhaustedCount"));

        long holdMillis = TxNames.SMALL_MAX_WAIT_MILLIS + 4_000;
        Future<Integer> first = holder.hold(holdMillis);
        Future<Integer> second = holder.hold(holdMillis);
        // this test method runs inside Micro (Arquillian's servlet protocol), where the test kit is not deployed:
        // a plain polling loop, bounded, followed by the assertion
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (small.statistics().activeConnections() < TxNames.SMALL_MAX && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(TxNames.SMALL_MAX, small.statistics().activeConnections(), "both holders hold a connection");

        long start = System.nanoTime();
        DatabaseException e = assertThrows(DatabaseException.class, () -> holder.selectOne());
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(e instanceof DatabaseConnectionException, "exhaustion is a connection problem: " + e);
        assertTrue(e.getMessage().contains(TxNames.SMALL_POOL), "the message names the pool: " + e.getMessage());
        assertTrue(waitedMillis >= TxNames.SMALL_MAX_WAIT_MILLIS - 100,
                "failed only after max-wait (" + TxNames.SMALL_MAX_WAIT_MILLIS + " ms): " + waitedMillis + " ms");
        assertTrue(waitedMillis < holdMillis - 1_000, "failed before a holder let go: " + waitedMillis + " ms");
        assertEquals(exhaustedBefore + 1, small.statistics().poolExhaustedCount());
        assertEquals(exhaustedBefore + 1, (Long) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(mbean, "PoolExhaustedCount"));

        assertEquals(1, first.get(30, TimeUnit.SECONDS));
        assertEquals(1, second.get(30, TimeUnit.SECONDS));
        assertEquals(1, holder.selectOne(), "the pool serves again once the holders are done");
    }

    private static String batch() {
        return "tx-" + UUID.randomUUID();
    }
}
