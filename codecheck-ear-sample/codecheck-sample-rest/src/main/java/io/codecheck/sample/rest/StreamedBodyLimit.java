package io.codecheck.sample.rest;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;

/**
 * Counts a request body while JSON-B reads it and stops the read once it passes
 * {@link RequestBodyLimit#MAX_BYTES}: 413, whether or not the client declared a length. The failure is recognised
 * by the stream's flag, not by the exception, which the parser may have wrapped; so the order among reader
 * interceptors does not matter (an outer {@link MalformedBodyInterceptor}'s 400 is replaced here, an inner one
 * never sees this 413).
 */
@Provider
public class StreamedBodyLimit implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        BoundedEntityStream body = new BoundedEntityStream(context.getInputStream(), RequestBodyLimit.MAX_BYTES);
        context.setInputStream(body);
        try {
            Object entity = context.proceed();
            if (body.exceeded()) { // a reader that swallowed the failure must not hand on what it read
                throw new RequestBodyTooLargeException();
            }
            return entity;
        } catch (IOException | RuntimeException e) {
            if (body.exceeded()) {
                throw new RequestBodyTooLargeException();
            }
            throw e;
        }
    }
}
