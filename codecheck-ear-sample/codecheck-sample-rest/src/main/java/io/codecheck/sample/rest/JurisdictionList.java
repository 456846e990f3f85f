package io.codecheck.sample.rest;

import io.codecheck.sample.jurisdiction.Jurisdiction;

import java.util.List;

/** {@code {"jurisdictions": [...]}}, as the Python API answered; an object leaves room for paging later. */
public record JurisdictionList(List<Jurisdiction> jurisdictions) {
}
