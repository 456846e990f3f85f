package io.codecheck.sample.jurisdiction;

import jakarta.ejb.ApplicationException;

/**
 * The database refused a row as a duplicate (SQLState 23505). rollback = true: whatever the same request wrote
 * before the duplicate (the jurisdiction row, earlier adoptions) is rolled back with it.
 */
@ApplicationException(rollback = true)
public class JurisdictionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** SQLState of a unique-constraint violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    JurisdictionConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    static JurisdictionConflictException duplicateId(String id, Throwable cause) {
        return new JurisdictionConflictException("jurisdiction '" + id + "' already exists", cause);
    }

    static JurisdictionConflictException duplicateAdoption(JurisdictionDraft.AdoptionDraft adoption, Throwable cause) {
        return new JurisdictionConflictException("code adoption " + adoption.codeFamily() + " " + adoption.edition()
                + " is listed more than once; nothing was written", cause);
    }

    public String sqlState() {
        return UNIQUE_VIOLATION;
    }
}
