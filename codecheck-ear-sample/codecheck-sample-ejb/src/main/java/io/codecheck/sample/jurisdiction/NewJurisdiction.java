package io.codecheck.sample.jurisdiction;

import java.util.List;

/**
 * What a client sends to register a jurisdiction. Everything is text as received, so that a wrong value is
 * reported by {@link NewJurisdictionValidator} with a message naming the field, not as a parse failure.
 */
public record NewJurisdiction(String id, String name, String type, List<NewCodeAdoption> codeAdoptions) {
}
