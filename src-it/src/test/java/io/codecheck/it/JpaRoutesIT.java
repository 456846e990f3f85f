package io.codecheck.it;

import io.codecheck.it.app.jpa.JpaNames;
import io.codecheck.it.support.JpaDeployment;
import io.codecheck.it.support.JpaRoute;
import io.codecheck.it.support.JpaRouteClient;
import io.codecheck.it.support.Reply;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JPA (Payara's EclipseLink) over each way the README defines the resources, in one Payara Micro: a persistence unit
 * with {@code <jta-data-source>} and {@code <non-jta-data-source>}, no target-database (detection is what is
 * checked). Where a route works: EclipseLink chose the PostgreSQL platform, each data source leads to its own pool,
 * persisted rows are in PostgreSQL (counted outside the container), and a system exception after the flush leaves
 * nothing. Where it cannot work on Payara, the deployment fails with the error the README quotes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JpaRoutesIT {

    @Deployment
    static WebArchive deployment() {
        return JpaDeployment.create();
    }

    @ArquillianResource
    URL probe;

    @Test
    void glassfishResourcesXmlServesJpa() {
        assertJpaWorks(JpaRoute.GLASSFISH_RESOURCES);
    }

    @Test
    void asadminResourcesServeJpaUnderTheirGlobalNames() {
        assertJpaWorks(JpaRoute.ASADMIN);
    }

    @Test
    void asadminResourcesUnderResourceRefNamesCannotServeJpa() {
        assertDeploymentFailsOnPmLookup(JpaRoute.ASADMIN_RESOURCE_REF);
    }

    @Test
    void bothDataSourcePropertiesWithGlobalNamesServeJpa() {
        assertJpaWorks(JpaRoute.PROPERTY_BOTH);
    }

    @Test
    void theJtaDataSourcePropertyAloneLeavesReadsAndDetectionOnTheDefaultDatabase() {
        JpaRouteClient client = new JpaRouteClient(probe);
        Reply deployed = client.deploy(JpaRoute.PROPERTY_JTA_ONLY);
        assertTrue(deployed.getBoolean("deployed"), "deployed: " + deployed);
        String platform = client.notes(JpaRoute.PROPERTY_JTA_ONLY, "platform").assertOk().get("platform");
        assertTrue(platform.contains("H2"), "EclipseLink detected " + platform);
    }

    @Test
    void dataSourcePropertiesWithJavaAppNamesFailTheDeployment() {
        JpaRouteClient client = new JpaRouteClient(probe);
        Reply deployed = client.deploy(JpaRoute.PROPERTY_APP);
        assertFalse(deployed.getBoolean("deployed"), "deployed: " + deployed);
        String log = deployed.get("log");
        assertTrue(log.contains("EclipseLink-7060") && log.contains("null ComponentInvocation"),
                "the server log says\n" + log);
        assertEquals(404, client.status(JpaRoute.PROPERTY_APP));
    }

    @Test
    void connectionFactoryDefinitionCannotServeJpaOnPayara() {
        assertDeploymentFailsOnPmLookup(JpaRoute.ANNOTATION);
    }

    @Test
    void connectionFactoryElementCannotServeJpaOnPayara() {
        assertDeploymentFailsOnPmLookup(JpaRoute.DESCRIPTOR);
    }

    private void assertJpaWorks(JpaRoute route) {
        JpaRouteClient client = new JpaRouteClient(probe);
        Reply deployed = client.deploy(route);
        assertTrue(deployed.getBoolean("deployed"), route + " did not deploy: " + deployed);

        String platform = client.notes(route, "platform").assertOk().get("platform");
        assertTrue(platform.contains("PostgreSQL"), route + ": EclipseLink detected " + platform);
        System.out.println(route + ": EclipseLink detected " + platform); // for the README's record

        Reply sessions = client.notes(route, "sessions").assertOk();
        assertEquals(route.jtaApplicationName(), sessions.get("jta"), route + ": JTA data source");
        assertEquals(route.jtaApplicationName() + JpaNames.NON_JTA_SUFFIX, sessions.get("nonJta"),
                route + ": non-JTA data source");

        String batch = batch(route);
        client.notes(route, "persist", "batch", batch, "count", 3).assertOk();
        assertEquals(3, JpaRouteClient.rowsInPostgres(batch), route + ": committed rows in PostgreSQL");
        Reply counted = client.notes(route, "count", "batch", batch).assertOk();
        assertEquals(3, counted.getLong("inTx"), route + ": JPQL count in a transaction");
        assertEquals(3, counted.getLong("outsideTx"), route + ": JPQL count outside a transaction");

        String failed = batch(route);
        Reply failure = client.notes(route, "persistThenFail", "batch", failed);
        assertFalse(failure.ok(), route + ": " + failure);
        assertTrue(String.valueOf(failure.get("chainMessages")).contains("deliberate")
, route + ": " + failure);
        assertEquals(0, JpaRouteClient.rowsInPostgres(failed), route + ": rolled back, nothing in PostgreSQL");
    }

    /**
     * Payara creates the entity manager factories while it prepares the application, before it binds the
     * application's own resource definitions; its fallback for the missing {@code __pm} name looks for a JDBC
     * resource and fails. Micro logs it and goes on without the application.
     */
    private void assertDeploymentFailsOnPmLookup(JpaRoute route) {
        JpaRouteClient client = new JpaRouteClient(probe);
        Reply deployed = client.deploy(route);
        assertFalse(deployed.getBoolean("deployed"), route + " deployed: " + deployed);
        String log = deployed.get("log");
        assertTrue(log.contains("Invalid resource") && log.contains(JpaNames.APP_JTA + "__pm"),
                route + ": the server log says\n" + log);
        assertEquals(404, client.status(route), route + ": the application is not there");
    }

    private static String batch(JpaRoute route) {
        return route.warName() + "-" + UUID.randomUUID();
    }
}
