package io.codecheck.it.support;

/**
 * A way of defining the persistence unit's two resources (README, "Defining the resources") and of naming them in
 * persistence.xml, with the WAR name under which {@code JpaRoutesIT} deploys it.
 */
public enum JpaRoute {
    /** WEB-INF/glassfish-resources.xml, java:app names in the data source elements. */
    GLASSFISH_RESOURCES("jpa-gfr", "it-jpa-gfr"),
    /** asadmin post-boot resources, their global names in the data source elements. */
    ASADMIN("jpa-asadmin", JpaRoute.ASADMIN_POOL),
    /** asadmin resources mapped to java:app names by web.xml resource-refs; those names in the elements. */
    ASADMIN_RESOURCE_REF("jpa-asadmin-ref", JpaRoute.ASADMIN_POOL),
    /** @ConnectionFactoryDefinition, java:app names in the elements. */
    ANNOTATION("jpa-annotation", "it-jpa-annotation"),
    /** web.xml connection-factory, java:app names in the elements. */
    DESCRIPTOR("jpa-descriptor", "it-jpa-descriptor"),
    /** asadmin resources, only the property jakarta.persistence.jtaDataSource (global name), no elements. */
    PROPERTY_JTA_ONLY("jpa-prop-jta", JpaRoute.ASADMIN_POOL),
    /** asadmin resources, the properties jakarta.persistence.jtaDataSource and nonJtaDataSource (global names). */
    PROPERTY_BOTH("jpa-prop-both", JpaRoute.ASADMIN_POOL),
    /** glassfish-resources.xml, the two properties with java:app names. */
    PROPERTY_APP("jpa-prop-app", "it-jpa-prop-app");

    /** application_name of the asadmin pool behind {@code codecheck/jpa/Jta}. */
    static final String ASADMIN_POOL = "it-jpa-asadmin";

    private final String warName;
    private final String applicationName;

    JpaRoute(String warName, String applicationName) {
        this.warName = warName;
        this.applicationName = applicationName;
    }

    /** Deployment name and context root. */
    public String warName() {
        return warName;
    }

    /** The application_name (and poolName) of the pool behind the JTA data source; the non-JTA one adds a suffix. */
    public String jtaApplicationName() {
        return applicationName;
    }
}
