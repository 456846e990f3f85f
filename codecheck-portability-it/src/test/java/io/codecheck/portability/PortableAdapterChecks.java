package io.codecheck.portability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the adapter must do on every server, through the test WAR's operation servlet ({@code app.OpServlet}) with
 * both resources ({@code ReadWrite}, {@code ReadOnly} with readOnly=true) injected: the same checks for WildFly, Open
 * Liberty and GlassFish. A subclass starts its server, deploys the RAR, the resources and the WAR in a
 * {@code @BeforeAll}, answers {@link #operations()}, and adds what is particular to its server (orders between and
 * after these: they use multiples of 10, 10 to 90, and 82 to 86 for the resources in one transaction; removal checks
 * come at 100 and later). A third resource, {@code SecondLocal} (read-only, {@code transactionSupportLevel=
 * LocalTransaction}, pool and application name of its own), stands for a second local resource.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class PortableAdapterChecks {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The WAR's operation servlet ({@code .../portability/op}) on the running server. */
    protected abstract URI operations();

    // ---- the API through both resources ----

    @Test
    @Order(10)
    public void bothInjectedResourcesQueryWithTheirOwnSettings() throws Exception {
        Properties r = call("query", null);
        assertEquals("1", r.getProperty("readWrite"), r::toString);
        assertEquals("1", r.getProperty("readOnly"));
        assertEquals("ReadWrite", r.getProperty("readWritePool"));
        assertEquals("ReadOnly", r.getProperty("readOnlyPool"));
        assertEquals("off", r.getProperty("readWriteReadOnlySetting"));
        assertEquals("on", r.getProperty("readOnlyReadOnlySetting"));
    }

    @Test
    @Order(20)
    public void aContainerTransactionCommitsAndRunsOnOneSession() throws Exception {
        String batch = batch();
        assertEquals("1", call("insert", batch).getProperty("rows"));
        assertEquals(1, count(batch));

        String[] pids = call("backendPids", null).getProperty("pids").split(",");
        assertEquals(pids[0], pids[1], "both statements of one container transaction: same session, same now()");
    }

    @Test
    @Order(30)
    public void aSystemExceptionRollsTheContainerTransactionBack() throws Exception {
        String batch = batch();
        Properties r = call("insertThenFail", batch, false);
        assertTrue(r.getProperty("chain").contains("deliberate failure"), r::toString);
        assertEquals(0, count(batch), "the insert before the failure must have been rolled back");
    }

    @Test
    @Order(40)
    public void theTransactionHelperJoinsTheContainerTransaction() throws Exception {
        String batch = batch();
        assertEquals("2", call("helperTransaction", batch).getProperty("results"));
        assertEquals(2, count(batch));
    }

    @Test
    @Order(50)
    public void aFailingHelperTransactionLeavesNoRow() throws Exception {
        String batch = batch();
        Properties r = call("helperTransactionFailing", batch, false);
        assertEquals("DatabaseTransactionException", r.getProperty("exception"), r::toString);
        assertEquals("42P01", r.getProperty("sqlState"), r::toString);
        assertEquals(0, count(batch), "the helper's first insert must have been rolled back");
    }

    @Test
    @Order(60)
    void aWriteThroughTheReadOnlyResourceFailsWith25006() throws Exception {
        String batch = batch();
        Properties r = call("readOnlyWrite", batch, false);
        assertEquals("DatabaseQueryException", r.getProperty("exception"), r::toString);
        assertEquals("25006", r.getProperty("sqlState"), r::toString);
        assertEquals(0, count(batch));
    }

    @Test
    @Order(70)
    public void healthOfBothResources() throws Exception {
        Properties r = call("health", null);
        for (String pool : new String[] {"readWrite", "readOnly"}) {
            assertEquals("healthy", r.getProperty(pool + ".status"), r::toString);
            assertTrue(r.getProperty(pool + ".serverVersion").contains("PostgreSQL 17"), r::toString);
            assertEquals("false", r.getProperty(pool + ".replica"));
            assertEquals("null", r.getProperty(pool + ".error"));
        }
        assertEquals("ReadWrite", r.getProperty("readWrite.poolName"));
        assertEquals("ReadOnly", r.getProperty("readOnly.poolName"));
    }

    @Test
    @Order(80)
    public void statisticsCountedTheWork() throws Exception {
        Properties r = call("statistics", null);
        assertEquals("ReadWrite", r.getProperty("readWrite.poolName"), r::toString);
        assertEquals("ReadOnly", r.getProperty("readOnly.poolName"), r::toString);
        // at least: query 2, insert 1, backendPids 2, insertThenFail 1, helperTransaction 2, the failing one 1
        assertTrue(number(r, "readWrite.queriesExecuted") >= 8, r::toString);
        // insert, backendPids, helperTransaction committed; insertThenFail, helperTransactionFailing rolled back
        assertTrue(number(r, "readWrite.transactionsCommitted") >= 3, r::toString);
        assertTrue(number(r, "readWrite.transactionsRolledBack") >= 2, r::toString);
        assertTrue(number(r, "readWrite.connectionsCreated") >= 1, r::toString);
        assertTrue(number(r, "readWrite.poolSize") >= 1, r::toString);
        assertEquals(0, number(r, "readWrite.activeConnections"), r::toString);
        assertTrue(number(r, "readOnly.errors") >= 1, "the 25006 write: " + r);
    }

    @Test
    @Order(90)
    public void eachResourceRegisteredItsMBeanOnThePlatformMBeanServer() throws Exception {
        Properties r = call("mbeans", null);
        assertEquals("true", r.getProperty("ReadWrite.registered"), r::toString);
        assertEquals("ReadWrite", r.getProperty("ReadWrite.PoolName"), r::toString);
        assertEquals("false", r.getProperty("ReadWrite.ReadOnly"), r::toString);
        assertEquals("true", r.getProperty("ReadOnly.registered"), r::toString);
        assertEquals("true", r.getProperty("ReadOnly.ReadOnly"), r::toString);
        assertTrue(number(r, "ReadWrite.QueriesExecuted") > 0, r::toString);
    }

    // ---- the resources in one container transaction ----

    /**
     * The read-only resource says NoTransaction, so a REQUIRED method may use it next to ReadWrite's local
     * transaction, in either order; its reads run on a session of their own, which cannot see the transaction's
     * uncommitted write, while ReadWrite's read sees it.
     */
    @Test
    @Order(82)
    public void readingThroughReadOnlyAndWritingThroughReadWriteShareOneTransactionInEitherOrder() throws Exception {
        String batch = batch();
        assertEquals("0", call("readThenWrite", batch).getProperty("readOnlySaw"), "read, then write");
        assertEquals(1, count(batch), "the write was committed");

        String other = batch();
        Properties r = call("writeThenReadBothWays", other);
        assertEquals("0", r.getProperty("readOnlySaw"),
                "ReadOnly reads on a session of its own: the uncommitted write is not visible there");
        assertEquals("1", r.getProperty("readWriteSaw"), "ReadWrite reads the transaction's own write");
        assertEquals(1, count(other), "the write was committed");
    }

    @Test
    @Order(84)
    public void aSystemExceptionAfterReadingThroughReadOnlyRollsTheWriteBack() throws Exception {
        String batch = batch();
        Properties r = call("readWriteThenFail", batch, false);
        assertTrue(r.getProperty("chain").contains("deliberate failure"), r::toString);
        assertEquals(0, count(batch), "the insert before the failure must have been rolled back");
    }

    /**
     * Two resources with local transactions cannot share a container transaction: the second is refused before
     * the container takes a session, in words, with 25000 (not the exhausted pool's 08004), costing neither pool a
     * session, an error or an exhaustion count.
     */
    @Test
    @Order(86)
    public void aSecondResourceWithLocalTransactionsIsRefusedInWordsWithoutCostingAnything() throws Exception {
        Properties before = call("statistics", null);
        for (boolean writeFirst : new boolean[] {true, false}) {
            String batch = batch();
            Properties r = call(writeFirst ? "writeThenSecondLocal" : "secondLocalThenWrite", batch, false);
            assertEquals("DatabaseTransactionException", r.getProperty("exception"), r::toString);
            assertEquals("25000", r.getProperty("sqlState"), r::toString);
            String message = r.getProperty("message");
            String holder = writeFirst ? "ReadWrite" : "SecondLocal";
            assertTrue(message.contains("already holds pool " + holder + "'s local transaction"), message);
            assertTrue(message.contains("transactionSupportLevel=NoTransaction") && message.contains("REQUIRES_NEW"),
                    "says what to do: " + message);
            assertEquals(0, count(batch), "the transaction was rolled back");
        }
        Properties after = call("statistics", null);
        for (String pool : new String[] {"readWrite", "secondLocal"}) {
            for (String counter : new String[] {"poolExhaustedCount", "errors", "connectionsDestroyed"}) {
                String key = pool + "." + counter;
                assertEquals(number(before, key), number(after, key), () -> key + ": " + before + " / " + after);
            }
        }
    }

    // ---- helpers ----

    protected static String batch() {
        return UUID.randomUUID().toString();
    }

    protected int count(String batch) throws Exception {
        return (int) number(call("count", batch), "count");
    }

    protected static long number(Properties r, String key) {
        String value = r.getProperty(key);
        if (value == null) {
            throw new AssertionError(key + " missing in " + r);
        }
        return Long.parseLong(value);
    }

    protected Properties call(String operation, String batch) throws Exception {
        return call(operation, batch, true);
    }

    /** Calls the servlet; {@code ok} must be as expected (true: the operation succeeded). */
    protected Properties call(String operation, String batch, boolean ok) throws Exception {
        String query = "op=" + operation
                + (batch == null ? "" : "&batch=" + URLEncoder.encode(batch, StandardCharsets.UTF_8));
        Properties r = get(URI.create(operations() + "?" + query));
        assertEquals(Boolean.toString(ok), r.getProperty("ok"), () -> operation + ": " + r);
        return r;
    }

    protected static Properties get(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        Properties r = new Properties();
        r.load(new StringReader(response.body()));
        return r;
    }
}
