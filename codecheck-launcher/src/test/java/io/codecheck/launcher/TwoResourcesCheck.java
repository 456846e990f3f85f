package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample's {@code POST /api/demo/read-and-write}: one container transaction that writes through ReadWrite and
 * counts through both resources. It answers at all only if the container let the read-only resource (NoTransaction)
 * into the transaction beside the read-write one; the counts show what the README says a read sees.
 */
final class TwoResourcesCheck {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TwoResourcesCheck() {
    }

    static void readAndWriteInOneTransaction(URI api) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve("demo/read-and-write"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        long readOnly = number(r.body(), "readOnlyCount");
        long readWrite = number(r.body(), "readWriteCount");
        assertEquals(readOnly + 1, readWrite,
                "ReadOnly reads in its own session (not the uncommitted row), ReadWrite in the transaction: " + r.body());
    }

    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
