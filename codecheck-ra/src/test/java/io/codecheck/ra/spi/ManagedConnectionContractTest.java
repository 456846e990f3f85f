package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.CodeCheckDataSource;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.security.PasswordCredential;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.security.auth.Subject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JCA outbound contract of PgManagedConnection, driven against the real server. */
class ManagedConnectionContractTest {
    private PoolFixture pool;

    @BeforeEach
    void setUp() throws ResourceException {
        pool = new PoolFixture();
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void closingAHandleFiresConnectionClosedWithThatHandle() throws Exception {
        Connection c = pool.ds.getConnection();
        c.close();

        ConnectionEvent closed = pool.cm.events().get(pool.cm.events().size() - 1);
        assertEquals(ConnectionEvent.CONNECTION_CLOSED, closed.getId());
        assertSame(c, closed.getConnectionHandle());
        assertEquals(1, pool.cm.idleCount(), "the session went back to the pool");
    }

    @Test
    void aClosedHandleFailsWith08003AndDoesNotEvictTheSession() throws Exception {
        Connection c = pool.ds.getConnection();
        c.close();

        SQLException e = assertThrows(SQLException.class, c::createStatement);
        assertEquals("08003", e.getSQLState());
        assertTrue(c.isClosed());
        c.close(); // closing twice is harmless
        assertFalse(pool.cm.eventTypes().contains(ConnectionEvent.CONNECTION_ERROR_OCCURRED));
        assertEquals(1, pool.cm.idleCount());
    }

    @Test
    void cleanupInvalidatesOutstandingHandlesAndClosesTheirStatements() throws Exception {
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        Connection h = (Connection) mc.getConnection(null, null);
        Statement s = h.createStatement();

        mc.cleanup();

        assertTrue(h.isClosed());
        assertEquals("08003", assertThrows(SQLException.class, h::createStatement).getSQLState());
        assertTrue(s.isClosed(), "statements of an invalidated handle are closed");
        Connection again = (Connection) mc.getConnection(null, null);
        assertEquals(1, selectInt(again, "SELECT 1"), "the session itself is reusable after cleanup");
        mc.destroy();
    }

    @Test
    void destroyIsIdempotentAndEndsTheServerSession() throws Exception {
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        Connection h = (Connection) mc.getConnection(null, null);
        Await.backends(pool, 1);

        mc.destroy();
        mc.destroy();

        Await.backends(pool, 0);
        assertTrue(h.isClosed());
        assertThrows(ResourceException.class, () -> mc.getConnection(null, null));
        assertEquals(1, pool.metrics().snapshot().connectionsDestroyed(), "destroyed once, counted once");
    }

    @Test
    void associateConnectionMovesAHandleToAnotherSession() throws Exception {
        ManagedConnection first = pool.mcf.createManagedConnection(null, null);
        ManagedConnection second = pool.mcf.createManagedConnection(null, null);
        Recorder onFirst = new Recorder();
        Recorder onSecond = new Recorder();
        first.addConnectionEventListener(onFirst);
        second.addConnectionEventListener(onSecond);
        Connection h = (Connection) first.getConnection(null, null);
        int firstPid = selectInt(h, "SELECT pg_backend_pid()");
        Connection probe = (Connection) second.getConnection(null, null);
        int secondPid = selectInt(probe, "SELECT pg_backend_pid()");
        probe.close();
        onSecond.events.clear();

        second.associateConnection(h);

        assertNotEquals(firstPid, secondPid);
        assertEquals(secondPid, selectInt(h, "SELECT pg_backend_pid()"), "the handle now talks to the second session");
        assertEquals(0, ((PgManagedConnection) first).handleCount());
        h.close();
        assertTrue(onFirst.events.isEmpty(), "the first session no longer hears of the handle");
        assertEquals(1, onSecond.events.size());
        assertSame(h, onSecond.events.get(0).getConnectionHandle());
        first.destroy();
        second.destroy();
    }

    @Test
    void matchingHonoursSubjectAndRequestInfo() throws Exception {
        ManagedConnection plain = pool.mcf.createManagedConnection(null, null);
        Subject subject = new Subject();
        PasswordCredential credential = new PasswordCredential(pool.server.adminUser(),
                pool.server.adminPassword().toCharArray());
        credential.setManagedConnectionFactory(pool.mcf);
        subject.getPrivateCredentials().add(credential);
        ManagedConnection asAdmin = pool.mcf.createManagedConnection(subject, null);
        PgConnectionRequestInfo appLogin = new PgConnectionRequestInfo(pool.server.user(), pool.server.password());
        ManagedConnection byRequest = pool.mcf.createManagedConnection(null, appLogin);

        assertSame(plain, pool.mcf.matchManagedConnections(Set.of(plain, asAdmin, byRequest), null, null));
        assertSame(asAdmin, pool.mcf.matchManagedConnections(Set.of(plain, asAdmin, byRequest), subject, null));
        assertSame(byRequest, pool.mcf.matchManagedConnections(Set.of(plain, asAdmin, byRequest), null,
                new PgConnectionRequestInfo(pool.server.user(), pool.server.password())));
        assertNull(pool.mcf.matchManagedConnections(Set.of(plain, byRequest), subject, null));
        assertNull(pool.mcf.matchManagedConnections(Set.of(plain), null,
                new PgConnectionRequestInfo(pool.server.user(), "another password")));
        Connection admin = (Connection) asAdmin.getConnection(subject, null);
        assertEquals(pool.server.adminUser(), selectString(admin, "SELECT current_user"));
        for (ManagedConnection mc : List.of(plain, asAdmin, byRequest)) {
            mc.destroy();
        }
    }

    @Test
    void anEmptyContainerCredentialMeansTheResourcesOwnLogin() throws Exception {
        // Payara passes a PasswordCredential with an empty user name when the pool definition names no user
        Subject subject = new Subject();
        PasswordCredential empty = new PasswordCredential("", new char[0]);
        empty.setManagedConnectionFactory(pool.mcf);
        subject.getPrivateCredentials().add(empty);

        ManagedConnection mc = pool.mcf.createManagedConnection(subject, null);
        Connection c = (Connection) mc.getConnection(subject, null);

        assertEquals(pool.server.user(), selectString(c, "SELECT current_user"));
        c.close();
        mc.cleanup();
        assertSame(mc, pool.mcf.matchManagedConnections(Set.of(mc), null, null));
        mc.destroy();
    }

    @Test
    void aThrowingListenerDoesNotKeepTheOthersFromTheEvent() throws Exception {
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        Recorder recorder = new Recorder();
        mc.addConnectionEventListener(new Recorder() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                throw new IllegalStateException("listener bug");
            }
        });
        mc.addConnectionEventListener(recorder);

