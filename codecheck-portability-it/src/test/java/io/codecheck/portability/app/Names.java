package io.codecheck.portability.app;

/** JNDI names of the two connection definitions the test adds to WildFly's resource-adapters subsystem. */
public final class Names {
    public static final String READ_WRITE = "java:/codecheck/ReadWrite";
    public static final String READ_ONLY = "java:/codecheck/ReadOnly";

    private Names() {
    }
}
