package io.codecheck.it.app.bouncer;

/** JNDI and pool names of {@code PgBouncerIT}'s WAR: resources behind a PgBouncer in transaction pooling. */
public final class BouncerNames {
    /** Read-write, poolerMode=transaction. */
    public static final String READ_WRITE = "java:app/it/BouncerReadWrite";
    /** Read-only, poolerMode=transaction. */
    public static final String READ_ONLY = "java:app/it/BouncerReadOnly";
    public static final String RW_POOL = "it-bouncer-rw";
    public static final String RO_POOL = "it-bouncer-ro";
    public static final int STATEMENT_TIMEOUT_MILLIS = 500;

    private BouncerNames() {
    }
}
