package io.codecheck.sample.jurisdiction;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

/**
 * Registers a jurisdiction with its code adoptions and an audit entry, all in one container-managed transaction
 * (REQUIRED, the default) on the read-write resource: if any statement fails, none of them is kept.
 */
@Stateless
public class JurisdictionRegistry {

    @Resource(lookup = CodeCheckResources.READ_WRITE)
    CodeCheckDataSource readWrite;

    @EJB
    AuditLog auditLog;

    /**
     * Registers the jurisdiction, its adoptions and the audit entry, or nothing.
     *
     * @throws InvalidJurisdictionException  the request is malformed; nothing was written
     * @throws JurisdictionConflictException the id exists already, or an adoption is listed twice; nothing was kept
     */
    public JurisdictionDetail register(NewJurisdiction request) {
        JurisdictionDraft draft = NewJurisdictionValidator.validate(request);
        // inTransaction joins the container transaction; the work inside is plain JDBC
        JurisdictionDetail saved = readWrite.inTransaction(connection -> JurisdictionInserts.insert(connection, draft));
        auditLog.record("jurisdiction.created",
                draft.id() + " (" + draft.type() + ") with " + draft.adoptions().size() + " code adoption(s)");
        return saved;
    }
}
