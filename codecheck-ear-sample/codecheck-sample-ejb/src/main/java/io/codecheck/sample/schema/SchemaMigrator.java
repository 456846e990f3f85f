package io.codecheck.sample.schema;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.sql.SQLException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and migrates the CodeCheck schema when the application starts.
 *
 * <p>NOT_SUPPORTED: Flyway commits each migration itself (and takes a PostgreSQL advisory lock so that several
 * instances starting together migrate once). Inside a container transaction its commits would be refused.
 * A migration that fails fails the deployment, which is better than serving requests against a half-made schema.
 * A database that cannot be reached is different: the application starts anyway, {@code /api/health} reports
 * why, and the migration is retried until the database is there.
 *
 * <p>With {@code DB_MIGRATION_USER} (and {@code DB_MIGRATION_PASSWORD}) set, the migrations run as that role, the
 * schema's owner, through the read-write resource's server; the resources themselves then log in as roles that may
 * only read and insert (docs/managed-postgresql.md, "Least-privilege roles"). Unset, they run as the read-write
 * resource's role.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrator {
    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());
    private static final long RETRY_MILLIS = 5_000;
    static final String MIGRATION_USER = "DB_MIGRATION_USER";
    static final String MIGRATION_PASSWORD = "DB_MIGRATION_PASSWORD";

    @Resource(lookup = CodeCheckResources.READ_WRITE)
    CodeCheckDataSource readWrite;

    @Resource
    TimerService timers;

    // repeated on the method: for lifecycle callbacks the class-level attribute is not applied (Payara ran this
    // in a transaction without it)
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void migrateAtStart() {
        migrateOrRetryLater();
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void retry() {
        migrateOrRetryLater();
    }

    private void migrateOrRetryLater() {
        try {
            migrate();
        } catch (RuntimeException e) {
            if (!databaseUnreachable(e)) {
                throw e;
            }
            LOG.warning(() -> "CodeCheck schema not migrated yet: the database cannot be reached through resource "
                    + readWrite.poolName() + " (" + rootMessage(e) + "); retrying in " + RETRY_MILLIS / 1000 + " s");
            timers.createSingleActionTimer(RETRY_MILLIS, new TimerConfig(null, false));
        }
    }

    private void migrate() {
        // the application's class loader, so that Flyway finds the migrations and its PostgreSQL plug-in in this
        // deployment whatever the thread's context class loader is
        String owner = System.getenv(MIGRATION_USER);
        boolean ownLogin = owner != null && !owner.isBlank();
        DataSource target = ownLogin ? new MigrationLogin(readWrite, owner, System.getenv(MIGRATION_PASSWORD))
                : readWrite;
        MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(target)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "CodeCheck schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migration(s) applied now) through resource " + readWrite.poolName()
                + (ownLogin ? " as " + owner + " (" + MIGRATION_USER + ")" : ""));
    }

    /** Connection trouble anywhere in the chain: the adapter's exception, or an SQLState of class 08. */
    private static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
