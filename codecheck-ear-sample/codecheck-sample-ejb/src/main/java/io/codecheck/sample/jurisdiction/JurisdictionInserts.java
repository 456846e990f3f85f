package io.codecheck.sample.jurisdiction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The INSERTs of a registration, in plain JDBC on a connection of the read-write resource. */
final class JurisdictionInserts {
    private static final String INSERT_JURISDICTION =
            "INSERT INTO jurisdiction (id, name, type) VALUES (?, ?, ?) RETURNING created_at";
    private static final String INSERT_ADOPTION = "INSERT INTO code_adoption "
            + "(jurisdiction_id, code_family, edition, effective_from) VALUES (?, ?, ?, ?) RETURNING id";

    private JurisdictionInserts() {
    }

    static JurisdictionDetail insert(Connection c, JurisdictionDraft draft) throws SQLException {
        Jurisdiction jurisdiction = insertJurisdiction(c, draft);
        List<CodeAdoption> adoptions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_ADOPTION)) {
            for (JurisdictionDraft.AdoptionDraft a : draft.adoptions()) {
                ps.setString(1, draft.id());
                ps.setString(2, a.codeFamily());
                ps.setString(3, a.edition());
                ps.setObject(4, a.effectiveFrom());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    adoptions.add(new CodeAdoption(rs.getLong(1), a.codeFamily(), a.edition(), a.effectiveFrom()));
                } catch (SQLException e) {
                    if (isUniqueViolation(e)) {
                        throw JurisdictionConflictException.duplicateAdoption(a, e);
                    }
                    throw e;
                }
            }
        }
        adoptions.sort(JurisdictionCatalog.ADOPTION_ORDER); // as a later GET lists them
        return JurisdictionDetail.of(jurisdiction, adoptions);
    }

    private static Jurisdiction insertJurisdiction(Connection c, JurisdictionDraft draft) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_JURISDICTION)) {
            ps.setString(1, draft.id());
            ps.setString(2, draft.name());
            ps.setString(3, draft.type());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Jurisdiction(draft.id(), draft.name(), draft.type(), rs.getObject(1, OffsetDateTime.class));
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw JurisdictionConflictException.duplicateId(draft.id(), e);
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        return JurisdictionConflictException.UNIQUE_VIOLATION.equals(e.getSQLState());
    }
}
