package io.codecheck.sample.jurisdiction;

import java.time.LocalDate;
import java.util.List;

/** A {@link NewJurisdiction} that passed validation: values normalised and typed, ready to insert. */
record JurisdictionDraft(String id, String name, String type, List<AdoptionDraft> adoptions) {

    record AdoptionDraft(String codeFamily, String edition, LocalDate effectiveFrom) {
    }
}
