package io.codecheck.it.app.faults;

/** Resources of the faults test WAR ({@code FaultsIT}). */
public final class FaultNames {
    /** The plain test server, short server-side timeouts. */
    public static final String DIRECT = "java:app/it/Faults";
    public static final String DIRECT_POOL = "it-faults";
    public static final int DIRECT_MAX = 8;
    public static final int STATEMENT_TIMEOUT_MILLIS = 1000;
    public static final int IDLE_IN_TRANSACTION_TIMEOUT_MILLIS = 1500;
    public static final int VALIDATION_INTERVAL_MILLIS = 500;

    /** The same server behind a FaultProxy that the test can stall. */
    public static final String PROXIED = "java:app/it/Proxied";
    public static final String PROXIED_POOL = "it-proxied";
    /** loginTimeout and socketTimeout of the proxied resource, in seconds. */
    public static final int PROXIED_TIMEOUT_SECONDS = 2;

    private FaultNames() {
    }
}
