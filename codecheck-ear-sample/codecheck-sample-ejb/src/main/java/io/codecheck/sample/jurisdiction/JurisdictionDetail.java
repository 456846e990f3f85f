package io.codecheck.sample.jurisdiction;

import java.time.OffsetDateTime;
import java.util.List;

/** A jurisdiction with its code adoptions, oldest first. */
public record JurisdictionDetail(String id, String name, String type, OffsetDateTime createdAt,
                                 List<CodeAdoption> codeAdoptions) {

    static JurisdictionDetail of(Jurisdiction jurisdiction, List<CodeAdoption> codeAdoptions) {
        return new JurisdictionDetail(jurisdiction.id(), jurisdiction.name(), jurisdiction.type(),
                jurisdiction.createdAt(), List.copyOf(codeAdoptions));
    }
}
