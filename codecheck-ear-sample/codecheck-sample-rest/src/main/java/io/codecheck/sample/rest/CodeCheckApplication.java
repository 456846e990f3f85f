package io.codecheck.sample.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API under {@code <context root>/api}; resources and mappers of this package are found by scanning. */
@ApplicationPath("api")
public class CodeCheckApplication extends Application {
}
