package io.codecheck.sample.rest;

import io.codecheck.sample.jurisdiction.Jurisdiction;

import java.util.List;

/**
 * {@code {"jurisdictions": [...], "limit": n, "offset": n, "next": "..."}}: the array keeps the name the Python
 * API gave it, so clients that read only the array still work. {@code next} is the URI of the following page; it
 * is null, and JSON-B leaves it out, on the last page.
 */
public record JurisdictionList(List<Jurisdiction> jurisdictions, int limit, int offset, String next) {
}
