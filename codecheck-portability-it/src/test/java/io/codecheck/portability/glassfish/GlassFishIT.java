package io.codecheck.portability.glassfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.portability.JpaWar;
import io.codecheck.portability.LogTailOnFailure;
import io.codecheck.portability.PortableAdapterChecks;
import io.codecheck.portability.PortableJpaChecks;
import io.codecheck.portability.app.ItemWriter;
import io.codecheck.portability.app.Names;
import io.codecheck.portability.app.OpServlet;
import io.codecheck.portability.app.ReadOnlyBesideReadWrite;
import io.codecheck.portability.app.SecondLocalResource;
import io.codecheck.portability.probe.ProbeServlet;
import io.codecheck.ra.testsupport.TestDatabase;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

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
 * The real {@code codecheck-ra.rar} on Eclipse GlassFish 7 (the full distribution from Maven Central, unpacked by the
 * build), against the embedded PostgreSQL of {@link TestDatabase}: a throw-away domain on free ports, the RAR
 * deployed as {@code codecheck-ra} with asadmin, two connector connection pools and resources (read-write and
 * read-only: the README's asadmin commands, as on Payara Server; a third, SecondLocal, is the test's own), and the same test WAR as {@code WildFlyIT}
 * (the same servlet and EJB classes), called over HTTP. The classes inject {@code java:/codecheck/...}, WildFly's
 * names; the WAR's {@code web.xml} and {@code ejb-jar.xml} map those injections onto GlassFish's global
 * {@code codecheck/ReadWrite} and {@code codecheck/ReadOnly} with {@code lookup-name}, which overrides the
 * annotation's {@code lookup}. At the end the WAR, the resources, the pools and the RAR are removed, and no adapter
 * session, MBean or thread may be left. The methods run in order on one server; server.log's tail is attached to any
 * failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GlassFishIT extends PortableAdapterChecks implements PortableJpaChecks {
    /** application_name of both pools' sessions, so the test can count them. */
    static final String APPLICATION_NAME = "codecheck-glassfish-it";
    static final String RA = "codecheck-ra";
    static final String DOMAIN = "codecheck-glassfish-it";
    static final String CONNECTION_DEFINITION = "io.codecheck.ra.api.CodeCheckDataSource";
    /** The two pools: {@code poolName}, asadmin pool {@code codecheck-<pool>}, resource {@code codecheck/<pool>}. */
    static final List<String> POOLS = List.of("ReadWrite", "ReadOnly");
    /** The test's third pool: read-only, but transactionSupportLevel=LocalTransaction; its own application_name. */
    static final String SECOND_LOCAL = "SecondLocal";
    static final String SECOND_LOCAL_APPLICATION_NAME = "codecheck-glassfish-it-second";

    /**
     * The servlet's two injections, by their default names ({@code <class>/<field>}), re-pointed at GlassFish's
     * global resources. A standalone RAR's classes are visible to every application on GlassFish: nothing else needed.
     */
    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                     version="6.0">
            %s
            </web-app>
            """.formatted(resourceRef(OpServlet.class.getName() + "/readWrite", "codecheck/ReadWrite")
            + resourceRef(OpServlet.class.getName() + "/readOnly", "codecheck/ReadOnly"));

    /** The EJB's injection re-pointed the same way; the adapter's exceptions as application exceptions with rollback. */
    static final String EJB_JAR_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/ejb-jar_4_0.xsd"
                     version="4.0">
              <enterprise-beans>
                <session>
                  <ejb-name>ItemWriter</ejb-name>
            %s
                </session>
                <session>
                  <ejb-name>ReadOnlyBesideReadWrite</ejb-name>
            %s
                </session>
                <session>
                  <ejb-name>SecondLocalResource</ejb-name>
            %s
                </session>
              </enterprise-beans>
              <assembly-descriptor>
                <application-exception>
                  <exception-class>io.codecheck.ra.api.DatabaseException</exception-class>
                  <rollback>true</rollback>
                  <inherited>true</inherited>
                </application-exception>
              </assembly-descriptor>
            </ejb-jar>
            """.formatted(resourceRef(ItemWriter.class.getName() + "/readWrite", "codecheck/ReadWrite"),
            resourceRef(ReadOnlyBesideReadWrite.class.getName() + "/readWrite", "codecheck/ReadWrite")
                    + resourceRef(ReadOnlyBesideReadWrite.class.getName() + "/readOnly", "codecheck/ReadOnly"),
            resourceRef(SecondLocalResource.class.getName() + "/readWrite", "codecheck/ReadWrite")
                    + resourceRef(SecondLocalResource.class.getName() + "/secondLocal", "codecheck/SecondLocal"));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static GlassFishServer server;
    private static URI op;
    private static URI probe;
    private static URI jpa;
    private static long startNanos;

    /** Appends server.log's tail to every failure (test methods and @BeforeAll/@AfterAll). */
    @RegisterExtension
    static final LogTailOnFailure SERVER_LOG = new LogTailOnFailure("GlassFish server.log",
            () -> server == null ? null : server.serverLogTail(120));

    private static String resourceRef(String name, String lookup) {
        return """
                  <resource-ref>
                    <res-ref-name>%s</res-ref-name>
                    <res-type>%s</res-type>
                    <res-auth>Container</res-auth>
                    <lookup-name>%s</lookup-name>
                  </resource-ref>
                """.formatted(name, CONNECTION_DEFINITION, lookup);
    }

    @BeforeAll
    static void startGlassFishAndDeploy() throws Exception {
        startNanos = System.nanoTime();
        TestDatabase db = TestDatabase.get();
        try (Connection c = db.openConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS wf_item (batch text NOT NULL, n int NOT NULL)");
        }
        JpaWar.createTable(db);
        log("PostgreSQL ready on " + db.host() + ":" + db.port());

        Path work = Path.of(System.getProperty("it.workdir"));
        Path home = Path.of(System.getProperty("it.glassfishHome"));
        Path rar = Path.of(System.getProperty("it.rar"));
        Files.createDirectories(work);
        Path war = work.resolve("glassfish-portability.war");
        testWar().as(ZipExporter.class).exportTo(war.toFile(), true);
        // the global (asadmin) name: GlassFish, like Payara, builds the unit before any resource-ref is bound
        Path jpaWar = work.resolve("glassfish-jpa.war");
        JpaWar.war("codecheck/ReadWrite", "codecheck/ReadWrite").as(ZipExporter.class).exportTo(jpaWar.toFile(), true);
        Path probeWar = work.resolve("glassfish-probe.war");
        ShrinkWrap.create(WebArchive.class, "probe.war").addClass(ProbeServlet.class)
                .as(ZipExporter.class).exportTo(probeWar.toFile(), true);

        server = GlassFishServer.start(home, work.resolve("glassfish-domains"), DOMAIN, 180);
        log("GlassFish started: http " + server.httpPort() + ", admin " + server.adminPort());
        // one asadmin JVM for all of it (each costs a second or two of start-up)
        List<List<String>> setup = new ArrayList<>();
        setup.add(List.of("deploy", "--name", RA, rar.toString()));
        setup.addAll(resourceCommands(db));
        setup.add(List.of("deploy", "--name", "portability", "--contextroot", "portability", war.toString()));
        setup.add(List.of("deploy", "--name", JpaWar.NAME, "--contextroot", JpaWar.NAME, jpaWar.toString()));
        setup.add(List.of("deploy", "--name", "probe", "--contextroot", "probe", probeWar.toString()));
        server.asadminBatch("setup", setup);
        op = URI.create("http://127.0.0.1:" + server.httpPort() + "/portability/op");
        probe = URI.create("http://127.0.0.1:" + server.httpPort() + "/probe/probe");
        jpa = URI.create("http://127.0.0.1:" + server.httpPort() + JpaWar.PATH);
        log("adapter deployed, both pools and resources created, test and probe WARs deployed");
    }

    /**
     * The README's asadmin commands: per pool, {@code create-connector-connection-pool} against the RAR with the
     * connection settings as {@code --property} (':' separates properties, so ':' and '=' in values are escaped),
     * and {@code create-connector-resource} giving it its global JNDI name. ReadOnly's pool says NoTransaction, as
     * its factory does (readOnly=true); GlassFish takes the factory's answer over the pool's either way. The third
     * pool, SecondLocal, is the test's own: a second resource with local transactions.
     */
    static List<List<String>> resourceCommands(TestDatabase db) {
        List<List<String>> commands = new ArrayList<>();
        for (String pool : POOLS) {
            Map<String, String> properties = connectionProperties(db, pool, APPLICATION_NAME);
            properties.put("readOnly", Boolean.toString(pool.equals("ReadOnly")));
            commands.addAll(poolAndResource(pool, pool.equals("ReadOnly") ? "NoTransaction" : "LocalTransaction",
                    "2", "10", properties));
        }
        Map<String, String> properties = connectionProperties(db, SECOND_LOCAL, SECOND_LOCAL_APPLICATION_NAME);
        properties.put("readOnly", "true");
        properties.put("transactionSupportLevel", "LocalTransaction");
        commands.addAll(poolAndResource(SECOND_LOCAL, "LocalTransaction", "0", "2", properties));
        return commands;
    }

    private static Map<String, String> connectionProperties(TestDatabase db, String pool, String applicationName) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("serverName", db.host());
        properties.put("portNumber", Integer.toString(db.port()));
        properties.put("databaseName", db.database());
        properties.put("user", db.user());
        properties.put("password", db.password());
        properties.put("sslMode", "disable");
        properties.put("poolName", pool);
        properties.put("applicationName", applicationName);
        return properties;
    }

    private static List<List<String>> poolAndResource(String pool, String transactionSupport, String steadySize,
            String maxSize, Map<String, String> properties) {
        String props = properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + asadminEscape(e.getValue()))
                .collect(Collectors.joining(":"));
        return List.of(
                List.of("create-connector-connection-pool", "--raname", RA,
                        "--connectiondefinition", CONNECTION_DEFINITION, "--transactionsupport", transactionSupport,
                        "--steadypoolsize", steadySize, "--maxpoolsize", maxSize, "--property", props,
                        "codecheck-" + pool),
                List.of("create-connector-resource", "--poolname", "codecheck-" + pool, "codecheck/" + pool));
    }

    /** In asadmin {@code --property} values, {@code :} and {@code =} separate properties: escape them. */
    static String asadminEscape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    static WebArchive testWar() {
        return ShrinkWrap.create(WebArchive.class, "portability.war")
                .addClasses(OpServlet.class, ItemWriter.class, ReadOnlyBesideReadWrite.class,
                        SecondLocalResource.class, Names.class)
                .setWebXML(new StringAsset(WEB_XML))
                .addAsWebInfResource(new StringAsset(EJB_JAR_XML), "ejb-jar.xml");
    }

    @AfterAll
    static void stopGlassFish() throws Exception {
        if (server != null) {
            long stopping = System.nanoTime();
            server.close();
            log("GlassFish stopped in " + (System.nanoTime() - stopping) / 1_000_000 + " ms; whole test "
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

    /** GlassFish's own provider. */
    @Override
    public String jpaProviderPackage() {
        return "org.eclipse.persistence.";
    }

    // ---- the API through both resources: PortableAdapterChecks ----

    // ---- what is particular to GlassFish ----

    /**
     * A JMX console's view from another JVM (this one), over GlassFish's own standard RMI connector: both pools'
     * MXBeans, every attribute readable with open types and described, the counts of the work so far, no password,
     * and the operations.
     */
    @Test
    @Order(95)
    void aRemoteJmxClientSeesBothPoolsOverGlassFishsRmiConnector() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            JMXServiceURL url = new JMXServiceURL(
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + server.jmxPort() + "/jmxrmi");
            try (JMXConnector jmx = JMXConnectorFactory.connect(url,
                    Map.of(JMXConnector.CREDENTIALS, new String[] {"admin", ""}))) {
                MBeanServerConnection mbs = jmx.getMBeanServerConnection();
                String password = TestDatabase.get().password();
                for (String pool : POOLS) {
                    ObjectName name = new ObjectName("io.codecheck:type=ConnectionPool,name=\"" + pool + "\"");
                    MBeanInfo info = mbs.getMBeanInfo(name);
                    assertTrue(info.getAttributes().length >= 20, () -> pool + ": " + info.getAttributes().length);
                    for (MBeanAttributeInfo a : info.getAttributes()) {
                        assertFalse(a.getDescription() == null || a.getDescription().isBlank(), a::getName);
                        Object value = mbs.getAttribute(name, a.getName());
                        assertFalse(String.valueOf(value).contains(password), a.getName() + " shows the password");
                    }
                    assertEquals(pool, mbs.getAttribute(name, "PoolName"));
                    assertTrue((Long) mbs.getAttribute(name, "QueriesExecuted") > 0, pool);
                    CompositeData health = (CompositeData) mbs.invoke(name, "healthCheck", null, null);
                    assertEquals("healthy", health.get("status"), health::toString);
                    assertEquals(Boolean.FALSE, health.get("isReplica"));
                }
                ObjectName readWrite = new ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadWrite\"");
                long createdBefore = (Long) mbs.getAttribute(readWrite, "ConnectionsCreated");
                mbs.invoke(readWrite, "softEvictConnections", null, null);
                call("query", null);
                assertTrue((Long) mbs.getAttribute(readWrite, "ConnectionsCreated") > createdBefore,
                        "a soft-evicted connection was replaced before reuse");
                log("remote JMX over " + url + ": both pools' MXBeans read, healthCheck and softEvictConnections");
            }
        });
    }

    // ---- undeploy ----

    @Test
    @Order(100)
    void removingTheWarTheResourcesThePoolsAndTheRarLeavesNoSessionMBeanOrThread() throws Exception {
        TestDatabase db = TestDatabase.get();
        Properties before = get(probe);
        assertTrue(before.getProperty("mbeans").contains("name=\"ReadWrite\""), before::toString);
        assertTrue(before.getProperty("mbeans").contains("name=\"ReadOnly\""), before::toString);

        int sessions = db.countBackends(APPLICATION_NAME);
        assertNotEquals(0, sessions, "the pools hold sessions before the undeploy");
        server.asadmin("undeploy", "portability");
        server.asadmin("undeploy", JpaWar.NAME);
        log("WAR undeployed; adapter sessions: " + sessions + " before, " + db.countBackends(APPLICATION_NAME)
                + " after (the pools are the server's, not the WAR's)");
        List<List<String>> delete = new ArrayList<>();
        for (String pool : List.of("ReadWrite", "ReadOnly", SECOND_LOCAL)) {
            delete.add(List.of("delete-connector-resource", "codecheck/" + pool));
            delete.add(List.of("delete-connector-connection-pool", "codecheck-" + pool));
        }
        server.asadminBatch("delete-resources", delete);
        log("resources and pools deleted; adapter sessions: " + db.countBackends(APPLICATION_NAME) + "; probe: "
                + get(probe));
        server.asadmin("undeploy", RA);
        long undeployed = System.nanoTime();
        log("RAR undeployed");

        long deadline = undeployed + TimeUnit.SECONDS.toNanos(30);
        int left;
        while ((left = db.countBackends(APPLICATION_NAME)) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, left, "adapter sessions left 30 s after the RAR was undeployed");
        log("no adapter session left after " + (System.nanoTime() - undeployed) / 1_000_000 + " ms");

        Properties after = get(probe);
        while ((!after.getProperty("mbeans").equals("[]") || !after.getProperty("threads").equals("[]"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
            after = get(probe);
        }
        assertEquals("[]", after.getProperty("mbeans"), "adapter MBeans left after the RAR was undeployed");
        assertEquals("[]", after.getProperty("threads"), "adapter or driver threads left after the RAR was undeployed");

        // nothing the adapter or GlassFish's connector runtime complained about during the whole run
        if (!server.serverLogWorks()) {
            log("NOT CHECKED: warnings in server.log (GlassFish wrote none of its records there this run)");
            return;
        }
        String serverLog = Files.readString(server.serverLog(), StandardCharsets.UTF_8);
        assertTrue(serverLog.contains("Resource Adapter [ " + RA + " ] started"),
                "server.log holds the adapter's deployment (else the check below would prove nothing)");
        assertEquals("", complaints(serverLog), "warnings or errors of the adapter or the connector runtime");
    }

    /**
     * server.log's WARNING and SEVERE records (ODL format: {@code [time] [product] [LEVEL] [id] [logger] ... [[
     * message]]}) of the adapter ({@code io.codecheck}) or of GlassFish's connector runtime
     * ({@code jakarta.enterprise.resource.*}), each with its first lines.
     */
    static String complaints(String log) {
        Pattern record = Pattern.compile(
                "^\\[[^\\]]*] \\[[^\\]]*] \\[(WARNING|SEVERE)] \\[[^\\]]*] \\[([^\\]]*)]", Pattern.MULTILINE);
        Matcher m = record.matcher(log);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            String logger = m.group(2);
            if (logger.startsWith("io.codecheck") || logger.startsWith("jakarta.enterprise.resource")
                    || logger.startsWith("javax.enterprise.resource")) {
                int end = log.indexOf("]]", m.start());
                found.add(log.substring(m.start(), end < 0 ? Math.min(log.length(), m.start() + 2000) : end + 2));
            }
        }
        return String.join("\n", found);
    }

    // ---- helpers ----

    private static void log(String message) {
        System.out.println("[GlassFishIT +" + (System.nanoTime() - startNanos) / 1_000_000 + " ms] " + message);
    }
}
