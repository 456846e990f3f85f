package io.codecheck.sample.jurisdiction;

import java.time.LocalDate;
import java.util.Map;

/** One edition of a model code (IBC, IRC, ...) that a jurisdiction adopted, in force from {@code effectiveFrom}. */
public record CodeAdoption(long id, String codeFamily, String edition, LocalDate effectiveFrom) {

    static CodeAdoption fromRow(Map<String, Object> row) {
        return new CodeAdoption(((Number) row.get("id")).longValue(), (String) row.get("code_family"),
                (String) row.get("edition"), (LocalDate) row.get("effective_from"));
    }
}
