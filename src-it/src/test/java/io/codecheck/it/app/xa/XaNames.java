package io.codecheck.it.app.xa;

/** Names shared by {@code XaRecoveryIT} and its WAR. */
public final class XaNames {
    public static final String APP = "it-xa";
    /** Two XA resources, each on its own database: one two-phase transaction spans both. */
    public static final String FIRST = "codecheck/it/XaFirst";
    public static final String SECOND = "codecheck/it/XaSecond";
    public static final String FIRST_POOL = "it-xa-first";
    public static final String SECOND_POOL = "it-xa-second";
    public static final String SECOND_DATABASE = "codecheck_xa";
    public static final String TABLE = "it_xa";

    private XaNames() {
    }
}
