package io.codecheck.sample.rest;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;

/**
 * A request body that JSON-B cannot read is the client's mistake: 400, not the 500 that Jersey's
 * ProcessingException would otherwise become. Only request bodies pass through reader interceptors, so a failure
 * to write a response stays a server error.
 */
@Provider
public class MalformedBodyInterceptor implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (ProcessingException | JsonbException e) {
            throw new BadRequestException("malformed JSON body", e);
        }
    }
}
