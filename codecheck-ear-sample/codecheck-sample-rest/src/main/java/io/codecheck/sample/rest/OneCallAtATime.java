package io.codecheck.sample.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Lets one call of an endpoint run at a time and turns a concurrent one away at once with 429, so that the
 * endpoint holds at most one pool session however many clients call it. No waiting: a queue of callers would hold
 * request threads instead of sessions.
 */
final class OneCallAtATime {
    private final Semaphore permit = new Semaphore(1);
    private final String endpoint;
    private final int retryAfterSeconds;

    OneCallAtATime(String endpoint, int retryAfterSeconds) {
        this.endpoint = endpoint;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Runs the call if no other is running; the permit is given back however the call ends. */
    Response run(Supplier<Response> call) {
        if (!permit.tryAcquire()) {
            return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                    .entity(ErrorBody.of(endpoint + " serves one call at a time and one is running; try again later"))
                    .build();
        }
        try {
            return call.get();
        } finally {
            permit.release();
        }
    }
}
