package io.codecheck.ra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages' arrows, as docs/architecture.md draws them: each package may use only the ones below it, so that
 * the JDBC wrappers, the pool and PostgreSQL knowledge can be read (and changed) without the JCA contract, and
 * applications compile against {@code api} alone. Read from the compiled classes, so fully qualified names and
 * lambdas count too.
 */
class ArchitectureTest {
    private static JavaClasses adapter;

    @BeforeAll
    static void importAdapter() {
        adapter = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.codecheck.ra");
    }

    @Test
    void packagesOnlyUseThePackagesBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("io.codecheck.ra.api..")
                .layer("config").definedBy("io.codecheck.ra.config..")
                .layer("pg").definedBy("io.codecheck.ra.pg..")
                .layer("jdbc").definedBy("io.codecheck.ra.jdbc..")
                .layer("pool").definedBy("io.codecheck.ra.pool..")
                .layer("jmx").definedBy("io.codecheck.ra.jmx..")
                .layer("helpers").definedBy("io.codecheck.ra.helpers..")
                .layer("spi").definedBy("io.codecheck.ra.spi..")
                .whereLayer("api").mayNotAccessAnyLayer()
                .whereLayer("config").mayOnlyAccessLayers("api")
                .whereLayer("pg").mayOnlyAccessLayers("api", "config")
                .whereLayer("jdbc").mayOnlyAccessLayers("api", "config", "pg")
                .whereLayer("pool").mayOnlyAccessLayers("api", "config", "pg", "jdbc")
                .whereLayer("jmx").mayOnlyAccessLayers("api", "config", "pool")
                .whereLayer("helpers").mayOnlyAccessLayers("api", "pg", "jdbc")
                .whereLayer("spi").mayNotBeAccessedByAnyLayer()
                .check(adapter);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.codecheck.ra.(*)..").should().beFreeOfCycles().check(adapter);
    }

    @Test
    void theApplicationsApiNeedsNothingButTheJdkAndReferenceable() {
        // JCA wants a connection factory to be Referenceable (jakarta.resource), so that JNDI can bind it
        classes().that().resideInAPackage("io.codecheck.ra.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.codecheck.ra.api..", "java..",
                        "javax.naming..", "javax.sql..", "jakarta.resource")
                .check(adapter);
    }

    @Test
    void onlyTheJcaLayerKnowsTheConnectorContract() {
        classes().that().resideOutsideOfPackages("io.codecheck.ra.spi..", "io.codecheck.ra.api..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("jakarta.resource..")
                .because("the JCA contract (jakarta.resource) is the spi package's business")
                .check(adapter);
    }

    @Test
    void onlyPgAndTheHandlesKnowTheDriversInternals() {
        // org.postgresql.core is pgjdbc's own business, documented as not for applications: kept behind pg.PgSession
        // and the handles that wrap the driver's objects
        classes().that().resideOutsideOfPackages("io.codecheck.ra.pg..", "io.codecheck.ra.jdbc..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("org.postgresql.core..")
                .check(adapter);
    }
}
