package io.codecheck.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.it.app.OpServlet;
import io.codecheck.it.app.Failures;
import io.codecheck.it.app.xa.HaltingXaResource;
import io.codecheck.it.app.xa.XaNames;
import io.codecheck.it.app.xa.XaServlet;
import io.codecheck.it.support.MicroSetup;
import io.codecheck.micro.Directories;
import io.codecheck.micro.PayaraMicro;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.Await;
import io.codecheck.testkit.FreePorts;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code transactionSupportLevel=XATransaction} on Payara Micro: one JTA transaction over two XA resources of the
 * adapter (two databases) commits and rolls back as one; and when the JVM dies between prepare and commit (a third
 * branch halts it, as {@code kill -9} would), the branches left in {@code pg_prepared_xacts} are resolved by the
 * restarted server's recovery as its transaction log says: committed when the decision was logged, rolled back when
 * it was not. Micro runs as a child process here (Arquillian cannot restart it), started as the README's XA recipe
 * says: the root directory kept between starts (its XA pools must exist when start-up recovery runs), the
 * transaction log outside it, the same post-boot file every time.
 */
class XaRecoveryIT {
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration RECOVERY = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestDatabase db = TestDatabase.get();
    private PayaraMicro micro;

    @AfterEach
    void stopMicroAndLeaveNothingPrepared() throws Exception {
        stop();
        try (Connection admin = db.openAdminConnection(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT gid, database FROM pg_prepared_xacts")) {
            List<String[]> left = new ArrayList<>();
            while (rs.next()) {
                left.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            for (String[] p : left) {
                try (Connection c = db.openAdminConnection(p[1]); Statement rollback = c.createStatement()) {
                    rollback.execute("ROLLBACK PREPARED '" + p[0] + "'");
                }
            }
        }
    }

    @Test
    void twoXaResourcesCommitAsOneAndRecoveryResolvesWhatADeadServerLeftPrepared() throws Exception {
        prepareDatabases();
        Path work = MicroSetup.workDir().resolve("xa");
        Directories.deleteRecursively(work);
        Files.createDirectories(work.resolve("tx-logs"));
        int port = FreePorts.loopback();
        Path war = work.resolve(XaNames.APP + ".war");
        ShrinkWrap.create(WebArchive.class, XaNames.APP + ".war")
                .addClasses(OpServlet.class, Failures.class, XaServlet.class, XaNames.class, HaltingXaResource.class,
                        HaltingXaResource.When.class)
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        String[] preboot = {
            "set configs.config.server-config.transaction-service.automatic-recovery=true",
            // the log must outlive the JVM; kept outside the root directory, as the README advises
            "set configs.config.server-config.transaction-service.tx-log-dir=" + work.resolve("tx-logs"),
        };
        List<String> postboot = new ArrayList<>();
        postboot.add("deploy --name " + MicroSetup.RAR_NAME + " " + MicroSetup.rar());
        postboot.addAll(xaFactory(XaNames.FIRST_POOL, XaNames.FIRST, db.database()));
        postboot.addAll(xaFactory(XaNames.SECOND_POOL, XaNames.SECOND, XaNames.SECOND_DATABASE));
        // the README's XA recipe for Micro: the root directory is kept, so the pools the first start defined are
        // there when start-up recovery runs; on later starts the create commands only report that they exist
        postboot.add("deploy --force=true --name " + XaNames.APP + " --contextroot " + XaNames.APP + " " + war);
        URI base = URI.create("http://127.0.0.1:" + port + "/" + XaNames.APP + "/xa");

        start(work, port, preboot, postboot, base);
        Properties committed = call(base, "commit", "c-1");
        assertEquals("true", committed.getProperty("ok"), String.valueOf(committed));
        assertEquals(List.of(1, 1), rows("c-1"), "committed on both databases");
        Properties rolledBack = call(base, "rollback", "r-1");
        assertEquals("true", rolledBack.getProperty("ok"), String.valueOf(rolledBack));
        assertEquals(List.of(0, 0), rows("r-1"), "rolled back on both databases");
        assertEquals(0, prepared(), "nothing prepared after complete transactions");

        // the decision (commit) is logged, then the JVM dies before the adapter's branches are committed
        haltDuring(base, "halt-in-commit", "h-1");
        assertEquals(2, prepared(), "both branches of the adapter are in doubt");
        assertEquals(List.of(0, 0), rows("h-1"), "and not visible");
        start(work, port, preboot, postboot, base);
        await("recovery commits both branches as the log says", () -> prepared() == 0
                && rows("h-1").equals(List.of(1, 1)));

        // the JVM dies while preparing: no decision was logged, so recovery rolls the branches back
        haltDuring(base, "halt-in-prepare", "p-1");
        assertEquals(2, prepared(), "both branches of the adapter were prepared before the halt");
        start(work, port, preboot, postboot, base);
        await("recovery rolls both branches back: nothing was decided", () -> prepared() == 0);
        assertEquals(List.of(0, 0), rows("p-1"));

        Properties after = call(base, "commit", "c-2");
        assertEquals("true", after.getProperty("ok"), "the restarted server works: " + after);
        assertEquals(List.of(1, 1), rows("c-2"));
    }

    // ---- the databases ----

    private void prepareDatabases() throws SQLException {
        try (Connection admin = db.openAdminConnection("postgres"); Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                    + XaNames.SECOND_DATABASE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + XaNames.SECOND_DATABASE + " OWNER " + db.user());
                }
            }
        }
        for (String database : List.of(db.database(), XaNames.SECOND_DATABASE)) {
            try (Connection admin = db.openAdminConnection(database); Statement st = admin.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS " + XaNames.TABLE + " (id text PRIMARY KEY)");
                st.execute("GRANT ALL ON " + XaNames.TABLE + " TO " + db.user());
            }
        }
    }

    private List<Integer> rows(String id) {
        List<Integer> counts = new ArrayList<>();
        for (String database : List.of(db.database(), XaNames.SECOND_DATABASE)) {
            try (Connection admin = db.openAdminConnection(database);
                 PreparedStatement ps = admin.prepareStatement("SELECT count(*) FROM " + XaNames.TABLE
                         + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counts.add(rs.getInt(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return counts;
    }

    private int prepared() {
        try (Connection admin = db.openAdminConnection(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_prepared_xacts")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> xaFactory(String pool, String jndiName, String database) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("serverName", db.host());
        props.put("portNumber", String.valueOf(db.port()));
        props.put("databaseName", database);
        props.put("user", db.user());
        props.put("password", db.password());
        props.put("sslMode", "disable");
        props.put("poolName", pool);
        props.put("applicationName", pool);
        props.put("transactionSupportLevel", "XATransaction");
        return MicroSetup.asadminFactory(pool, jndiName, 4, 300, "XATransaction", props);
    }

    // ---- Micro as a child process ----

    /** The same root directory, command files and a new log every start, as the README's XA recipe says. */
    private void start(Path work, int port, String[] preboot, List<String> postboot, URI base) throws IOException {
        micro = PayaraMicro.builder(Path.of(System.getProperty("it.microJar")), work)
                .port(port)
                .rootDir(work.resolve("micro-root"), false)
                .logFile(work.resolve("micro-" + System.nanoTime() + ".log"), true)
                .arguments("--name", "xa-it")
                .preboot(preboot)
                .postboot(postboot)
                .start();
        micro.awaitReady(START, () -> "true".equals(call(base, "ping", "-").getProperty("ok")) ? "up" : null);
    }

    /** The request that ends the JVM: no answer, and the process is gone. */
    private void haltDuring(URI base, String op, String id) throws Exception {
        try {
            Properties p = call(base, op, id);
            throw new AssertionError(op + " answered instead of ending the JVM: " + p);
        } catch (IOException expected) {
            // the connection died with the JVM
        }
        assertTrue(micro.process().waitFor(30, TimeUnit.SECONDS), "the JVM ended");
        assertEquals(137, micro.process().exitValue());
        micro = null;
    }

    private void stop() {
        if (micro == null) {
            return;
        }
        micro.stop(Duration.ofSeconds(40));
        micro = null;
    }

    private static Properties call(URI base, String op, String id) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "?op=" + op + "&id=" + id))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        Properties p = new Properties();
        if (r.statusCode() == 200) {
            p.load(new StringReader(r.body()));
        } else {
            p.setProperty("ok", "false");
            p.setProperty("status", String.valueOf(r.statusCode()));
        }
        return p;
    }

    private static void await(String what, Await.Condition condition) {
        Await.until(what, RECOVERY, condition);
    }
}
