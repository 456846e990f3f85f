package io.codecheck.it.app.tx;

/** JNDI names and pool names of the transactions test WAR ({@code ResourcesAndTransactionsIT}). */
public final class TxNames {
    /** glassfish-resources.xml, read-only sessions. */
    public static final String READ_ONLY = "java:app/it/ReadOnly";
    /** glassfish-resources.xml, read-write. */
    public static final String READ_WRITE = "java:app/it/ReadWrite";
    /** Server-wide factory created by asadmin post-boot commands ... */
    public static final String ASADMIN_GLOBAL = "codecheck/it/Asadmin";
    /** ... and the web.xml resource-ref that maps the application's name for it to the global name. */
    public static final String ASADMIN_REF = "it/Asadmin";
    /** Defined by {@code @ConnectionFactoryDefinition} on {@link Lookups}. */
    public static final String ANNOTATED = "java:app/it/Annotated";
    /** glassfish-resources.xml, max-pool-size 2, short max-wait: for exhaustion. */
    public static final String SMALL = "java:app/it/Small";

    public static final String RO_POOL = "it-tx-ro";
    public static final String RW_POOL = "it-tx-rw";
    public static final String ASADMIN_POOL = "it-tx-asadmin";
    public static final String ANNOTATED_POOL = "it-tx-annotated";
    public static final String SMALL_POOL = "it-tx-small";
    public static final int SMALL_MAX = 2;
    public static final int SMALL_MAX_WAIT_MILLIS = 1500;

    private TxNames() {
    }
}
