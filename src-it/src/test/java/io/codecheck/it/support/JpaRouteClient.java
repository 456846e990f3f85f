package io.codecheck.it.support;

import io.codecheck.it.app.jpa.JpaNames;
import io.codecheck.ra.testsupport.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Client side of {@code JpaRoutesIT}: deploys a route WAR through the probe and talks to it; counts the route's rows
 * with the test's own admin connection, so a row counts only if it is really in PostgreSQL.
 */
public final class JpaRouteClient {

    private final URL probe;
    private final URI server;

    public JpaRouteClient(URL probeUrl) {
        this.probe = probeUrl;
        this.server = URI.create(probeUrl.toString()).resolve("/");
    }

    /** Deploys the route's WAR into the running Micro; the reply has {@code deployed} and {@code log}. */
    public Reply deploy(JpaRoute route) {
        return new AppClient(probe).call("routes", "deploy", "name", route.warName(),
                "war", JpaDeployment.war(route).toString()).assertOk();
    }

    /** The route WAR's operation servlet. */
    public Reply notes(JpaRoute route, String op, Object... keyValues) {
        try {
            return new AppClient(server.resolve(route.warName() + "/").toURL()).call("notes", op, keyValues);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HTTP status of the route's servlet: 404 when the application is not there. */
    public int status(JpaRoute route) {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(route.warName() + "/notes?op=platform"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("calling " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + request.uri(), e);
        }
    }

    /** Rows of a batch in PostgreSQL, read outside the container. */
    public static long rowsInPostgres(String batch) {
        return Servers.adminLong(TestDatabase.get(), "select count(*) from " + JpaNames.TABLE + " where batch = ?",
                batch);
    }
}
