package io.codecheck.bench.web;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Workload 4: a short container-managed transaction with one insert. A and B borrow from their resource inside
 * the JTA transaction, so the container enlists the connection (LocalTransaction: BEGIN goes with the INSERT, the
 * container's commit sends COMMIT). The floor D makes the same EJB call without a transaction and does the same
 * two round trips itself on a held connection.
 */
@Stateless
@LocalBean
public class TxWork {
    static final String INSERT = "INSERT INTO bench_event (subject) VALUES (?)";

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public int insert(DataSource ds, String subject) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, subject);
            return ps.executeUpdate();
        }
    }

    /** The held connection is in manual-commit mode (set outside the timed loop). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int insertLocal(Connection held, String subject) throws SQLException {
        int n;
        try (PreparedStatement ps = held.prepareStatement(INSERT)) {
            ps.setString(1, subject);
            n = ps.executeUpdate();
        }
        held.commit();
        return n;
    }
}
