package io.codecheck.sample.jurisdiction;

import java.util.List;

/**
 * One page of the jurisdiction list.
 *
 * @param jurisdictions at most the requested number, in name then id order
 * @param more          whether rows follow this page
 */
public record JurisdictionPage(List<Jurisdiction> jurisdictions, boolean more) {
}
