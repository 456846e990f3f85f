package io.codecheck.it.support;

import io.codecheck.it.app.Failures;
import io.codecheck.it.app.OpServlet;
import io.codecheck.it.app.jpa.AnnotatedFactories;
import io.codecheck.it.app.jpa.JpaNames;
import io.codecheck.it.app.jpa.JpaNote;
import io.codecheck.it.app.jpa.LogCapture;
import io.codecheck.it.app.jpa.NoteServlet;
import io.codecheck.it.app.jpa.NoteStore;
import io.codecheck.it.app.jpa.RouteDeployer;
import io.codecheck.ra.testsupport.TestDatabase;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The set-up of {@code JpaRoutesIT}: one Micro start for every route. The Arquillian deployment is only the probe
 * ({@link RouteDeployer}); each route is a WAR of its own (same entity, EJB and persistence unit, different resource
 * definitions), written to {@code target/it/jpa-wars} and deployed by the probe while the test runs, so that a route
 * whose deployment fails cannot take the others down.
 */
public final class JpaDeployment {

    private JpaDeployment() {
    }

    /** Where the route WARs are written. */
    public static Path warDir() {
        return MicroSetup.workDir().resolve("jpa-wars");
    }

    public static Path war(JpaRoute route) {
        return warDir().resolve(route.warName() + ".war");
    }

