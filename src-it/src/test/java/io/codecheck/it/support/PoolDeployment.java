package io.codecheck.it.support;

import io.codecheck.it.app.pool.PoolLoad;
import io.codecheck.it.app.pool.PoolNames;
import io.codecheck.it.app.pool.PoolOutcome;
import io.codecheck.it.app.pool.PoolWork;
import io.codecheck.ra.testsupport.TestDatabase;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The archive and Micro set-up of {@code PoolOptionsIT}: one factory per pool option under test, all on the plain
 * {@link TestDatabase}. Client side only.
 */
public final class PoolDeployment {

    private PoolDeployment() {
    }

    public static WebArchive create() {
        TestDatabase db = TestDatabase.get();
        Servers.createItemsTable(db);
        Map<String, Object> conn = Servers.connection(db);
        Pools pools = new Pools();
        pools.add(PoolNames.COUNT).sizes(0, 2).properties(conn)
                .property("poolName", "it-pool-count").property("applicationName", "it-pool-count");
        pools.add(PoolNames.NO_MATCH).sizes(0, PoolNames.SMALL_MAX).properties(conn).matchConnections(false)
                .property("poolName", "it-pool-nomatch").property("applicationName", "it-pool-nomatch");
        pools.add(PoolNames.MATCH).sizes(0, PoolNames.SMALL_MAX).properties(conn).matchConnections(true)
                .property("poolName", "it-pool-match").property("applicationName", "it-pool-match");
        pools.add(PoolNames.LAZY).sizes(0, PoolNames.SMALL_MAX).properties(conn).matchConnections(false)
                .lazyConnectionAssociation(true).lazyConnectionEnlistment(true)
                .property("poolName", "it-pool-lazy").property("applicationName", "it-pool-lazy");

        Path report = MicroSetup.workDir().resolve("pool-options-report.txt");
        try {
            Files.deleteIfExists(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MicroSetup.prepare(List.of(), Map.of(PoolNames.REPORT_PROPERTY, report.toString()));
        return Wars.war("it-pool", pools)
                .addClasses(PoolNames.class, PoolWork.class, PoolLoad.class, PoolLoad.Op.class, PoolLoad.Result.class,
                        PoolOutcome.class);
    }
}
