package io.codecheck.ra.spi;

import io.codecheck.ra.config.Environment;
import io.codecheck.ra.pool.PoolMetrics;
import io.codecheck.ra.testsupport.PostgresTestServer;
import io.codecheck.ra.testsupport.TestDatabase;

import jakarta.resource.ResourceException;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A resource as a test needs it: a factory pointed at the test server, a {@link TestConnectionManager} in front of
 * it and the data source the application would get. Each fixture has its own application_name, so a test can count
 * and kill exactly its own server sessions.
 */
final class PoolFixture implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final PostgresTestServer server;
    final String applicationName;
    final PgManagedConnectionFactory mcf;
    final TestConnectionManager cm;
    final CodeCheckDataSourceImpl ds;

    PoolFixture(Consumer<PgManagedConnectionFactory> settings) throws ResourceException {
        this(TestDatabase.get(), settings, new TestConnectionManager());
    }

    PoolFixture(PostgresTestServer server, Consumer<PgManagedConnectionFactory> settings, TestConnectionManager cm)
            throws ResourceException {
        this.server = server;
        this.applicationName = "cc-test-" + COUNTER.incrementAndGet();
        this.mcf = factoryFor(server, applicationName);
        settings.accept(mcf);
        this.cm = cm;
        this.ds = (CodeCheckDataSourceImpl) mcf.createConnectionFactory(cm);
    }

    PoolFixture() throws ResourceException {
        this(f -> { });
    }

    /** A factory for the server with the process environment shut out, so the developer's DB_* cannot interfere. */
    static PgManagedConnectionFactory factoryFor(PostgresTestServer server, String applicationName) {
        PgManagedConnectionFactory f = new PgManagedConnectionFactory();
        f.setEnvironment(Environment.of(Map.of()));
        f.setServerName(server.host());
        f.setPortNumber(server.port());
        f.setDatabaseName(server.database());
        f.setUser(server.user());
        f.setPassword(server.password());
        f.setSslMode("disable");
        f.setApplicationName(applicationName);
        f.setPoolName(applicationName);
        return f;
    }

    int backends() throws SQLException {
        return server.countBackends(applicationName);
    }

    int terminateBackends() throws SQLException {
        return server.terminateBackends(applicationName);
    }

    PoolMetrics metrics() throws ResourceException {
        return mcf.runtime().metrics();
    }

    @Override
    public void close() {
        cm.shutdown();
        mcf.shutdown();
    }
}
