package io.codecheck.it.app.faults;

import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.concurrent.atomic.AtomicInteger;

/** What the faults tests run in the container; container-managed transactions (REQUIRED) unless stated. */
@Stateless
public class FaultOps {

    @Resource(lookup = FaultNames.DIRECT)
    CodeCheckDataSource direct;

    @Resource(lookup = FaultNames.PROXIED)
    CodeCheckDataSource proxied;

    /** The query the load threads run: a read in a container transaction. */
    public int query() {
        return ((Number) direct.queryOne("select count(*) as c from pg_stat_activity where pid = pg_backend_pid()")
                .orElseThrow().get("c")).intValue();
    }

    public int backendPid() {
        return pid(direct);
    }

    /** Holds a session for a while (server-side sleep), to get several sessions into the pool. */
    public void sleepOnServer(double seconds) {
        direct.query("select pg_sleep(?)", seconds);
    }

    /** Opens a transaction, records its backend, idles in it for {@code millis}, then uses it again. */
    public void idleInTransaction(long millis, AtomicInteger pidSeen) throws InterruptedException {
        pidSeen.set(pid(direct));
        Thread.sleep(millis); // deliberate: idle in the transaction past the server's timeout
        direct.queryOne("select 1");
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int proxiedQuery() {
        return pid(proxied);
    }

    private static int pid(CodeCheckDataSource ds) {
        return ((Number) ds.queryOne("select pg_backend_pid() as pid").orElseThrow().get("pid")).intValue();
    }
}
