package io.codecheck.it;

import io.codecheck.it.app.pool.PoolLoad;
import io.codecheck.it.app.pool.PoolNames;
import io.codecheck.it.app.pool.PoolOutcome;
import io.codecheck.it.app.pool.PoolWork;
import io.codecheck.it.support.PoolDeployment;
import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter under the pool options Payara offers (issue 9, point 8), each pool its own factory in one WAR:
 * (a) match-connections=false, (b) match-connections=true, (c) lazy-connection-association and
 * lazy-connection-enlistment. Every pool gets the same concurrent load inside the server,
 * {@value PoolNames#THREADS} container-managed threads, fresh threads each round:
 * <ol>
 *   <li>borrow + prepared {@code SELECT 1} + return;</li>
 *   <li>borrow + read + insert in a container-managed transaction (an EJB), rows counted afterwards;</li>
 *   <li>shareable handles: two {@code getConnection()} in one container transaction are one session; closing the
 *       first leaves the second's open statement and result set working;</li>
 *   <li>an overlap probe: each borrower notes its backend pid while it holds the handle; two borrowers holding one
 *       backend at once is a failure.</li>
 * </ol>
 * Each must show no failure and exactly the rows that the successful calls wrote; the pools have 4 sessions for the 8
 * threads. associate-with-thread is not here: Payara's AssocWithThreadResourcePool (6.2025.10) can hand a session to
 * another thread between marking it free and calling {@code ManagedConnection.cleanup()} on it, a container race
 * that shows up or not in a given run and so cannot be asserted; what earlier runs of this test saw is in the README
 * ("Pool options on Payara"). The results of every load, with the failures' messages and first
 * stack traces, are appended to {@code target/it/pool-options-report.txt} as each load ends.
 */
@ExtendWith(ArquillianExtension.class)
class PoolOptionsIT {

    private static final long ROUND_MILLIS = 700;

    @Deployment
    static WebArchive deployment() {
        return PoolDeployment.create();
    }

    @Resource(lookup = PoolNames.NO_MATCH)
    CodeCheckDataSource noMatch;

    @Resource(lookup = PoolNames.MATCH)
    CodeCheckDataSource match;

    @Resource(lookup = PoolNames.LAZY)
    CodeCheckDataSource lazy;

    @Resource(lookup = PoolNames.COUNT)
    CodeCheckDataSource counter;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threadFactory;

    @EJB
    PoolWork work;

    @Test
    void matchConnectionsOffIsCorrectUnderConcurrentLoad() throws Exception {
        assertCorrect(exercise("(a) match-connections=false, max " + PoolNames.SMALL_MAX, noMatch, PoolNames.SMALL_MAX,
                3));
    }

    @Test
    void matchConnectionsOnIsCorrectUnderConcurrentLoad() throws Exception {
        assertCorrect(exercise("(b) match-connections=true, max " + PoolNames.SMALL_MAX, match, PoolNames.SMALL_MAX,
                3));
    }

    @Test
    void lazyAssociationAndEnlistmentAreCorrectUnderConcurrentLoad() throws Exception {
        assertCorrect(exercise("(c) lazy-connection-association+enlistment, max " + PoolNames.SMALL_MAX, lazy,
                PoolNames.SMALL_MAX, 3));
    }

    /** Recorded, not asserted: see the class comment. */
    // ---- the loads ----

    /**
     * The four loads on one pool of {@code maxPoolSize} sessions. The shareable-handles load runs on
     * {@code maxPoolSize - 1} threads: each call needs a second session of the pool for a moment (PoolWork.twoHandles),
     * and with every session held by a thread waiting for its second, none would get one before max-wait.
     */
    private PoolOutcome exercise(String label, CodeCheckDataSource ds, int maxPoolSize, int selectRounds)
            throws Exception {
        String tag = "pool-" + UUID.randomUUID();
        PoolLoad.Result select = PoolLoad.run(threadFactory, label + " | borrow + prepared SELECT 1 + return",
                PoolNames.THREADS, selectRounds, ROUND_MILLIS, (w, i) -> {
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1");
                         ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != 1) {
                            throw new IllegalStateException("wrong data: SELECT 1");
                        }
                    }
                    return 0;
                });
        String cmtBatch = tag + "-cmt";
        PoolLoad.Result cmt = PoolLoad.run(threadFactory, label + " | borrow + read + insert, CMT",
                PoolNames.THREADS, 2, ROUND_MILLIS, (w, i) -> work.readAndInsert(ds, cmtBatch, i));
        String twoBatch = tag + "-two";
        PoolLoad.Result two = PoolLoad.run(threadFactory, label + " | two shareable handles in one CMT, first closed",
                Math.min(PoolNames.THREADS, maxPoolSize - 1), 2, ROUND_MILLIS,
                (w, i) -> work.twoHandles(ds, twoBatch, i));
        Map<Integer, String> holders = new ConcurrentHashMap<>();
        PoolLoad.Result overlap = PoolLoad.run(threadFactory, label + " | overlap probe (one borrower per backend)",
                PoolNames.THREADS, 2, ROUND_MILLIS, (w, i) -> {
                    String me = Thread.currentThread().getName();
                    try (Connection c = ds.getConnection();
                         PreparedStatement ps = c.prepareStatement("select pg_backend_pid()")) {
                        int pid;
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            pid = rs.getInt(1);
                        }
                        String other = holders.putIfAbsent(pid, me);
                        if (other != null) {
                            throw new IllegalStateException("backend " + pid + " handed to two borrowers at once: "
                                    + other + " and " + me);
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next() || rs.getInt(1) != pid) {
                                throw new IllegalStateException("wrong data: the handle moved from backend " + pid);
                            }
                        } finally {
                            holders.remove(pid, me);
                        }
                    }
                    return 0;
                });
        PoolOutcome outcome = new PoolOutcome(label, select, cmt, two, overlap, count(cmtBatch), count(twoBatch));
        outcome.report();
        return outcome;
    }

    private long count(String batch) {
        return ((Number) counter.queryOne("select count(*) as c from it_items where batch = ?", batch).orElseThrow()
                .get("c")).longValue();
    }

    private static void assertCorrect(PoolOutcome o) {
        for (PoolLoad.Result r : List.of(o.select(), o.cmt(), o.twoHandles(), o.overlap())) {
            assertTrue(r.ok > 0, "no operation succeeded: " + r.summary());
            assertEquals(0, r.failed, r.details());
        }
        assertEquals(o.cmt().rowsWritten, o.cmtRows(), o.label() + ": rows of the CMT inserts");
        assertEquals(o.twoHandles().rowsWritten, o.twoHandlesRows(),
                o.label() + ": rows of the two-handle transactions");
    }
}
