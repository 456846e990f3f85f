package io.codecheck.portability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * JPA over the server's own definition of the ReadWrite resource, through {@link JpaWar} (both data source
 * elements name it): persist and query, the rows really in PostgreSQL, a system exception after the flush leaving
 * nothing, both data sources being the adapter's ReadWrite pool, and the provider having detected PostgreSQL by
 * itself. Orders 91 to 94: after {@link PortableAdapterChecks}' checks, before the removal checks (100 and later),
 * which must undeploy {@link JpaWar} first.
 */
public interface PortableJpaChecks {

    /** {@code http://host:port} + {@link JpaWar#PATH}. */
    URI jpaOperations();

    /** The application_name of the ReadWrite pool's sessions. */
    String readWriteApplicationName();

    /** The package prefix of the server's JPA provider ({@code org.hibernate.}, {@code org.eclipse.persistence.}). */
    String jpaProviderPackage();

    @Test
    @Order(91)
    default void jpaPersistsAndQueriesAndTheRowsAreInPostgreSQL() throws Exception {
        String batch = UUID.randomUUID().toString();
        Properties persisted = jpa("persist", batch, true);
        assertTrue(Long.parseLong(persisted.getProperty("id")) > 0, persisted::toString);
        Properties counted = jpa("count", batch, true);
        assertEquals("3", counted.getProperty("inTx"), counted::toString);
        assertEquals("3", counted.getProperty("outsideTx"), counted::toString);
        assertEquals(3, JpaWar.countInDatabase(batch), "rows committed to PostgreSQL");
    }

    @Test
    @Order(92)
    default void jpaRollsBackOnASystemExceptionAfterTheFlush() throws Exception {
        String batch = UUID.randomUUID().toString();
        Properties r = jpa("persistThenFail", batch, false);
        // the insert did reach the transaction's session before the failure: the rollback has something to undo
        assertTrue(r.getProperty("chain").contains("deliberate failure after the flush; the transaction saw 1 row"),
                r::toString);
        assertEquals(0, JpaWar.countInDatabase(batch), "the flushed insert must have been rolled back");
    }

    @Test
    @Order(93)
    default void bothDataSourcesOfTheUnitAreTheAdaptersReadWritePool() throws Exception {
        Properties r = jpa("sessions", null, true);
        String readWrite = readWriteApplicationName() + " read_only=off";
        assertEquals(readWrite, r.getProperty("jta"), r::toString);
        assertEquals(readWrite, r.getProperty("nonJta"), r::toString);
    }

    @Test
    @Order(94)
    default void theProviderDetectedPostgreSQLByItself() throws Exception {
        Properties r = jpa("platform", null, true);
        assertTrue(r.getProperty("delegate").startsWith(jpaProviderPackage()), r::toString);
        assertTrue(r.getProperty("platform").contains("PostgreSQL"), r::toString);
        System.out.println("[" + getClass().getSimpleName() + "] JPA provider and platform: " + r);
    }

    private Properties jpa(String operation, String batch, boolean ok) throws Exception {
        String query = "op=" + operation
                + (batch == null ? "" : "&batch=" + URLEncoder.encode(batch, StandardCharsets.UTF_8));
        Properties r = PortableAdapterChecks.get(URI.create(jpaOperations() + "?" + query));
        assertEquals(Boolean.toString(ok), r.getProperty("ok"), () -> operation + ": " + r);
        return r;
    }
}
