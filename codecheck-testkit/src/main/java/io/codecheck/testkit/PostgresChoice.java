package io.codecheck.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Which PostgreSQL server the tests use, from the environment: an external one ({@code TEST_PG_URL}), one in Docker
 * through Testcontainers ({@code TEST_PG=testcontainers}, where a Docker daemon answers), or the embedded server
 * (the default, {@code TEST_PG=embedded}). A request that cannot be honoured fails with what to do, rather than
 * quietly testing against something else.
 *
 * @param kind   the server to use
 * @param reason why, for the test log
 */
public record PostgresChoice(Kind kind, String reason) {
    /** The variable that asks for a kind of server. */
    public static final String TEST_PG = "TEST_PG";
    /** An external server's URL ({@code jdbc:postgresql://host:port/db}), with {@code TEST_PG_USER}/{@code _PASSWORD}. */
    public static final String TEST_PG_URL = "TEST_PG_URL";

    public enum Kind {
        EMBEDDED, EXTERNAL, TESTCONTAINERS
    }

    /**
     * The choice for {@code env}; {@code dockerReachable} is asked only when Testcontainers is requested.
     *
     * @throws IllegalStateException when {@code TEST_PG} asks for something unknown, contradicts {@code TEST_PG_URL},
     *                               or asks for Testcontainers and no Docker daemon answers
     */
    public static PostgresChoice choose(Map<String, String> env, BooleanSupplier dockerReachable) {
        String url = blankToNull(env.get(TEST_PG_URL));
        String wanted = blankToNull(env.get(TEST_PG));
        String kind = wanted == null ? null : wanted.trim().toLowerCase(Locale.ROOT);
        if (url != null) {
            if (kind != null && !kind.equals("external")) {
                throw new IllegalStateException(TEST_PG + "=" + wanted + " and " + TEST_PG_URL + " are both set: "
                        + TEST_PG_URL + " names an external server; unset one of them");
            }
            return new PostgresChoice(Kind.EXTERNAL, TEST_PG_URL + " is set");
        }
        if (kind == null || kind.equals("embedded")) {
            return new PostgresChoice(Kind.EMBEDDED, kind == null ? "the default (" + TEST_PG + " is not set)"
                    : TEST_PG + "=embedded");
        }
        if (kind.equals("testcontainers")) {
            if (!dockerReachable.getAsBoolean()) {
                throw new IllegalStateException(TEST_PG + "=testcontainers, but no Docker daemon answers (Testcontainers "
                        + "looked at DOCKER_HOST, the Docker socket and ~/.testcontainers.properties): start Docker, or "
                        + "unset " + TEST_PG + " to test against the embedded PostgreSQL");
            }
            return new PostgresChoice(Kind.TESTCONTAINERS, TEST_PG + "=testcontainers and Docker answers");
        }
        if (kind.equals("external")) {
            throw new IllegalStateException(TEST_PG + "=external needs " + TEST_PG_URL
                    + " (jdbc:postgresql://host:port/db) and TEST_PG_USER/TEST_PG_PASSWORD of a superuser");
        }
        throw new IllegalStateException(TEST_PG + "=" + wanted + " is not known; use embedded (the default), "
                + "testcontainers (PostgreSQL in Docker) or set " + TEST_PG_URL + " for an external server");
    }

    /** The choice for this process: its environment, and Testcontainers' own look for a Docker daemon. */
    public static PostgresChoice forThisProcess() {
        return choose(System.getenv(), PostgresChoice::dockerAnswers);
    }

    private static boolean dockerAnswers() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
