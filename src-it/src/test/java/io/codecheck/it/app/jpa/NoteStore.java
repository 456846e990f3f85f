package io.codecheck.it.app.jpa;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The route WAR's JPA work: container-managed transactions over the persistence unit {@value JpaNames#UNIT}. */
@Stateless
public class NoteStore {

    @PersistenceContext(unitName = JpaNames.UNIT)
    EntityManager em;

    /** Persists {@code count} notes and commits; returns the last generated id. */
    public long persist(String batch, int count) {
        JpaNote last = null;
        for (int i = 0; i < count; i++) {
            last = new JpaNote(batch, i);
            em.persist(last);
        }
        em.flush();
        return last == null ? 0 : last.getId();
    }

    /** Persists and flushes (the insert reaches the database), then fails with a system exception. */
    public void persistThenFail(String batch) {
        em.persist(new JpaNote(batch, 0));
        em.flush();
        throw new IllegalStateException("deliberate failure after the flush of batch " + batch);
    }

    /** JPQL count inside a transaction: read through the JTA data source. */
    public long countInTransaction(String batch) {
        return em.createQuery("select count(n) from JpaNote n where n.batch = :b", Long.class)
                .setParameter("b", batch).getSingleResult();
    }

    /** The session's application_name inside a transaction: which pool the JTA data source is. */
    public String jtaSession() {
        return (String) em.createNativeQuery("select current_setting('application_name')").getSingleResult();
    }

    /** The same outside any transaction, where EclipseLink reads through the non-JTA data source. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String nonJtaSession() {
        return (String) em.createNativeQuery("select current_setting('application_name')").getSingleResult();
    }

    /** JPQL count outside any transaction (non-JTA data source). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public long countOutsideTransaction(String batch) {
        return em.createQuery("select count(n) from JpaNote n where n.batch = :b", Long.class)
                .setParameter("b", batch).getSingleResult();
    }

    /**
     * The class of the database platform EclipseLink chose. Reflection: the test WARs compile against the Jakarta EE
     * API only, EclipseLink is Payara's.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String platform() throws ReflectiveOperationException {
        Class<?> sessionType = Class.forName("org.eclipse.persistence.sessions.Session", false,
                em.getDelegate().getClass().getClassLoader());
        Object session = em.unwrap(sessionType);
        return sessionType.getMethod("getDatasourcePlatform").invoke(session).getClass().getName();
    }
}
