package io.codecheck.it.support;

import io.codecheck.it.app.tx.Holder;
import io.codecheck.it.app.tx.Inner;
import io.codecheck.it.app.tx.ItemStore;
import io.codecheck.it.app.tx.LookupServlet;
import io.codecheck.it.app.tx.Lookups;
import io.codecheck.it.app.tx.TxNames;
import io.codecheck.ra.testsupport.TestDatabase;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The archive and Micro set-up of {@code ResourcesAndTransactionsIT}, against the plain {@link TestDatabase}:
 * read-only, read-write and small factories in glassfish-resources.xml, a server-wide factory from asadmin
 * post-boot commands (mapped into the WAR by a web.xml resource-ref), and one by {@code @ConnectionFactoryDefinition}
 * whose connection values come from Micro's system properties.
 */
public final class TxDeployment {

    private TxDeployment() {
    }

    public static WebArchive create() {
        TestDatabase db = TestDatabase.get();
        Servers.createItemsTable(db);

        Map<String, Object> conn = Servers.connection(db);
        Pools pools = new Pools();
        pools.add(TxNames.READ_ONLY).sizes(1, 8).properties(conn).property("readOnly", true)
                .property("poolName", TxNames.RO_POOL).property("applicationName", TxNames.RO_POOL);
        pools.add(TxNames.READ_WRITE).sizes(1, 8).properties(conn)
                .property("poolName", TxNames.RW_POOL).property("applicationName", TxNames.RW_POOL);
        pools.add(TxNames.SMALL).sizes(0, TxNames.SMALL_MAX).maxWaitMillis(TxNames.SMALL_MAX_WAIT_MILLIS)
                .properties(conn).property("poolName", TxNames.SMALL_POOL)
                .property("applicationName", TxNames.SMALL_POOL);

        List<String> commands = new ArrayList<>(MicroSetup.asadminFactory("it-tx-asadmin-pool",
                TxNames.ASADMIN_GLOBAL, 4, Map.of("serverName", db.host(), "portNumber", String.valueOf(db.port()),
                        "databaseName", db.database(), "user", db.user(), "password", db.password(),
                        "poolName", TxNames.ASADMIN_POOL, "applicationName", TxNames.ASADMIN_POOL)));
        MicroSetup.prepare(commands, Map.of("it.pg.port", String.valueOf(db.port()), "it.pg.database", db.database(),
                "it.pg.user", db.user(), "it.pg.password", db.password()));

        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                  <!-- the server-wide factory of the post-boot commands, under the application's own name;
                       res-auth Container: the pool's own user and password, no application sign-on -->
                  <resource-ref>
                    <res-ref-name>%s</res-ref-name>
                    <res-type>io.codecheck.ra.api.CodeCheckDataSource</res-type>
                    <res-auth>Container</res-auth>
                    <res-sharing-scope>Shareable</res-sharing-scope>
                    <lookup-name>%s</lookup-name>
                  </resource-ref>
                </web-app>
                """.formatted(TxNames.ASADMIN_REF, TxNames.ASADMIN_GLOBAL);

        return Wars.war("it-tx", pools)
                .addClasses(TxNames.class, Lookups.class, ItemStore.class, Inner.class, Holder.class,
                        LookupServlet.class)
                .setWebXML(new StringAsset(webXml));
    }
}