    public static WebArchive create() {
        TestDatabase db = TestDatabase.get();
        createNotesTable(db);

        Map<String, Object> conn = Servers.connection(db);
        List<String> commands = new ArrayList<>();
        commands.addAll(MicroSetup.asadminFactory("it-jpa-jta-pool", JpaNames.GLOBAL_JTA, 4,
                strings(conn, JpaRoute.ASADMIN.jtaApplicationName())));
        commands.addAll(MicroSetup.asadminFactory("it-jpa-nonjta-pool", JpaNames.GLOBAL_NON_JTA, 4,
                strings(conn, JpaRoute.ASADMIN.jtaApplicationName() + JpaNames.NON_JTA_SUFFIX)));
        MicroSetup.prepare(commands, Map.of("it.pg.port", String.valueOf(db.port()), "it.pg.database", db.database(),
                "it.pg.user", db.user(), "it.pg.password", db.password()));

        try {
            Files.createDirectories(warDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        export(withGlassfishResources(routeWar(JpaRoute.GLASSFISH_RESOURCES,
                elements(JpaNames.APP_JTA, JpaNames.APP_NON_JTA)), JpaRoute.GLASSFISH_RESOURCES, conn),
                JpaRoute.GLASSFISH_RESOURCES);
        export(routeWar(JpaRoute.ASADMIN, elements(JpaNames.GLOBAL_JTA, JpaNames.GLOBAL_NON_JTA)), JpaRoute.ASADMIN);
        export(routeWar(JpaRoute.ASADMIN_RESOURCE_REF, elements(JpaNames.APP_JTA, JpaNames.APP_NON_JTA))
                .setWebXML(new StringAsset(webXml(resourceRef(JpaNames.APP_JTA, JpaNames.GLOBAL_JTA)
                        + resourceRef(JpaNames.APP_NON_JTA, JpaNames.GLOBAL_NON_JTA)))), JpaRoute.ASADMIN_RESOURCE_REF);
        export(routeWar(JpaRoute.ANNOTATION, elements(JpaNames.APP_JTA, JpaNames.APP_NON_JTA))
                .addClass(AnnotatedFactories.class), JpaRoute.ANNOTATION);
        export(routeWar(JpaRoute.DESCRIPTOR, elements(JpaNames.APP_JTA, JpaNames.APP_NON_JTA))
                .setWebXML(new StringAsset(webXml(connectionFactory(JpaNames.APP_JTA, "it-jpa-descriptor")
                        + connectionFactory(JpaNames.APP_NON_JTA, "it-jpa-descriptor" + JpaNames.NON_JTA_SUFFIX)))),
                JpaRoute.DESCRIPTOR);
        export(routeWar(JpaRoute.PROPERTY_JTA_ONLY, properties(JpaNames.GLOBAL_JTA, null)),
                JpaRoute.PROPERTY_JTA_ONLY);
        export(routeWar(JpaRoute.PROPERTY_BOTH, properties(JpaNames.GLOBAL_JTA, JpaNames.GLOBAL_NON_JTA)),
                JpaRoute.PROPERTY_BOTH);
        export(withGlassfishResources(routeWar(JpaRoute.PROPERTY_APP,
                properties(JpaNames.APP_JTA, JpaNames.APP_NON_JTA)), JpaRoute.PROPERTY_APP, conn),
                JpaRoute.PROPERTY_APP);

        // no ejb-jar.xml (Wars.war adds one): Payara refuses an ejb-jar.xml without EJBs
        return ShrinkWrap.create(WebArchive.class, "it-jpa-probe.war")
                .addClasses(OpServlet.class, Failures.class, RouteDeployer.class, LogCapture.class);
    }

    /** The two application-scoped factories in WEB-INF/glassfish-resources.xml. */
    private static WebArchive withGlassfishResources(WebArchive war, JpaRoute route, Map<String, Object> conn) {
        String app = route.jtaApplicationName();
        Pools pools = new Pools();
        pools.add(JpaNames.APP_JTA).sizes(0, 4).properties(conn).property("poolName", app)
                .property("applicationName", app);
        pools.add(JpaNames.APP_NON_JTA).sizes(0, 4).properties(conn).property("poolName", app + JpaNames.NON_JTA_SUFFIX)
                .property("applicationName", app + JpaNames.NON_JTA_SUFFIX);
        return war.addAsWebInfResource(new StringAsset(pools.toXml()), "glassfish-resources.xml");
    }

    /** The data sources as persistence.xml elements. */
    private static String elements(String jta, String nonJta) {
        return "    <jta-data-source>" + jta + "</jta-data-source>\n"
                + "    <non-jta-data-source>" + nonJta + "</non-jta-data-source>\n";
    }

    /** The data sources as persistence unit properties (the form EclipseLink reads itself); nonJta may be null. */
    private static String properties(String jta, String nonJta) {
        return "    <properties>\n"
                + "      <property name=\"jakarta.persistence.jtaDataSource\" value=\"" + jta + "\"/>\n"
                + (nonJta == null ? "" : "      <property name=\"jakarta.persistence.nonJtaDataSource\" value=\""
                + nonJta + "\"/>\n")
                + "    </properties>\n";
    }

    /**
     * Entity, EJB, servlet and a persistence.xml naming the data sources ({@link #elements} go before the classes,
     * {@link #properties} after them, as the schema orders them); no target-database: detection is tested.
     */
    private static WebArchive routeWar(JpaRoute route, String dataSources) {
        String persistenceXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <persistence xmlns="https://jakarta.ee/xml/ns/persistence"
                             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                             xsi:schemaLocation="https://jakarta.ee/xml/ns/persistence https://jakarta.ee/xml/ns/persistence/persistence_3_0.xsd"
                             version="3.0">
                  <persistence-unit name="%s" transaction-type="JTA">
                %s    <class>%s</class>
                    <exclude-unlisted-classes>true</exclude-unlisted-classes>
                %s  </persistence-unit>
                </persistence>
                """.formatted(JpaNames.UNIT, dataSources.startsWith("    <properties>") ? "" : dataSources,
                        JpaNote.class.getName(), dataSources.startsWith("    <properties>") ? dataSources : "");
        return Wars.war(route.warName(), null)
                .addClasses(JpaNames.class, JpaNote.class, NoteStore.class, NoteServlet.class)
                .addAsResource(new StringAsset(persistenceXml), "META-INF/persistence.xml");
    }

    private static String webXml(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                %s</web-app>
                """.formatted(body);
    }

    private static String resourceRef(String name, String global) {
        return """
                  <resource-ref>
                    <res-ref-name>%s</res-ref-name>
                    <res-type>io.codecheck.ra.api.CodeCheckDataSource</res-type>
                    <res-auth>Container</res-auth>
                    <lookup-name>%s</lookup-name>
                  </resource-ref>
                """.formatted(name, global);
    }

    /** Connection values from Micro's system properties, as the annotation route has them. */
    private static String connectionFactory(String name, String applicationName) {
        StringBuilder props = new StringBuilder();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("serverName", "localhost");
        values.put("portNumber", "${it.pg.port}");
        values.put("databaseName", "${it.pg.database}");
        values.put("user", "${it.pg.user}");
        values.put("password", "${it.pg.password}");
        values.put("poolName", applicationName);
        values.put("applicationName", applicationName);
        values.forEach((k, v) -> props.append("    <property><name>").append(k).append("</name><value>").append(v)
                .append("</value></property>\n"));
        return """
                  <connection-factory>
                    <name>%s</name>
                    <interface-name>io.codecheck.ra.api.CodeCheckDataSource</interface-name>
                    <resource-adapter>codecheck-ra</resource-adapter>
                    <max-pool-size>4</max-pool-size>
                    <min-pool-size>0</min-pool-size>
                    <transaction-support>LocalTransaction</transaction-support>
                %s  </connection-factory>
                """.formatted(name, props);
    }

    private static Map<String, String> strings(Map<String, Object> conn, String applicationName) {
        Map<String, String> out = new LinkedHashMap<>();
        conn.forEach((k, v) -> out.put(k, String.valueOf(v)));
        out.put("poolName", applicationName);
        out.put("applicationName", applicationName);
        return out;
    }

    private static void export(WebArchive war, JpaRoute route) {
        war.as(ZipExporter.class).exportTo(war(route).toFile(), true);
    }

    /** The entity's table, owned by the application role (so the pools may write it); emptied. */
    private static void createNotesTable(TestDatabase db) {
        try (Connection c = db.openConnection(); Statement st = c.createStatement()) {
            st.execute("create table if not exists " + JpaNames.TABLE
                    + " (id bigserial primary key, batch text not null, n int not null)");
            st.execute("truncate " + JpaNames.TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + JpaNames.TABLE + " on " + db, e);
        }
    }
}
