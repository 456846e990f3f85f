package io.codecheck.sample.schema;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.logging.Logger;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and migrates the CodeCheck schema when the application starts, before any request is served.
 *
 * <p>NOT_SUPPORTED: Flyway commits each migration itself (and takes a PostgreSQL advisory lock so that several
 * instances starting together migrate once). Inside a container transaction its commits would be refused. A failed
 * migration fails the deployment, which is better than serving requests against a half-made schema.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrator {
    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    @Resource(lookup = CodeCheckResources.READ_WRITE)
    CodeCheckDataSource readWrite;

    // repeated on the method: for lifecycle callbacks the class-level attribute is not applied (Payara ran this
    // in a transaction without it)
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void migrate() {
        // the application's class loader, so that Flyway finds the migrations and its PostgreSQL plug-in in this
        // deployment whatever the thread's context class loader is
        MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(readWrite)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "CodeCheck schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migration(s) applied now) through resource " + readWrite.poolName());
    }
}
