package io.codecheck.portability.app;

/** JNDI names of the connection definitions the test adds to WildFly's resource-adapters subsystem. */
public final class Names {
    public static final String READ_WRITE = "java:/codecheck/ReadWrite";
    public static final String READ_ONLY = "java:/codecheck/ReadOnly";
    /** Read-only, but with transactionSupportLevel=LocalTransaction: a second local resource next to ReadWrite. */
    public static final String SECOND_LOCAL = "java:/codecheck/SecondLocal";

    private Names() {
    }
}
