package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The sample API's bounds, checked against a running sample (Micro or the EAR on Payara Server): paged lists, a
 * bounded request body, and the demo endpoints' permit released after a failure. {@code api} ends in {@code /api/}.
 */
final class SampleApiBounds {
    static final int BODY_LIMIT = 64 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * For bodies over the limit. Over h2c (the default client upgrades once it has a connection) Payara answers 413
     * without resetting the stream, and the JDK client will not hand out an answer before it has sent the whole
     * body, which the server never reads: it waits until its timeout. curl over HTTP/2 gets the 413 at once, and
     * over HTTP/1.1 the server closes the connection after the 413.
     */
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SampleApiBounds() {
    }

    /**
     * Registers enough jurisdictions to pass the default page size, with names shared by several ids so that only
     * the id as tie-breaker makes the order stable, then walks the pages by {@code next}.
     */
    static void paging(URI api) throws Exception {
        int created = 55;
        for (int i = 0; i < created; i++) {
            HttpResponse<String> r = post(api.resolve("jurisdictions"), HttpRequest.BodyPublishers.ofString(
                    "{\"id\":\"page-" + String.format("%03d", i) + "\",\"name\":\"Paging " + (i % 5)
                            + "\",\"type\":\"city\",\"codeAdoptions\":[]}"));
            assertEquals(201, r.statusCode(), r.body());
        }

        JsonObject first = json(get(api.resolve("jurisdictions")), 200);
        assertEquals(50, first.getJsonArray("jurisdictions").size(), "default page size: " + first);
        assertTrue(first.containsKey("next"), "a first page of a longer list says how to go on: " + first);

        JsonObject everything = json(get(api.resolve("jurisdictions?limit=200")), 200);
        List<String> all = ids(everything);
        assertTrue(all.size() >= created, everything.toString());
        assertFalse(everything.containsKey("next"), "the last page has no next: " + everything);

        List<String> walked = new ArrayList<>();
        URI page = api.resolve("jurisdictions?limit=7");
        for (int pages = 0; page != null; pages++) {
            assertTrue(pages < 100, "next never ends");
            JsonObject body = json(get(page), 200);
            List<String> ids = ids(body);
            assertTrue(ids.size() <= 7, body.toString());
            walked.addAll(ids);
            page = body.containsKey("next") ? api.resolve(body.getString("next")) : null;
        }
        assertEquals(all, walked, "pages walked by next give the whole list, once each, in one order");
        assertEquals(all.size(), new HashSet<>(walked).size(), "no jurisdiction twice");
        List<String> tied = walked.stream().filter(id -> id.startsWith("page-")).toList();
        for (int name = 0; name < 5; name++) { // same name: ascending id
            String prefix = "Paging " + name;
            List<String> sameName = new ArrayList<>();
            for (var j : everything.getJsonArray("jurisdictions").getValuesAs(JsonObject.class)) {
                if (j.getString("name").equals(prefix)) {
                    sameName.add(j.getString("id"));
                }
            }
            assertEquals(sameName.stream().sorted().toList(), sameName, "ties broken by id: " + sameName);
            assertEquals(11, sameName.size(), prefix);
        }
        assertEquals(created, tied.size());

        for (String bad : List.of("limit=0", "limit=201", "limit=abc", "limit=", "limit=1.5", "offset=-1",
                "offset=x", "offset=1000000001")) {
            String parameter = bad.substring(0, bad.indexOf('='));
            JsonObject error = json(get(api.resolve("jurisdictions?" + bad)), 400);
            String message = error.getString("error");
            assertTrue(message.contains(parameter) && message.contains(parameter.equals("limit") ? "1 to 200" : "0 to"),
                    bad + " -> " + message);
        }
    }

    /**
     * A declared Content-Length over the limit is refused with 413 before JSON-B sees the body. The body is valid
     * JSON with a name too long for the validator: had it been read, the answer would be 400.
     */
    static void declaredLengthOverLimit(URI api) throws Exception {
        refusedAsTooLarge(post(HTTP_1_1, api.resolve("jurisdictions"),
                HttpRequest.BodyPublishers.ofByteArray(jurisdictionWithName(BODY_LIMIT + 16 * 1024))), "declared");
    }

    /** A 1 MiB body sent chunked, without a length: counted while read, refused with 413 as it passes the limit. */
    static void chunkedOverLimit(URI api) throws Exception {
        byte[] tooLarge = jurisdictionWithName(1024 * 1024);
        refusedAsTooLarge(post(HTTP_1_1, api.resolve("jurisdictions"),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge))), "chunked");
    }

    /** Just under the limit a chunked body is read whole, and the validator answers: the limit is not too tight. */
    static void chunkedUnderLimitIsRead(URI api) throws Exception {
        byte[] underLimit = jurisdictionWithName(BODY_LIMIT - 1024);
        HttpResponse<String> read = post(api.resolve("jurisdictions"),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(underLimit)));
        assertEquals(400, read.statusCode(), read.body());
        assertTrue(read.body().contains("name must be"), read.body());
    }

    /** A refused write throws in the EJB: the endpoint's permit must be free again for the next call. */
    static void readOnlyWriteReleasesItsPermit(URI api) throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = post(api.resolve("demo/read-only-write"), HttpRequest.BodyPublishers.noBody());
            assertEquals(403, r.statusCode(), "call " + i + ": " + r.body());
            assertTrue(r.body().contains("25006"), r.body());
        }
    }

    private static void refusedAsTooLarge(HttpResponse<String> r, String how) {
        assertEquals(413, r.statusCode(), how + ": " + r.body());
        JsonObject error = json(r, 413);
        assertTrue(error.getString("error").contains(Integer.toString(BODY_LIMIT)), how + ": " + error);
    }

    private static byte[] jurisdictionWithName(int size) {
        String head = "{\"id\":\"too-large\",\"type\":\"city\",\"name\":\"";
        String end = "\"}";
        return (head + "a".repeat(size - head.length() - end.length()) + end).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("jurisdictions").getValuesAs(JsonObject.class).stream()
                .map(j -> j.getString("id")).toList();
    }

    private static JsonObject json(HttpResponse<String> r, int expectedStatus) {
        assertEquals(expectedStatus, r.statusCode(), r.uri() + " " + r.body());
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readObject();
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI uri, BodyPublisher body) throws Exception {
        return post(HTTP, uri, body);
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, BodyPublisher body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
