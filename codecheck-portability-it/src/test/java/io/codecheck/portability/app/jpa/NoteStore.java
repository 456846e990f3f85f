package io.codecheck.portability.app.jpa;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Map;

/** The JPA WAR's work: container-managed transactions (REQUIRED unless said) over the unit {@value #UNIT}. */
@Stateless
public class NoteStore {
    public static final String UNIT = "codecheck";
    private static final String COUNT = "select count(n) from JpaNote n where n.batch = :b";
    /** Which pool a session is from: its application_name, and read_only=on for ReadOnly's sessions. */
    private static final String SESSION = "select current_setting('application_name') || ' read_only='"
            + " || current_setting('default_transaction_read_only')";

    @PersistenceContext(unitName = UNIT)
    EntityManager em;

    /** Persists {@code count} notes; the container commits. Returns the last generated id. */
    public long persist(String batch, int count) {
        JpaNote last = null;
        for (int i = 0; i < count; i++) {
            last = new JpaNote(batch, i);
            em.persist(last);
        }
        em.flush();
        return last == null ? 0 : last.getId();
    }

    /**
     * Persists and flushes, so that the insert really reached the transaction's session (the count says so), then
     * fails with a system exception: the container must roll it back.
     */
    public void persistThenFail(String batch) {
        em.persist(new JpaNote(batch, 0));
        em.flush();
        long seen = em.createQuery(COUNT, Long.class).setParameter("b", batch).getSingleResult();
        throw new IllegalStateException("deliberate failure after the flush; the transaction saw " + seen + " row(s)");
    }

    public long countInTransaction(String batch) {
        return em.createQuery(COUNT, Long.class).setParameter("b", batch).getSingleResult();
    }

    /** Outside a transaction EclipseLink reads through the non-JTA data source. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public long countOutsideTransaction(String batch) {
        return em.createQuery(COUNT, Long.class).setParameter("b", batch).getSingleResult();
    }

    /** The session inside a transaction: which pool the JTA data source is. */
    public String jtaSession() {
        return (String) em.createNativeQuery(SESSION).getSingleResult();
    }

    /** The same outside any transaction (EclipseLink: the non-JTA data source). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String nonJtaSession() {
        return (String) em.createNativeQuery(SESSION).getSingleResult();
    }

    /** Inside a transaction: a transaction-scoped EntityManager's delegate is then the transaction's own. */
    public Map<String, String> platform() throws ReflectiveOperationException {
        return ProviderPlatform.of(em.getDelegate());
    }
}
