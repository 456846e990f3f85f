package io.codecheck.it.app.pool;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The container-managed transactions of {@code PoolOptionsIT}, on table {@code it_items}. Each method throws on any
 * wrong answer, so the caller counts a wrong result as a failed operation; a failed call rolls back.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class PoolWork {

    static final String INSERT = "insert into it_items (batch, n) values (?, ?)";

    /** Borrow, read (a prepared echo), insert one row, return: one container transaction. */
    public int readAndInsert(DataSource ds, String batch, int n) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select ?::int + 1")) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != n + 1) {
                        throw new IllegalStateException("wrong data: select " + n + " + 1 did not answer " + (n + 1));
                    }
                }
            }
            insert(c, batch, n);
        }
        return 1;
    }

    /**
     * Two {@code getConnection()} calls in one container transaction: shareable handles on one managed connection
     * (same backend, same transaction). Payara shares an in-use LocalTransaction connection by taking a second
     * managed connection for the second call and moving the new handle onto the transaction's one
     * ({@code ConnectorXAResource.start} → {@code associateConnection}); the second managed connection stays reserved
     * until that handle is closed, so a caller needs two free slots of the pool for a moment. The second handle's
     * statement and result set are open when the first handle is closed; they must go on working, and the second
     * handle must still see and write the transaction's rows. Inserts two rows.
     */
    public int twoHandles(DataSource ds, String batch, int n) throws SQLException {
        try (Connection first = ds.getConnection(); Connection second = ds.getConnection()) {
            String a = backendAndTransaction(first);
            String b = backendAndTransaction(second);
            if (!a.equals(b)) {
                throw new IllegalStateException("two handles of one transaction are not on one session and "
                        + "transaction: " + a + " vs " + b);
            }
            insert(first, batch, n);
            try (PreparedStatement ps = second.prepareStatement("select g from generate_series(1, 3) g order by g")) {
                ResultSet rs = ps.executeQuery();
                expectRow(rs, 1);
                first.close();
                if (!first.isClosed()) {
                    throw new IllegalStateException("the first handle is not closed after close()");
                }
                if (second.isClosed() || ps.isClosed() || rs.isClosed()) {
                    throw new IllegalStateException("closing the first handle closed the second's objects: handle "
                            + second.isClosed() + ", statement " + ps.isClosed() + ", result set " + rs.isClosed());
                }
                expectRow(rs, 2);
                expectRow(rs, 3);
                if (rs.next()) {
                    throw new IllegalStateException("wrong data: a fourth row");
                }
                rs.close();
                try (ResultSet again = ps.executeQuery()) { // the statement is still usable
                    expectRow(again, 1);
                }
            }
            insert(second, batch, n);
            try (PreparedStatement ps = second.prepareStatement(
                    "select count(*) from it_items where batch = ? and n = ?")) {
                ps.setString(1, batch);
                ps.setInt(2, n);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != 2) {
                        throw new IllegalStateException("wrong data: the second handle sees " + rs.getLong(1)
                                + " rows of the transaction, not 2");
                    }
                }
            }
            if (!backendAndTransaction(second).equals(a)) {
                throw new IllegalStateException("the second handle changed session or transaction");
            }
        }
        return 2;
    }

    private static void insert(Connection c, String batch, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, batch);
            ps.setInt(2, n);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("insert did not insert one row");
            }
        }
    }

    private static String backendAndTransaction(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_backend_pid(), txid_current()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1) + "/" + rs.getLong(2);
        }
    }

    private static void expectRow(ResultSet rs, int value) throws SQLException {
        if (!rs.next() || rs.getInt(1) != value) {
            throw new IllegalStateException("wrong data: expected row " + value);
        }
    }
}
