package io.codecheck.it.app.jpa;

/** Names shared by {@code JpaRoutesIT}, its route WARs and the probe WAR. */
public final class JpaNames {
    /** The one persistence unit of every route WAR. */
    public static final String UNIT = "notes";
    /** The table the entity maps; created by the test, owned by the application role. */
    public static final String TABLE = "it_jpa_notes";

    /** Application-scoped names (glassfish-resources.xml, @ConnectionFactoryDefinition, connection-factory, resource-ref). */
    public static final String APP_JTA = "java:app/jpa/Jta";
    public static final String APP_NON_JTA = "java:app/jpa/NonJta";
    /** Server-wide names of the asadmin post-boot resources. */
    public static final String GLOBAL_JTA = "codecheck/jpa/Jta";
    public static final String GLOBAL_NON_JTA = "codecheck/jpa/NonJta";

    /** Suffix of the application_name of the pool behind the non-JTA data source (the JTA one has none). */
    public static final String NON_JTA_SUFFIX = "-nonjta";

    private JpaNames() {
    }
}
