package io.codecheck.sample.rest;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

/** A body passed the limit while it was read; {@link RequestBodyTooLargeMapper} answers it. */
class RequestBodyTooLargeException extends ClientErrorException {
    RequestBodyTooLargeException() {
        super(Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
