package io.codecheck.sample.notes;

import io.codecheck.sample.jurisdiction.AuditLog;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Optional;

/**
 * Notes on jurisdictions through JPA over the read-write resource (persistence unit {@value #UNIT}).
 *
 * <p>Adding a note also writes an audit entry with the adapter's JDBC: both in one container transaction, and on
 * one database session, because Payara shares a pool's connection within a transaction whether it was asked for
 * under the resource's name or under the {@code __pm} name it gives JPA.
 */
@Stateless
public class NoteBook {
    static final String UNIT = "codecheck";
    static final int MAX_LENGTH = 2000;

    @PersistenceContext(unitName = UNIT)
    EntityManager em;

    @EJB
    AuditLog auditLog;

    /**
     * Adds a note to the jurisdiction, with its audit entry, in the caller's transaction.
     *
     * @return the stored note, or empty if the jurisdiction does not exist (nothing written)
     * @throws InvalidNoteException the text is missing, blank or too long; nothing written
     */
    public Optional<NoteView> add(String jurisdictionId, NewNote request) {
        String text = validText(request);
        if (!jurisdictionExists(jurisdictionId)) {
            return Optional.empty();
        }
        JurisdictionNote note = new JurisdictionNote(jurisdictionId, text);
        em.persist(note);
        em.flush();
        em.refresh(note); // created_at is the database's
        auditLog.record("jurisdiction.note.added", jurisdictionId + " note " + note.view().id());
        return Optional.of(note.view());
    }

    /**
     * Oldest first; empty if the jurisdiction does not exist. NOT_SUPPORTED: EclipseLink then reads through the
     * persistence unit's non-JTA data source, with no transaction round trips.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<List<NoteView>> list(String jurisdictionId) {
        if (!jurisdictionExists(jurisdictionId)) {
            return Optional.empty();
        }
        return Optional.of(em.createQuery("SELECT n FROM JurisdictionNote n WHERE n.jurisdictionId = :j ORDER BY n.id",
                        JurisdictionNote.class).setParameter("j", jurisdictionId).getResultList()
                .stream().map(JurisdictionNote::view).toList());
    }

    private boolean jurisdictionExists(String id) {
        return !em.createNativeQuery("SELECT 1 FROM jurisdiction WHERE id = ?").setParameter(1, id)
                .getResultList().isEmpty();
    }

    private static String validText(NewNote request) {
        String text = request == null ? null : request.text();
        if (text == null || text.isBlank()) {
            throw new InvalidNoteException("text: required, and not blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidNoteException("text: at most " + MAX_LENGTH + " characters, got " + text.length());
        }
        return text;
    }
}
