package io.codecheck.it;

import io.codecheck.it.app.OpServlet;
import io.codecheck.it.app.shutdown.ProbeServlet;
import io.codecheck.it.app.shutdown.ShutdownNames;
import io.codecheck.it.app.shutdown.StarterBean;
import io.codecheck.it.app.shutdown.VictimOps;
import io.codecheck.it.app.shutdown.VictimServlet;
import io.codecheck.it.support.AppClient;
import io.codecheck.it.support.MicroSetup;
import io.codecheck.it.support.Pools;
import io.codecheck.it.support.Reply;
import io.codecheck.it.support.Servers;
import io.codecheck.it.support.Wars;
import io.codecheck.ra.testsupport.TestDatabase;
import io.codecheck.testkit.Await;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shutdown, seen from outside the undeployed code: the post-boot commands deploy the RAR, a server-wide factory and
 * the "victim" application (with two application-scoped factories); Arquillian deploys the probe WAR, which reads the
 * Micro JVM's MBeans, threads, JDBC drivers and the RAR's class loader (weakly) and undeploys. PostgreSQL's
 * pg_stat_activity is read by the test JVM.
 */
@ExtendWith(ArquillianExtension.class)
class ShutdownIT {

    private static final String PROBE_APP = "it-probe";

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        TestDatabase db = TestDatabase.get();
        Map<String, Object> conn = Servers.connection(db);
        Pools pools = new Pools();
        // Payara's resizer task of a destroyed pool keeps its factory reachable until the task's next run time
        pools.add(ShutdownNames.VICTIM_RW).sizes(2, 8).idleTimeoutSeconds(5).properties(conn)
                .property("poolName", ShutdownNames.VICTIM_RW_POOL)
                .property("applicationName", ShutdownNames.VICTIM_RW_POOL)
                // runs the adapter's leak-detector thread, which must end with the adapter
                .property("leakDetectionThreshold", 60_000);
        pools.add(ShutdownNames.VICTIM_RO).sizes(2, 8).idleTimeoutSeconds(5).properties(conn).property("readOnly", true)
                .property("poolName", ShutdownNames.VICTIM_RO_POOL)
                .property("applicationName", ShutdownNames.VICTIM_RO_POOL);
        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <resource-ref>
                    <res-ref-name>%s</res-ref-name>
                    <res-type>io.codecheck.ra.api.CodeCheckDataSource</res-type>
                    <res-auth>Container</res-auth>
                    <lookup-name>%s</lookup-name>
                  </resource-ref>
                </web-app>
                """.formatted(ShutdownNames.GLOBAL_REF, ShutdownNames.GLOBAL);
        WebArchive victim = Wars.war(ShutdownNames.VICTIM_APP, pools)
                .addClasses(ShutdownNames.class, VictimOps.class, VictimServlet.class)
                .setWebXML(new StringAsset(webXml));
        Path victimFile = MicroSetup.workDir().resolve(ShutdownNames.VICTIM_APP + ".war");
        victim.as(ZipExporter.class).exportTo(victimFile.toFile(), true);

        // A starter application, deployed before the RAR, that never touches the adapter. Payara Micro 6.2025.10
        // creates its log file handler's "GFFileHandler log pump" thread when the first application's containers
        // start (GFFileHandler.initializePump(), a plain new Thread()), and that thread inherits the deploying
        // thread's context class loader, the application's, and keeps it for the life of the JVM. The JVM in turn
        // keeps a RAR's class loader as long as any class loader that resolved one of its classes (HotSpot records a
        // dependency between the two class loaders, which no heap dump shows): the victim's classes do, and so does
        // the first application deployed after the RAR, whose deployment (Payara's JdbcLeakPrevention) is the first
        // use of DriverManager, which then loads every java.sql.Driver service its context class loader sees, the
        // RAR's pgjdbc included. So the first application must be neither the victim nor deployed after the RAR.
        Path starterFile = MicroSetup.workDir().resolve(ShutdownNames.STARTER_APP + ".war");
        ShrinkWrap.create(WebArchive.class, ShutdownNames.STARTER_APP + ".war").addClass(StarterBean.class)
                .setWebXML(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0"/>
                        """))
                .as(ZipExporter.class).exportTo(starterFile.toFile(), true);

        // an idle timeout of 5 s: Payara's pool resizer runs every idle timeout on a shared java.util.Timer, whose
        // thread, waiting for a task's next run, keeps the task (and through the destroyed pool the RAR's class
        // loader) in a local variable even after the task was cancelled and purged; 300 s by default
        List<String> beforeRar = List.of("deploy --name " + ShutdownNames.STARTER_APP + " --contextroot "
                + ShutdownNames.STARTER_APP + " " + starterFile);
        List<String> commands = new ArrayList<>(MicroSetup.asadminFactory(ShutdownNames.GLOBAL_POOL + "-pool",
                ShutdownNames.GLOBAL, 4, 5, Map.of("serverName", db.host(), "portNumber", String.valueOf(db.port()),
                        "databaseName", db.database(), "user", db.user(), "password", db.password(),
                        "poolName", ShutdownNames.GLOBAL_POOL, "applicationName", ShutdownNames.GLOBAL_POOL)));
        commands.add("deploy --name " + ShutdownNames.VICTIM_APP + " --contextroot " + ShutdownNames.VICTIM_APP + " "
                + victimFile);
        MicroSetup.prepare(beforeRar, commands, Map.of());
        // the probe: no resources, no EJBs, no adapter classes
        return ShrinkWrap.create(WebArchive.class, PROBE_APP + ".war")
                .addClasses(OpServlet.class, ShutdownNames.class, ProbeServlet.class);
    }

    @Test
    void undeployingTheApplicationAndThenTheAdapterLeavesNoSessionsMBeansThreadsOrClassLoader() throws Exception {
        // with two applications deployed, Arquillian's URL may point at either: address both explicitly
        AppClient probe = new AppClient(new URL(url, "/" + PROBE_APP + "/"));
        AppClient victim = new AppClient(new URL(url, "/" + ShutdownNames.VICTIM_APP + "/"));

        // everything in use
        victim.call("victim", "warm").assertOk();
        assertTrue(backends(ShutdownNames.VICTIM_RW_POOL) >= 3);
        assertTrue(backends(ShutdownNames.VICTIM_RO_POOL) >= 3);
        assertTrue(backends(ShutdownNames.GLOBAL_POOL) >= 3);
        Reply mbeans = probe.call("probe", "mbeans").assertOk();
        for (String pool : List.of(ShutdownNames.VICTIM_RW_POOL, ShutdownNames.VICTIM_RO_POOL,
                ShutdownNames.GLOBAL_POOL)) {
            assertTrue(mbeans.get("names").contains("io.codecheck:type=ConnectionPool,name=\"" + pool + "\""),
                    mbeans.toString());
        }
        probe.call("probe", "captureAdapterLoader").assertOk();
        Reply drivers = probe.call("probe", "adapterDrivers").assertOk();
        assertEquals("org.postgresql.Driver", drivers.get("names"), "pgjdbc of the RAR registered itself with "
                + "DriverManager while in use: " + drivers);
        Reply threads = probe.call("probe", "threads").assertOk();
        assertTrue(threads.get("names").contains("codecheck-ra-leak-detector-" + ShutdownNames.VICTIM_RW_POOL),
                "the leak detector runs: " + threads);

        // 1. the application goes: its pools close their sessions; the server-wide pool stays
        Reply undeployed = probe.call("probe", "undeploy", "name", ShutdownNames.VICTIM_APP).assertOk();
        assertTrue(!undeployed.get("apps").contains(ShutdownNames.VICTIM_APP), undeployed.toString());
        awaitNoBackends(ShutdownNames.VICTIM_RW_POOL);
        awaitNoBackends(ShutdownNames.VICTIM_RO_POOL);
        assertTrue(backends(ShutdownNames.GLOBAL_POOL) >= 1, "the server-wide pool outlives the application");
        // containers give an adapter no signal when they drop a pool: once the application's factories are
        // collected, their MBeans and the leak detector's thread go; the server-wide pool's MBean stays
        Await.until(Duration.ofSeconds(30), () -> {
            probe.call("probe", "gc").assertOk();
            String names = probe.call("probe", "mbeans").assertOk().get("names");
            return !names.contains(ShutdownNames.VICTIM_RW_POOL) && !names.contains(ShutdownNames.VICTIM_RO_POOL);
        }, () -> "MBeans of the undeployed application's pools left: " + probe.call("probe", "mbeans"));
        assertTrue(probe.call("probe", "mbeans").assertOk().get("names").contains(ShutdownNames.GLOBAL_POOL));
        Await.until(Duration.ofSeconds(15), () -> !probe.call("probe", "threads").assertOk().get("names")
                .contains("codecheck-ra-leak-detector-" + ShutdownNames.VICTIM_RW_POOL),
                () -> "the undeployed pool's leak detector still runs: " + probe.call("probe", "threads"));
        System.out.println("after undeploying " + ShutdownNames.VICTIM_APP + ": "
                + probe.call("probe", "mbeans").assertOk() + "; threads " + probe.call("probe", "threads"));

        // 2. the adapter goes, with its server-wide pool and resource (cascade)
        Reply adapterGone = probe.call("probe", "undeploy", "name", MicroSetup.RAR_NAME, "cascade", true)
                .assertOk();
        assertEquals("SUCCESS", adapterGone.get("exitStatus"), adapterGone.toString());
        assertTrue(!adapterGone.get("apps").contains(MicroSetup.RAR_NAME), adapterGone.toString());
        awaitNoBackends(ShutdownNames.GLOBAL_POOL);
        Await.until(Duration.ofSeconds(10), () -> probe.call("probe", "mbeans").assertOk().getInt("count") == 0,
                () -> "io.codecheck MBeans left: " + probe.call("probe", "mbeans"));
        // pgjdbc's cleaner thread ends 2 s after the last connection closed (-Dpgjdbc.config.cleanup.thread.ttl)
        Await.until(Duration.ofSeconds(15), () -> probe.call("probe", "threads").assertOk().getInt("count") == 0,
                () -> "adapter threads left: " + probe.call("probe", "threads"));
        // the adapter deregistered its pgjdbc from DriverManager, which would otherwise hold the RAR's class loader
        Reply driversLeft = probe.call("probe", "adapterDrivers").assertOk();
        assertEquals(0, driversLeft.getInt("count"), "drivers of the RAR's class loader still registered with "
                + "DriverManager: " + driversLeft);
        // and nothing keeps the RAR's class loader: not the pooled container thread that called the adapter's stop()
        // (the adapter gives it another context class loader), not the applications that used the adapter (the
        // victim is undeployed; the probe never resolves an adapter class itself), not Payara's (see the starter
        // application and the pool's idle timeout above). On failure the Micro JVM writes a heap dump; a holder that
        // is a class loader dependency shows only with -Xlog:class+loader+data=trace in arquillian.xml's cmdOptions
        // ("adding dependency from ... to" the RAR's ConnectorClassFinder).
        Path dump = MicroSetup.workDir().resolve("adapter-loader-not-collected.hprof");
        Await.until(Duration.ofSeconds(30),
                () -> "true".equals(probe.call("probe", "adapterLoaderCollected").assertOk().get("collected")),
                () -> "the RAR's class loader is still reachable; threads " + probe.call("probe", "threads")
                        + "; heap dump " + probe.call("probe", "heapDump", "path", dump.toString()));
        assertEquals(0, backends(ShutdownNames.VICTIM_RW_POOL) + backends(ShutdownNames.VICTIM_RO_POOL)
                + backends(ShutdownNames.GLOBAL_POOL));
    }

    private static void awaitNoBackends(String applicationName) {
        Await.until(Duration.ofSeconds(10), () -> backends(applicationName) == 0,
                () -> backends(applicationName) + " sessions of " + applicationName + " left in pg_stat_activity");
    }

    private static int backends(String applicationName) {
        try {
            return TestDatabase.get().countBackends(applicationName);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
