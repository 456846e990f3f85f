package io.codecheck.it.app.pool;

/** JNDI names and sizes of the pool-options test WAR ({@code PoolOptionsIT}). */
public final class PoolNames {
    /** (a) match-connections=false. */
    public static final String NO_MATCH = "java:app/it/pool/NoMatch";
    /** (b) match-connections=true. */
    public static final String MATCH = "java:app/it/pool/Match";
    /** (c) lazy-connection-association=true + lazy-connection-enlistment=true. */
    public static final String LAZY = "java:app/it/pool/Lazy";
    /** Counts the rows afterwards; never under load. */
    public static final String COUNT = "java:app/it/pool/Count";

    /** Worker threads of every load (the shareable-handles load: fewer, see PoolWork.twoHandles). */
    public static final int THREADS = 8;
    /** max-pool-size of (a)-(d): fewer sessions than threads, so borrowers wait and, in (d), take others' sessions. */
    public static final int SMALL_MAX = 4;

    /** System property of the Micro JVM: the file the pools' outcomes are appended to. */
    public static final String REPORT_PROPERTY = "it.poolReport";

    private PoolNames() {
    }
}
