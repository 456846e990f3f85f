package io.codecheck.sample.jurisdiction;

/** One code adoption of a {@link NewJurisdiction}; {@code effectiveFrom} is an ISO date (yyyy-mm-dd). */
public record NewCodeAdoption(String codeFamily, String edition, String effectiveFrom) {
}
