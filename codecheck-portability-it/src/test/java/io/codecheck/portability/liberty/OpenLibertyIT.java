package io.codecheck.portability.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
 * The real {@code codecheck-ra.rar} on Open Liberty 26.0.0.3 (the full distribution from Maven Central, unpacked by
 * the build), against the embedded PostgreSQL of {@link TestDatabase}: the test writes a {@code server.xml} with the
 * RAR as a {@code <resourceAdapter>}, two {@code <connectionFactory>}s of it (read-write and read-only; a third,
 * SecondLocal, is the test's own) and the test
 * WAR (the same classes as {@code WildFlyIT}'s, built here with ShrinkWrap) with the adapter as its class provider,
 * and calls the WAR over HTTP. At the end the WAR, then the factories and the adapter are removed from
 * {@code server.xml} (Liberty applies the change while running), and no adapter session may be left on the
 * database. The methods run in order on one server; messages.log's tail is attached to any failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenLibertyIT extends PortableAdapterChecks implements PortableJpaChecks {
    /** application_name of both pools' sessions, so the test can count them. */
    static final String APPLICATION_NAME = "codecheck-liberty-it";
    /** The {@code <resourceAdapter id>}: also the name of the factories' {@code properties.<id>} element. */
    static final String RA_ID = "codecheck";
    /** What the server's DB_POOL_MIN / DB_POOL_MAX say (the variables' defaults are 2 and 10). */
    static final int POOL_MIN = 3;
    static final int POOL_MAX = 4;
    static final String SERVER = "codecheck-it";

    /** JNDI names of the {@code <connectionFactory>}s (Liberty's names are not in the java: namespace). */
    static final String READ_WRITE = "codecheck/ReadWrite";
    static final String READ_ONLY = "codecheck/ReadOnly";
    /** The test's third factory: read-only, but transactionSupportLevel=LocalTransaction; its own application_name. */
    static final String SECOND_LOCAL = "codecheck/SecondLocal";
    static final String SECOND_LOCAL_APPLICATION_NAME = "codecheck-liberty-it-second";

    /**
     * Points the test classes' {@code @Resource(lookup = "java:/codecheck/...")} (WildFly names, see {@link Names})
     * at Liberty's names: a {@code resource-ref} of the same name (the injection's default name,
     * {@code <class>/<field>}) with another {@code lookup-name} overrides the annotation. The EJB in the WAR shares
     * the WAR's component environment, so web.xml covers it too.
     */
    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                     version="6.0">
            %s</web-app>
            """.formatted(resourceRef(OpServlet.class, "readWrite", READ_WRITE)
            + resourceRef(OpServlet.class, "readOnly", READ_ONLY)
            + resourceRef(ItemWriter.class, "readWrite", READ_WRITE)
            + resourceRef(ReadOnlyBesideReadWrite.class, "readWrite", READ_WRITE)
            + resourceRef(ReadOnlyBesideReadWrite.class, "readOnly", READ_ONLY)
            + resourceRef(SecondLocalResource.class, "readWrite", READ_WRITE)
            + resourceRef(SecondLocalResource.class, "secondLocal", SECOND_LOCAL));

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
    private static OpenLibertyServer server;
    private static Setup setup;
    private static URI op;
    private static URI probe;
    private static URI jpa;
    private static long startNanos;

    /** Appends messages.log's tail to every failure (test methods and @BeforeAll/@AfterAll). */
    @RegisterExtension
    static final LogTailOnFailure MESSAGES_LOG = new LogTailOnFailure("Open Liberty messages.log",
            () -> server == null ? null : server.messagesTail(120));

    /** What server.xml is written from. */
    record Setup(TestDatabase db, Path rar, Path war, Path jpaWar, Path probeWar, int httpPort) {
    }

    @BeforeAll
    static void startLibertyAndDeploy() throws Exception {
        startNanos = System.nanoTime();
        TestDatabase db = TestDatabase.get();
        try (Connection c = db.openConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS wf_item (batch text NOT NULL, n int NOT NULL)");
        }
        JpaWar.createTable(db);
        log("PostgreSQL ready on " + db.host() + ":" + db.port());

        Path work = Path.of(System.getProperty("it.workdir"));
        Path home = Path.of(System.getProperty("it.libertyHome"));
        Path rar = Path.of(System.getProperty("it.rar"));
        Path war = work.resolve("liberty-portability.war");
        testWar().as(ZipExporter.class).exportTo(war.toFile(), true);
        // the <connectionFactory jndiName>, as the application's resource-refs use it
        Path jpaWar = work.resolve("liberty-jpa.war");
        JpaWar.war(READ_WRITE, READ_WRITE).as(ZipExporter.class).exportTo(jpaWar.toFile(), true);
        Path probeWar = work.resolve("liberty-probe.war");
        ShrinkWrap.create(WebArchive.class, "probe.war").addClass(ProbeServlet.class)
                .as(ZipExporter.class).exportTo(probeWar.toFile(), true);

        // the port was free a moment ago; if something else took it before Liberty bound it, try another
        for (int attempt = 1; ; attempt++) {
            setup = new Setup(db, rar, war, jpaWar, probeWar, OpenLibertyServer.freePort());
            server = OpenLibertyServer.start(home, work.resolve("liberty-usr"), SERVER, serverXml(setup, true, true),
                    Map.of("DB_POOL_MIN", Integer.toString(POOL_MIN), "DB_POOL_MAX", Integer.toString(POOL_MAX)), 120);
            // CWWKO0219I: "TCP Channel defaultHttpEndpoint has been started and is now listening ...";
            // CWWKO0221E: "TCP Channel defaultHttpEndpoint initialization did not succeed. The socket bind did not
            // succeed ..."
            if (server.await(30, "CWWKO0219I", "CWWKO0221E").equals("CWWKO0219I")) {
                break;
            }
            log("port " + setup.httpPort() + " was taken before Liberty bound it (attempt " + attempt + ")");
            server.close();
            server = null;
            if (attempt == 3) {
                throw new IllegalStateException("no free HTTP port for Open Liberty in 3 attempts");
            }
        }
        log("Open Liberty ready: http " + setup.httpPort());
        String messages = server.messages();
        for (String expected : new String[] {
                "J2CA7001I", // resource adapter codecheck installed
                "CWWKZ0001I: Application portability started",
                "CWWKZ0001I: Application jpa started",
                "CWWKZ0001I: Application probe started"}) {
            assertTrue(messages.contains(expected), () -> expected + " missing in messages.log");
        }
        op = URI.create("http://127.0.0.1:" + setup.httpPort() + "/portability/op");
        probe = URI.create("http://127.0.0.1:" + setup.httpPort() + "/probe/probe");
        jpa = URI.create("http://127.0.0.1:" + setup.httpPort() + JpaWar.PATH);
        log("adapter installed, test and probe WARs started");
    }

    /**
     * The whole server configuration: features, a loopback HTTP endpoint, the probe WAR, and (when asked) the
     * adapter with both connection factories and the test WAR, whose class loader sees the adapter's classes.
     */
    static String serverXml(Setup s, boolean adapter, boolean app) {
        StringBuilder xml = new StringBuilder();
        xml.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <server description="codecheck-ra portability test">
                  <featureManager>
                    <feature>connectors-2.1</feature>
                    <feature>servlet-6.0</feature>
                    <feature>enterpriseBeansLite-4.0</feature>
                    <feature>jndi-1.0</feature>
                    <!-- JPA for the JPA WAR: EclipseLink, Liberty's own provider -->
                    <feature>persistence-3.1</feature>
                  </featureManager>
                  <!-- server.xml is rewritten by the test: look for changes often -->
                  <config monitorInterval="200ms"/>
                  <applicationMonitor updateTrigger="disabled" dropinsEnabled="false"/>
                """);
        xml.append("  <httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"")
                .append(s.httpPort()).append("\" httpsPort=\"-1\"/>\n");
        xml.append("  <application id=\"probe\" name=\"probe\" type=\"war\" context-root=\"probe\" location=\"")
                .append(attr(s.probeWar().toString())).append("\"/>\n");
        if (adapter) {
            TestDatabase db = s.db();
            // the README's advice for DB_POOL_MIN/DB_POOL_MAX: server variables, which environment variables override
            xml.append("  <variable name=\"DB_POOL_MIN\" defaultValue=\"2\"/>\n");
            xml.append("  <variable name=\"DB_POOL_MAX\" defaultValue=\"10\"/>\n");
            xml.append("  <resourceAdapter id=\"").append(RA_ID).append("\" location=\"")
                    .append(attr(s.rar().toString())).append("\"/>\n");
            // ReadOnly signs on with the container's login (a PasswordCredential in the Subject), ReadWrite with
            // the factory's own user and password properties
            xml.append("  <authData id=\"codecheckLogin\" user=\"").append(attr(db.user()))
                    .append("\" password=\"").append(attr(db.password())).append("\"/>\n");
            for (String pool : new String[] {"ReadWrite", "ReadOnly"}) {
                boolean readOnly = pool.equals("ReadOnly");
                xml.append("  <connectionFactory id=\"").append(pool).append("\" jndiName=\"codecheck/")
                        .append(pool).append('"')
                        .append(readOnly ? " containerAuthDataRef=\"codecheckLogin\"" : "").append(">\n");
                xml.append("    <connectionManager minPoolSize=\"${DB_POOL_MIN}\" maxPoolSize=\"${DB_POOL_MAX}\"/>\n");
                xml.append("    <properties.").append(RA_ID)
                        .append(" serverName=\"").append(attr(db.host()))
                        .append("\" portNumber=\"").append(db.port())
                        .append("\" databaseName=\"").append(attr(db.database())).append('"');
                if (!readOnly) {
                    xml.append("\n        user=\"").append(attr(db.user()))
                            .append("\" password=\"").append(attr(db.password())).append('"');
                }
                xml.append("\n        sslMode=\"disable\" poolName=\"").append(pool)
                        .append("\" applicationName=\"").append(APPLICATION_NAME)
                        .append("\" readOnly=\"").append(readOnly).append("\"/>\n");
                xml.append("  </connectionFactory>\n");
            }
            // no transaction setting on either: Liberty takes each factory's own TransactionSupport answer
            // (ReadOnly: NoTransaction, from readOnly=true); the third, the test's own, insists on LocalTransaction
            xml.append("  <connectionFactory id=\"SecondLocal\" jndiName=\"").append(SECOND_LOCAL).append("\">\n");
            xml.append("    <connectionManager minPoolSize=\"0\" maxPoolSize=\"2\"/>\n");
            xml.append("    <properties.").append(RA_ID)
                    .append(" serverName=\"").append(attr(db.host()))
                    .append("\" portNumber=\"").append(db.port())
                    .append("\" databaseName=\"").append(attr(db.database()))
                    .append("\"\n        user=\"").append(attr(db.user()))
                    .append("\" password=\"").append(attr(db.password()))
                    .append("\"\n        sslMode=\"disable\" poolName=\"SecondLocal\" applicationName=\"")
                    .append(SECOND_LOCAL_APPLICATION_NAME)
                    .append("\" readOnly=\"true\" transactionSupportLevel=\"LocalTransaction\"/>\n");
            xml.append("  </connectionFactory>\n");
        }
        if (app) {
            xml.append("  <application id=\"portability\" name=\"portability\" type=\"war\"")
                    .append(" context-root=\"portability\" location=\"").append(attr(s.war().toString()))
                    .append("\">\n");
            xml.append("    <classloader classProviderRef=\"").append(RA_ID).append("\"/>\n");
            xml.append("  </application>\n");
            // uses no adapter class, so no class provider
            xml.append("  <application id=\"jpa\" name=\"jpa\" type=\"war\" context-root=\"jpa\" location=\"")
                    .append(attr(s.jpaWar().toString())).append("\"/>\n");
        }
        xml.append("</server>\n");
        return xml.toString();
    }

    /** An XML attribute value. */
    private static String attr(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    private static String resourceRef(Class<?> type, String field, String lookup) {
        return """
                  <resource-ref>
                    <res-ref-name>%s/%s</res-ref-name>
                    <res-type>io.codecheck.ra.api.CodeCheckDataSource</res-type>
                    <lookup-name>%s</lookup-name>
                  </resource-ref>
                """.formatted(type.getName(), field, lookup);
    }

    static WebArchive testWar() {
        return ShrinkWrap.create(WebArchive.class, "portability.war")
                .addClasses(OpServlet.class, ItemWriter.class, ReadOnlyBesideReadWrite.class,
                        SecondLocalResource.class, Names.class)
                .addAsWebInfResource(new StringAsset(WEB_XML), "web.xml")
                .addAsWebInfResource(new StringAsset(EJB_JAR_XML), "ejb-jar.xml");
    }

    @AfterAll
    static void stopLiberty() throws Exception {
        if (server != null) {
            long stopping = System.nanoTime();
            server.close();
            log("Open Liberty stopped in " + (System.nanoTime() - stopping) / 1_000_000 + " ms; whole test "
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

    /** The persistence-3.1 feature brings EclipseLink. */
    @Override
    public String jpaProviderPackage() {
        return "org.eclipse.persistence.";
    }

    // ---- the API through both resources: PortableAdapterChecks ----

    /**
     * The properties of server.xml reached the adapter: poolName and readOnly above; applicationName, user and
     * databaseName as the database sees the sessions (portNumber: the embedded server is not on 5432, so nothing
     * would connect without it). ReadOnly has no user property: its login is the container's ({@code authData}),
     * without which it would sign on as the adapter's default user, postgres.
     */
    @Test
    @Order(15)
    void theDatabaseSeesTheConfiguredSessionSettings() throws Exception {
        List<String> sessions = new ArrayList<>();
        try (Connection admin = TestDatabase.get().openAdminConnection();
             PreparedStatement ps = admin.prepareStatement(
                     "SELECT usename, datname FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, APPLICATION_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getString(1) + "@" + rs.getString(2));
                }
            }
        }
        assertTrue(sessions.size() >= 2, "one session per pool at least: " + sessions);
        TestDatabase db = TestDatabase.get();
        for (String session : sessions) {
            assertEquals(db.user() + "@" + db.database(), session, sessions::toString);
        }
    }

    /**
     * The README's advice for DB_POOL_MIN / DB_POOL_MAX on Open Liberty ({@code <variable>}s with defaults, used in
     * {@code <connectionManager>}) does what it says: Liberty's own pools report the environment's maximum. (The
     * minimum is not observable here: Liberty does not prefill, and only its reaper, minutes later, heeds it.)
     */
    @Test
    @Order(95)
    void poolSizesFollowDbPoolMinAndDbPoolMaxThroughServerVariables() throws Exception {
        Properties r = get(probe);
        for (String pool : new String[] {"ReadWrite", "ReadOnly"}) {
            String contents = r.getProperty("libertyPool.codecheck/" + pool);
            assertNotNull(contents, () -> "no Liberty ConnectionManagerMBean for " + pool + ": " + r);
            assertTrue(contents.lines().anyMatch(l -> l.strip().equals("maxPoolSize=" + POOL_MAX)), contents);
        }
        log("both pools: maxPoolSize " + POOL_MAX + " (DB_POOL_MAX=" + POOL_MAX + ")");
    }

    // ---- removal ----

    @Test
    @Order(100)
    void removingTheWarThenTheAdapterFromServerXmlLeavesNoSessionMBeanOrThread() throws Exception {
        TestDatabase db = TestDatabase.get();
        Properties before = get(probe);
        assertTrue(before.getProperty("mbeans").contains("name=\"ReadWrite\""), before::toString);
        assertTrue(before.getProperty("mbeans").contains("name=\"ReadOnly\""), before::toString);

        int sessions = db.countBackends(APPLICATION_NAME);
        assertNotEquals(0, sessions, "the pools hold sessions before the removal");
        log("before the removal, probe: " + before);
        // CWWKZ0009I: "The application portability has stopped successfully."
        server.reconfigure(serverXml(setup, true, false), 30, "CWWKZ0009I: The application portability",
                "CWWKZ0009I: The application jpa");
        log("WAR removed from server.xml; adapter sessions: " + sessions + " before, "
                + db.countBackends(APPLICATION_NAME) + " after (the pools belong to the server, not to the WAR)");

        // J2CA7009I: "The resource adapter codecheck has uninstalled successfully."
        server.reconfigure(serverXml(setup, false, false), 30, "J2CA7009I");
        long removed = System.nanoTime();
        log("connection factories and resource adapter removed from server.xml; adapter sessions: "
                + db.countBackends(APPLICATION_NAME));

        long deadline = removed + TimeUnit.SECONDS.toNanos(30);
        int left;
        while ((left = db.countBackends(APPLICATION_NAME)) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, left, "adapter sessions left 30 s after the adapter was removed");
        log("no adapter session left after " + (System.nanoTime() - removed) / 1_000_000 + " ms");

        Properties after = get(probe);
        while ((!after.getProperty("mbeans").equals("[]") || !after.getProperty("threads").equals("[]"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
            after = get(probe);
        }
        assertEquals("[]", after.getProperty("mbeans"), "adapter MBeans left after the adapter was removed");
        assertEquals("[]", after.getProperty("threads"), "adapter or driver threads left after the adapter was removed");

        assertEquals("", complaints(server.messages()),
                "warnings or errors of the adapter or Liberty's connector runtime");
    }

    /**
     * messages.log lines of severity W or E from the adapter ({@code io.codecheck}), about connectors (message ids
     * J2CA: Liberty's connector runtime, e.g. J2CA8501E for a property the factory does not have) or about the
     * configuration (CWWKG), and FFDC incidents other than the test's deliberate exceptions.
     */
    static String complaints(String messages) {
        // [27/11/26, 2:40:00:123 UTC] 0000003e com.ibm.ws.jca.internal.ResourceAdapterService  W J2CA...
        Pattern line = Pattern.compile("^\\[[^\\]]+\\] \\S+ (\\S+)\\s+([WE]) (.*)$", Pattern.MULTILINE);
        Matcher m = line.matcher(messages);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            String logger = m.group(1);
            String text = m.group(3);
            // logger names longer than 60 characters are cut at the front
            if (logger.contains("codecheck") || text.startsWith("J2CA") || text.startsWith("CWWKG")) {
                found.add(m.group());
            }
        }
        // FFDC1015I: "An FFDC Incident has been created: ..." (Liberty's record of an unexpected exception): only
        // the test's deliberate ones (ItemWriter.insertThenFail, ReadOnlyBesideReadWrite.readWriteThenFail)
        Matcher ffdc = Pattern.compile("^.*FFDC1015I.*$", Pattern.MULTILINE).matcher(messages);
        while (ffdc.find()) {
            if (!ffdc.group().contains("deliberate failure after ")) {
                found.add(ffdc.group());
            }
        }
        return found.stream().collect(Collectors.joining("\n"));
    }

    // ---- helpers ----

    private static void log(String message) {
        System.out.println("[OpenLibertyIT +" + (System.nanoTime() - startNanos) / 1_000_000 + " ms] " + message);
    }
}
