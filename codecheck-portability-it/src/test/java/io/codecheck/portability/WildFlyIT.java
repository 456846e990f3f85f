package io.codecheck.portability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.portability.app.ItemWriter;
import io.codecheck.portability.app.Names;
import io.codecheck.portability.app.OpServlet;
import io.codecheck.portability.app.ReadOnlyBesideReadWrite;
import io.codecheck.portability.app.SecondLocalResource;
import io.codecheck.portability.probe.ProbeServlet;
import io.codecheck.ra.testsupport.TestDatabase;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code codecheck-ra.rar} on WildFly 39 (the full distribution from Maven Central, unpacked by the build),
 * against the embedded PostgreSQL of {@link TestDatabase}: the RAR is deployed with jboss-cli, two connection
 * definitions (read-write and read-only, plus the test's own SecondLocal) are added to the {@code resource-adapters}
 * subsystem, and a test WAR (built here with ShrinkWrap) that injects them as {@code CodeCheckDataSource} is called
 * over HTTP. At the end the WAR,
 * the resource adapter and the RAR are removed, and no adapter session may be left on the database.
 * The methods run in order on one server; server.log's tail is attached to any failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyIT extends PortableAdapterChecks implements PortableJpaChecks {
    /** application_name of both pools' sessions, so the test can count them. */
    static final String APPLICATION_NAME = "codecheck-wildfly-it";
    static final String RA = "codecheck-ra.rar";
    /** The third connection definition: read-only, but transactionSupportLevel=LocalTransaction. */
    static final String SECOND_LOCAL = "SecondLocal";
    static final String SECOND_LOCAL_APPLICATION_NAME = "codecheck-wildfly-it-second";
    /** What the server's DB_POOL_MIN / DB_POOL_MAX say (the expressions' defaults are 2 and 10). */
    static final int POOL_MIN = 3;
    static final int POOL_MAX = 4;

    /**
     * What a WAR needs to see the adapter's API classes ({@code io.codecheck.ra.api}) of a standalone RAR on
     * WildFly: a dependency on the RAR's deployment module.
     */
    static final String JBOSS_DEPLOYMENT_STRUCTURE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <jboss-deployment-structure xmlns="urn:jboss:deployment-structure:1.3">
              <deployment>
                <dependencies>
                  <module name="deployment.codecheck-ra.rar"/>
                </dependencies>
              </deployment>
            </jboss-deployment-structure>
            """;

    /** The adapter's exceptions as application exceptions with rollback (as the README advises). */
    static final String EJB_JAR_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/ejb-jar_4_0.xsd"
                     version="4.0">
              <assembly-descriptor>
                <application-exception>
                  <exception-class>io.codecheck.ra.api.DatabaseException</exception-class>
                  <rollback>true</rollback>
                  <inherited>true</inherited>
                </application-exception>
              </assembly-descriptor>
            </ejb-jar>
            """;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static WildFlyServer server;
    private static URI op;
    private static URI jpa;
    private static URI probe;
    private static long startNanos;

    /** Appends server.log's tail to every failure (test methods and @BeforeAll/@AfterAll). */
    @RegisterExtension
    static final LogTailOnFailure SERVER_LOG = new LogTailOnFailure("WildFly server.log",
            () -> server == null ? null : server.serverLogTail(120));

    @BeforeAll
    static void startWildFlyAndDeploy() throws Exception {
        startNanos = System.nanoTime();
        TestDatabase db = TestDatabase.get();
        try (Connection c = db.openConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS wf_item (batch text NOT NULL, n int NOT NULL)");
        }
        JpaWar.createTable(db);
        log("PostgreSQL ready on " + db.host() + ":" + db.port());

        Path work = Path.of(System.getProperty("it.workdir"));
        Path home = Path.of(System.getProperty("it.wildflyHome"));
        Path rar = Path.of(System.getProperty("it.rar"));
        Path war = work.resolve("portability.war");
        testWar().as(ZipExporter.class).exportTo(war.toFile(), true);
        // the subsystem's JNDI name, as the application's @Resource uses it
        Path jpaWar = work.resolve("jpa.war");
        JpaWar.war(Names.READ_WRITE, Names.READ_WRITE).as(ZipExporter.class).exportTo(jpaWar.toFile(), true);
        Path probeWar = work.resolve("probe.war");
        ShrinkWrap.create(WebArchive.class, "probe.war").addClass(ProbeServlet.class)
                .as(ZipExporter.class).exportTo(probeWar.toFile(), true);

        server = WildFlyServer.start(home, work.resolve("wildfly-server"), 180,
                Map.of("DB_POOL_MIN", Integer.toString(POOL_MIN), "DB_POOL_MAX", Integer.toString(POOL_MAX)));
        log("WildFly started: http " + server.httpPort() + ", management " + server.managementPort());
        log(server.cli("setup", setupScript(db, rar)));
        log("adapter deployed and its three connection definitions active");
        log(server.cli("deploy-wars", "deploy " + war + "\ndeploy " + jpaWar + "\ndeploy " + probeWar + "\n"));
        op = URI.create("http://127.0.0.1:" + server.httpPort() + "/portability/op");
        jpa = URI.create("http://127.0.0.1:" + server.httpPort() + JpaWar.PATH);
        probe = URI.create("http://127.0.0.1:" + server.httpPort() + "/probe/probe");
        log("test and probe WARs deployed");
    }

    /**
     * The CLI script: deploy the RAR, add the resource adapter with its connection definitions in one batch, and
     * activate it (no reload needed). The activation's transaction-support covers every definition; ReadOnly's
     * NoTransaction is the factory's own answer (readOnly=true), which IronJacamar lets win per definition. The
     * third definition, SecondLocal, is the test's own: a second resource with local transactions.
     */
    static String setupScript(TestDatabase db, Path rar) {
        String ra = "/subsystem=resource-adapters/resource-adapter=" + RA;
        StringBuilder cli = new StringBuilder();
        cli.append("deploy ").append(rar).append(" --name=").append(RA).append('\n');
        cli.append("batch\n");
        cli.append(ra).append(":add(archive=").append(RA).append(", transaction-support=LocalTransaction)\n");
        for (String pool : new String[] {"ReadWrite", "ReadOnly"}) {
            // the README's advice for DB_POOL_MIN/DB_POOL_MAX on WildFly, as written there
            String cd = connectionDefinition(cli, ra, pool,
                    "min-pool-size=${env.DB_POOL_MIN:2}, max-pool-size=${env.DB_POOL_MAX:10}, pool-prefill=true");
            connectionProperties(cli, cd, db, pool, APPLICATION_NAME);
            property(cli, cd, "readOnly", Boolean.toString(pool.equals("ReadOnly")));
        }
        // not prefilled, and its own application_name: the pool-size check counts only the two above
        String cd = connectionDefinition(cli, ra, SECOND_LOCAL, "min-pool-size=0, max-pool-size=2");
        connectionProperties(cli, cd, db, SECOND_LOCAL, SECOND_LOCAL_APPLICATION_NAME);
        property(cli, cd, "readOnly", "true");
        property(cli, cd, "transactionSupportLevel", "LocalTransaction");
        cli.append("run-batch\n");
        cli.append(ra).append(":activate\n");
        return cli.toString();
    }

    private static String connectionDefinition(StringBuilder cli, String ra, String pool, String poolSizes) {
        String cd = ra + "/connection-definitions=" + pool;
        cli.append(cd).append(":add(class-name=io.codecheck.ra.spi.PgManagedConnectionFactory, ")
                .append("jndi-name=java:/codecheck/").append(pool).append(", ").append(poolSizes).append(")\n");
        return cd;
    }

    private static void connectionProperties(StringBuilder cli, String cd, TestDatabase db, String pool,
            String applicationName) {
        property(cli, cd, "serverName", db.host());
        property(cli, cd, "portNumber", Integer.toString(db.port()));
        property(cli, cd, "databaseName", db.database());
        property(cli, cd, "user", db.user());
        property(cli, cd, "password", db.password());
        property(cli, cd, "sslMode", "disable");
        property(cli, cd, "poolName", pool);
        property(cli, cd, "applicationName", applicationName);
    }

    private static void property(StringBuilder cli, String cd, String name, String value) {
        cli.append(cd).append("/config-properties=").append(name).append(":add(value=\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\")\n");
    }

    static WebArchive testWar() {
        return ShrinkWrap.create(WebArchive.class, "portability.war")
                .addClasses(OpServlet.class, ItemWriter.class, ReadOnlyBesideReadWrite.class,
                        SecondLocalResource.class, Names.class)
                .addAsWebInfResource(new StringAsset(JBOSS_DEPLOYMENT_STRUCTURE), "jboss-deployment-structure.xml")
                .addAsWebInfResource(new StringAsset(EJB_JAR_XML), "ejb-jar.xml");
    }

    @AfterAll
    static void stopWildFly() throws Exception {
        if (server != null) {
            long stopping = System.nanoTime();
            server.close();
            log("WildFly stopped in " + (System.nanoTime() - stopping) / 1_000_000 + " ms; whole test "
                    + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
        }
    }

    @Override
    protected URI operations() {
        return op;
    }

    @Override
    public URI jpaOperations() {
        return jpa;
    }

    @Override
    public String readWriteApplicationName() {
        return APPLICATION_NAME;
    }

    /** WildFly's JPA subsystem defaults to its Hibernate module. */
    @Override
    public String jpaProviderPackage() {
        return "org.hibernate.";
    }

    // ---- the API through both resources: PortableAdapterChecks ----

    // ---- what is particular to WildFly ----

    /**
     * The activation says LocalTransaction for all its definitions; the factory's own TransactionSupport answer
     * wins per definition (JCA 1.6 section 7.13, as IronJacamar reads it), and IronJacamar says so (IJ020019, INFO)
     * where the two differ: for ReadOnly (NoTransaction), not for ReadWrite or SecondLocal (LocalTransaction).
     */
    @Test
    @Order(88)
    void theFactorysNoTransactionWinsOverTheActivationsLocalTransactionForReadOnlyOnly() throws Exception {
        // "IJ020019: Changed TransactionSupport for java:/codecheck/ReadOnly"
        Pattern changed = Pattern.compile("IJ020019: Changed TransactionSupport for (\\S+)");
        List<String> changedFor = Files.readAllLines(server.serverLog()).stream()
                .map(changed::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().toList();
        assertEquals(List.of(Names.READ_ONLY), changedFor, "definitions whose factory overrode the activation");
    }

    // ---- undeploy ----

    @Test
    @Order(100)
    void removingTheWarTheAdapterAndTheRarLeavesNoSessionMBeanOrThread() throws Exception {
        TestDatabase db = TestDatabase.get();
        Properties before = get(probe);
        assertTrue(before.getProperty("mbeans").contains("name=\"ReadWrite\""), before::toString);
        assertTrue(before.getProperty("mbeans").contains("name=\"ReadOnly\""), before::toString);

        int sessions = db.countBackends(APPLICATION_NAME);
        assertNotEquals(0, sessions, "the pools hold sessions before the undeploy");
        // the JPA WAR's persistence unit depends on ReadWrite's binding: out of the way before the adapter goes
        server.cli("undeploy-war", "undeploy portability.war\nundeploy " + JpaWar.NAME + ".war\n");
        log("WAR undeployed; adapter sessions: " + sessions + " before, " + db.countBackends(APPLICATION_NAME)
                + " after (the pools belong to the subsystem, not to the WAR)");
        // WildFly answers the removal with "operation-requires-reload", but stops the adapter at once: factories
        // unbound, pools closed, MBeans gone (the probe logs it); undeploying the RAR needs no reload either
        String removed = server.cli("remove-ra", "/subsystem=resource-adapters/resource-adapter=" + RA + ":remove\n");
        log("resource adapter removed from the subsystem (reload required: " + removed.contains("reload-required")
                + "); adapter sessions: " + db.countBackends(APPLICATION_NAME) + "; probe: " + get(probe));
        String state = server.cli("undeploy-rar", "undeploy " + RA + "\n:read-attribute(name=server-state)\n");
        long undeployed = System.nanoTime();
        log("RAR undeployed; server-state: " + state.replaceAll("\\s+", " "));

        long deadline = undeployed + TimeUnit.SECONDS.toNanos(30);
        int left;
        while ((left = db.countBackends(APPLICATION_NAME)) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, left, "adapter sessions left 30 s after the RAR was undeployed");
        log("RAR undeployed; no adapter session left after " + (System.nanoTime() - undeployed) / 1_000_000 + " ms");

        Properties after = get(probe);
        while ((!after.getProperty("mbeans").equals("[]") || !after.getProperty("threads").equals("[]"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
            after = get(probe);
        }
        assertEquals("[]", after.getProperty("mbeans"), "adapter MBeans left after the RAR was undeployed");
        assertEquals("[]", after.getProperty("threads"), "adapter or driver threads left after the RAR was undeployed");

        // nothing the adapter, IronJacamar or the connector subsystem complained about during the whole run
        Pattern complaint = Pattern.compile(
                "^\\S+ \\S+ (WARN|ERROR) +\\[(io\\.codecheck|org\\.jboss\\.jca|org\\.jboss\\.as\\.connector)[^\\]]*].*");
        String complaints = Files.readAllLines(server.serverLog()).stream()
                .filter(l -> complaint.matcher(l).matches())
                .collect(Collectors.joining("\n"));
        assertEquals("", complaints, "warnings or errors of the adapter or the connector subsystem");
    }

    // ---- helpers ----

    private static void log(String message) {
        System.out.println("[WildFlyIT +" + (System.nanoTime() - startNanos) / 1_000_000 + " ms] " + message);
    }
}
