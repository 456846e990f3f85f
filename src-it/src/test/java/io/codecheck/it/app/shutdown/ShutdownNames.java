package io.codecheck.it.app.shutdown;

/** Names of the shutdown test ({@code ShutdownIT}). */
public final class ShutdownNames {
    /** The application whose undeployment is tested (deployed by the post-boot commands, after the RAR). */
    public static final String VICTIM_APP = "it-victim";
    public static final String STARTER_APP = "it-starter";
    public static final String VICTIM_RW = "java:app/it/victim/ReadWrite";
    public static final String VICTIM_RO = "java:app/it/victim/ReadOnly";
    public static final String VICTIM_RW_POOL = "it-victim-rw";
    public static final String VICTIM_RO_POOL = "it-victim-ro";
    /** A server-wide factory (asadmin post-boot commands): lives until the adapter is undeployed. */
    public static final String GLOBAL = "codecheck/it/ShutdownGlobal";
    public static final String GLOBAL_REF = "it/ShutdownGlobal";
    public static final String GLOBAL_POOL = "it-shutdown-global";

    /** Names of the threads the adapter and its driver may start. */
    public static final String[] ADAPTER_THREAD_PREFIXES = {"codecheck-ra", "PostgreSQL-JDBC"};

    private ShutdownNames() {
    }
}