        ((Connection) mc.getConnection(null, null)).close();

        assertEquals(1, recorder.events.size());
        assertEquals(ConnectionEvent.CONNECTION_CLOSED, recorder.events.get(0).getId());
        mc.destroy();
    }

    @Test
    void metaDataDescribesTheRealServerAndLogin() throws Exception {
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        ManagedConnectionMetaData md = mc.getMetaData();
        try (Connection admin = pool.server.openAdminConnection()) {
            assertEquals("PostgreSQL", md.getEISProductName());
            assertTrue(selectString(admin, "SHOW server_version").startsWith(md.getEISProductVersion()),
                    md.getEISProductVersion());
            assertEquals(Integer.parseInt(selectString(admin, "SHOW max_connections")), md.getMaxConnections());
        }
        assertEquals(pool.server.user(), md.getUserName());
        mc.destroy();
    }

    @Test
    void jdbcMetaDataIsRealAndLeadsBackToTheHandleNotThePhysicalConnection() throws Exception {
        try (Connection c = pool.ds.getConnection()) {
            java.sql.DatabaseMetaData md = c.getMetaData();
            assertEquals("PostgreSQL", md.getDatabaseProductName());
            assertEquals(pool.server.user(), md.getUserName());
            assertSame(c, md.getConnection());
            try (ResultSet tables = md.getTables(null, "pg_catalog", "pg_class", null)) {
                assertTrue(tables.next());
            }
        }
    }

    @Test
    void getConnectionWithAnotherLoginUsesThatRole() throws Exception {
        try (Connection admin = pool.ds.getConnection(pool.server.adminUser(), pool.server.adminPassword());
             Connection app = pool.ds.getConnection()) {
            assertEquals(pool.server.adminUser(), selectString(admin, "SELECT current_user"));
            assertEquals(pool.server.user(), selectString(app, "SELECT current_user"));
        }
    }

    @Test
    void aLocalTransactionResourceOffersNoXaResourceAndSaysWhichSettingDoes() throws Exception {
        ManagedConnection mc = pool.mcf.createManagedConnection(null, null);
        NotSupportedException e = assertThrows(NotSupportedException.class, mc::getXAResource);
        assertTrue(e.getMessage().contains("transactionSupportLevel is LocalTransaction")
                && e.getMessage().contains("XATransaction"), e.getMessage());
        assertEquals(TransactionSupport.TransactionSupportLevel.LocalTransaction, pool.mcf.getTransactionSupport());
        mc.destroy();
    }

    @Test
    void eachResourceDeclaresItsOwnTransactionSupportToTheContainer() throws Exception {
        PgManagedConnectionFactory f = PoolFixture.factoryFor(pool.server, pool.applicationName);
        f.setReadOnly(true);
        assertEquals(TransactionSupport.TransactionSupportLevel.NoTransaction, f.getTransactionSupport());
        f.setTransactionSupportLevel("LocalTransaction");
        assertEquals(TransactionSupport.TransactionSupportLevel.LocalTransaction, f.getTransactionSupport());
        f.setReadOnly(false);
        f.setTransactionSupportLevel("NoTransaction");
        assertEquals(TransactionSupport.TransactionSupportLevel.NoTransaction, f.getTransactionSupport());
        // asked before the deployment fails on the bad value: an answer, and the same error then names the property
        f.setTransactionSupportLevel("sometimes");
        assertEquals(TransactionSupport.TransactionSupportLevel.LocalTransaction, f.getTransactionSupport());
        jakarta.resource.spi.InvalidPropertyException e = assertThrows(
                jakarta.resource.spi.InvalidPropertyException.class, () -> f.createConnectionFactory());
        assertTrue(e.getMessage().contains("transactionSupportLevel"), e.getMessage());
    }

    @Test
    void aResourceWithoutTransactionsIsNeverEnlistedByTheContainer() throws Exception {
        TestConnectionManager cm = new TestConnectionManager();
        try (PoolFixture ro = new PoolFixture(pool.server, f -> f.setReadOnly(true), cm)) {
            cm.begin();
            try (Connection a = ro.ds.getConnection(); Connection b = ro.ds.getConnection()) {
                assertTrue(a.getAutoCommit(), "not enlisted: auto-commit");
                assertNotEquals(selectString(a, "SELECT pg_backend_pid()::text"),
                        selectString(b, "SELECT pg_backend_pid()::text"), "not shared as an enlisted session is");
            } finally {
                cm.commit();
            }
        }
    }

    @Test
    void withoutAContainerEachConnectionIsOpenedAndClosedForItsCaller() throws Exception {
        PgManagedConnectionFactory f = PoolFixture.factoryFor(pool.server, pool.applicationName);
        CodeCheckDataSource ds = (CodeCheckDataSource) f.createConnectionFactory();
        try (Connection c = ds.getConnection()) {
            assertEquals(1, selectInt(c, "SELECT 1"));
            Await.backends(pool, 1);
        }
        Await.backends(pool, 0);
    }

    static int selectInt(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String selectString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static class Recorder implements ConnectionEventListener {
        final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void connectionClosed(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            events.add(event);
        }
    }
}
