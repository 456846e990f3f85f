package io.codecheck.sample.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a request whose Content-Length is over {@link RequestBodyLimit#MAX_BYTES} before anything reads its
 * body, on every endpoint. A body without a declared length (chunked) is counted as it is read instead, by
 * {@link StreamedBodyLimit}.
 */
@Provider
@PreMatching
public class DeclaredLengthLimit implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > RequestBodyLimit.MAX_BYTES) {
            request.abortWith(RequestBodyLimit.tooLarge());
        }
    }
}
