package io.codecheck.bench.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;

import javax.sql.DataSource;

/**
 * The four workloads, for a pooled subject (a {@link DataSource}) or for the floor D (a connection held by the
 * worker thread for the whole measurement, no pool).
 */
final class Workloads {
    static final String SELECT_1 = "SELECT 1";
    static final String READ_JURISDICTION = "SELECT id, name, type, created_at FROM jurisdiction WHERE id = ?";
    static final int JURISDICTIONS = 1000;
    static final String[] IDS = new String[JURISDICTIONS];

    static {
        for (int i = 0; i < JURISDICTIONS; i++) {
            IDS[i] = id(i);
        }
    }

    private Workloads() {
    }

    static String id(int i) {
        return String.format("j-%04d", i);
    }

    @SuppressWarnings("try") // workload 1 measures borrow + return: the connection is taken and given back unused
    static Op pooled(int workload, DataSource ds, TxWork tx, String subject, int worker) {
        return switch (workload) {
            case 1 -> () -> {
                try (Connection c = ds.getConnection()) {
                    return 1;
                }
            };
            case 2 -> () -> {
                try (Connection c = ds.getConnection()) {
                    return select1(c);
                }
            };
            case 3 -> {
                SplittableRandom random = new SplittableRandom(worker * 7919L + 17);
                yield () -> {
                    try (Connection c = ds.getConnection()) {
                        return readJurisdiction(c, IDS[random.nextInt(JURISDICTIONS)]);
                    }
                };
            }
            case 4 -> () -> tx.insert(ds, subject);
            default -> throw new IllegalArgumentException("workload " + workload);
        };
    }

    static Op held(int workload, Connection c, TxWork tx, String subject, int worker) {
        return switch (workload) {
            case 1 -> () -> 1; // the floor of a borrow: nothing to do, the connection is already in hand
            case 2 -> () -> select1(c);
            case 3 -> {
                SplittableRandom random = new SplittableRandom(worker * 7919L + 17);
                yield () -> readJurisdiction(c, IDS[random.nextInt(JURISDICTIONS)]);
            }
            case 4 -> new Op() {
                @Override
                public void prepare() throws SQLException {
                    c.setAutoCommit(false);
                }

                @Override
                public long run() throws SQLException {
                    return tx.insertLocal(c, subject);
                }

                @Override
                public void finish() throws SQLException {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            };
            default -> throw new IllegalArgumentException("workload " + workload);
        };
    }

    static long select1(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_1); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static long readJurisdiction(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(READ_JURISDICTION)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no jurisdiction " + id);
                }
                return (long) rs.getString(1).length() + rs.getString(2).length() + rs.getString(3).length()
                        + rs.getTimestamp(4).getNanos();
            }
        }
    }
}
