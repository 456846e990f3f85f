package io.codecheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.it.app.bouncer.BouncerNames;
import io.codecheck.it.app.bouncer.BouncerOps;
import io.codecheck.it.app.bouncer.BouncerServlet;
import io.codecheck.it.support.AppClient;
import io.codecheck.it.support.MicroSetup;
import io.codecheck.it.support.Pools;
import io.codecheck.it.support.Reply;
import io.codecheck.it.support.Servers;
import io.codecheck.it.support.Wars;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.PgBouncerServer;
import io.codecheck.testkit.RepositoryFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Container-managed transactions on Payara Micro through a real PgBouncer in transaction pooling (the ini of
 * docs/pgbouncer.md), with {@code @Resource}-injected read-write and read-only resources: all or nothing, the
 * statement timeout and the read-only guard hold, SET LOCAL lasts exactly its transaction, a plain SET is refused.
 */
@ExtendWith(ArquillianExtension.class)
class PgBouncerIT {

    private static PgBouncerServer bouncer;

    @ArquillianResource
    URL url;

    private AppClient app;

    @Deployment(testable = false)
    static WebArchive deployment() {
        TestDatabase db = TestDatabase.get();
        Servers.createItemsTable(db);
        Pools pools = new Pools();
        if (PgBouncerServer.installed()) {
            try {
                bouncer = PgBouncerServer.start(iniFromDocs(), Map.of("default_pool_size", "2"), db.database(),
                        db.host(), db.port(), Map.of(db.user(), db.password()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Object> conn = Servers.connection(db);
            pools.add(BouncerNames.READ_WRITE).sizes(0, 4).properties(conn)
                    .property("serverName", bouncer.host()).property("portNumber", bouncer.port())
                    .property("poolerMode", "transaction")
                    .property("statementTimeout", BouncerNames.STATEMENT_TIMEOUT_MILLIS)
                    .property("poolName", BouncerNames.RW_POOL).property("applicationName", BouncerNames.RW_POOL);
            pools.add(BouncerNames.READ_ONLY).sizes(0, 4).properties(conn)
                    .property("serverName", bouncer.host()).property("portNumber", bouncer.port())
                    .property("poolerMode", "transaction").property("readOnly", true)
                    .property("poolName", BouncerNames.RO_POOL).property("applicationName", BouncerNames.RO_POOL);
        }
        MicroSetup.prepare(List.of(), Map.of());
        return Wars.war("it-bouncer", pools).addClasses(BouncerNames.class, BouncerOps.class, BouncerServlet.class);
    }

    /** The transaction-pooling ini of docs/pgbouncer.md, so that what the page shows is what runs here. */
    private static String iniFromDocs() {
        return RepositoryFiles.fencedBlock(RepositoryFiles.read("docs/pgbouncer.md"),
                "<!-- pgbouncer.ini transaction -->", "ini");
    }

    @AfterAll
    static void stopPgBouncer() {
        if (bouncer != null) {
            bouncer.stop();
        }
    }

    @BeforeEach
    void client() {
        Assumptions.assumeTrue(bouncer != null, PgBouncerServer.NOT_INSTALLED);
        app = new AppClient(url);
    }

    private static String batch() {
        return "bouncer-" + UUID.randomUUID();
    }

    @Test
    void aSuccessfulMethodCommitsBothRows() {
        String batch = batch();
        app.call("bouncer", "insert", "batch", batch).assertOk();
        assertEquals(2, Servers.countItems(TestDatabase.get(), batch));
    }

    @Test
    void aSystemExceptionOrSetRollbackOnlyLeavesNoRow() {
        String failed = batch();
        app.call("bouncer", "insertThenFail", "batch", failed).assertFailed();
        assertEquals(0, Servers.countItems(TestDatabase.get(), failed));
        String rolledBack = batch();
        app.call("bouncer", "insertThenRollbackOnly", "batch", rolledBack).assertOk();
        assertEquals(0, Servers.countItems(TestDatabase.get(), rolledBack));
    }

    @Test
    void theStatementTimeoutAndTheReadOnlyGuardHold() {
        Reply slow = app.call("bouncer", "sleep", "seconds", 3).assertFailed();
        assertEquals("57014", slow.sqlState(), slow.toString());
        Reply write = app.call("bouncer", "writeThroughReadOnly", "batch", batch()).assertFailed();
        assertEquals("25006", write.sqlState(), write.toString());
        app.call("bouncer", "insert", "batch", batch()).assertOk(); // the pool works on
    }

    @Test
    void setLocalLastsItsTransactionAndAPlainSetIsRefused() {
        Reply r = app.call("bouncer", "setLocal").assertOk();
        assertEquals("7MB", r.get("here"));
        assertEquals("7MB", r.get("sameTransaction"), "one server connection for the whole container transaction");
        assertTrue(!"7MB".equals(r.get("nextTransaction")), r.toString());
        Reply set = app.call("bouncer", "plainSet").assertFailed();
        assertEquals("0A000", set.get("jdbcSqlState"), set.toString());
        assertTrue(set.message().contains("use SET LOCAL"), set.toString());
    }
}
