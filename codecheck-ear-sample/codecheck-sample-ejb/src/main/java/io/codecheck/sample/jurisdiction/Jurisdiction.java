package io.codecheck.sample.jurisdiction;

import java.time.OffsetDateTime;
import java.util.Map;

/** A jurisdiction as listed: without its code adoptions. */
public record Jurisdiction(String id, String name, String type, OffsetDateTime createdAt) {

    static Jurisdiction fromRow(Map<String, Object> row) {
        return new Jurisdiction((String) row.get("id"), (String) row.get("name"), (String) row.get("type"),
                (OffsetDateTime) row.get("created_at"));
    }
}
