package io.codecheck.it.support;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * Calls the operation servlets of a test WAR ({@code io.codecheck.it.app.OpServlet}) from the test JVM: one GET per
 * operation, the answer a {@link Properties} text (see {@link Reply}).
 */
public final class AppClient {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AppClient(URL deploymentUrl) {
        String s = deploymentUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** GET {@code <servlet>?op=<op>&k1=v1...}; a transport failure or an HTTP status other than 200 throws. */
    public Reply call(String servlet, String op, Object... keyValues) {
        StringBuilder query = new StringBuilder("op=").append(enc(op));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            query.append('&').append(enc(String.valueOf(keyValues[i]))).append('=')
                    .append(enc(String.valueOf(keyValues[i + 1])));
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve(servlet + "?" + query))
                .timeout(Duration.ofSeconds(120)).GET().build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (response.statusCode() != 200) {
                throw new AssertionError("HTTP " + response.statusCode() + " from " + request.uri() + ":\n"
                        + response.body());
            }
            Properties values = new Properties();
            values.load(new StringReader(response.body()));
            return new Reply(op, values, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("calling " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + request.uri(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
