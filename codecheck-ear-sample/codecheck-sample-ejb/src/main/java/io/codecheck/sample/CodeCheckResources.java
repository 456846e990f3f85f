package io.codecheck.sample;

/**
 * JNDI names of the two codecheck-ra resources. The descriptors of each packaging (WAR for Payara Micro, EAR for
 * Payara Server) bind them; the code only ever looks them up by these names.
 */
public final class CodeCheckResources {
    /** Sessions are read-only on the server: a write fails with SQLState 25006. */
    public static final String READ_ONLY = "java:app/codecheck/ReadOnly";
    /** For writes, in container-managed transactions. */
    public static final String READ_WRITE = "java:app/codecheck/ReadWrite";

    private CodeCheckResources() {
    }
}
