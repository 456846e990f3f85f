package io.codecheck.sample.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The largest request body the API reads, and the answer to a larger one. The largest valid registration (50
 * adoptions, a 200-character name) is a few KiB; the limit leaves room for formatting without letting a client
 * make the server buffer or parse megabytes.
 */
final class RequestBodyLimit {
    static final int MAX_BYTES = 64 * 1024;

    private RequestBodyLimit() {
    }

    static Response tooLarge() {
        return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("request body larger than " + MAX_BYTES + " bytes")).build();
    }
}
