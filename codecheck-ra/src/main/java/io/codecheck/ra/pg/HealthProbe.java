package io.codecheck.ra.pg;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.HealthStatus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;

/** The health check of the Python module: one query through the pool, reported, never thrown. */
public final class HealthProbe {
    private static final String QUERY = "SELECT version(), now(), pg_is_in_recovery()";

    private HealthProbe() {
    }

    public static HealthStatus check(CodeCheckDataSource ds) {
        return check(ds, null);
    }

    /** With the pool's last measured replication lag when {@code lag} is not null (maxReplicaLag). */
    public static HealthStatus check(CodeCheckDataSource ds, ReplicaLagGuard lag) {
        HealthStatus status = probe(ds);
        ReplicaLagGuard.Measurement m = lag == null ? null : lag.largest();
        if (m == null) {
            return status;
        }
        return new HealthStatus(status.poolName(), status.healthy(), status.serverVersion(), status.databaseTime(),
                status.replica(), status.latencyMillis(), status.error(), status.sqlState(), m.lagMillis(),
                m.measuredAt());
    }

    private static HealthStatus probe(CodeCheckDataSource ds) {
        long start = System.nanoTime();
        String poolName = null;
        try {
            poolName = ds.poolName();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(QUERY)) {
                rs.next();
                return new HealthStatus(poolName, true, rs.getString(1), rs.getObject(2, OffsetDateTime.class),
                        rs.getBoolean(3), millisSince(start), null, null);
            }
        } catch (SQLException e) {
            return new HealthStatus(poolName, false, null, null, false, millisSince(start),
                    ErrorMessages.scrubbed(e), e.getSQLState());
        } catch (RuntimeException e) {
            return new HealthStatus(poolName, false, null, null, false, millisSince(start),
                    String.valueOf(e.getMessage()), null);
        }
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000.0;
    }
}
