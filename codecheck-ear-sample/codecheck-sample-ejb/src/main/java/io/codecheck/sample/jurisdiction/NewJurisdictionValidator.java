package io.codecheck.sample.jurisdiction;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link NewJurisdiction} before anything is written, and reports every problem at once. The same rules
 * are CHECK constraints in the schema (V1): this class only turns them into messages a client can act on.
 * Uniqueness (id, one adoption per code and edition) is left to the database, which alone can decide it.
 */
final class NewJurisdictionValidator {
    static final Set<String> TYPES = Set.of("city", "county", "state", "country");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern CODE_FAMILY = Pattern.compile("[A-Z][A-Z0-9-]{0,15}");
    private static final Pattern EDITION = Pattern.compile("[0-9]{4}");
    private static final int MAX_NAME = 200;
    private static final int MAX_ADOPTIONS = 50;

    private NewJurisdictionValidator() {
    }

    static JurisdictionDraft validate(NewJurisdiction request) {
        if (request == null) {
            throw new InvalidJurisdictionException(List.of("a JSON body with id, name, type and codeAdoptions is required"));
        }
        List<String> problems = new ArrayList<>();
        String id = trim(request.id());
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("id must be 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        String name = trim(request.name());
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            problems.add("name must be 1-" + MAX_NAME + " characters");
        }
        String type = trim(request.type());
        if (type == null || !TYPES.contains(type)) {
            problems.add("type must be one of city, county, state, country");
        }
        List<NewCodeAdoption> adoptions = request.codeAdoptions() == null ? List.of() : request.codeAdoptions();
        if (adoptions.size() > MAX_ADOPTIONS) {
            problems.add("at most " + MAX_ADOPTIONS + " codeAdoptions per request");
        }
        List<JurisdictionDraft.AdoptionDraft> drafts = new ArrayList<>();
        for (int i = 0; i < adoptions.size() && i < MAX_ADOPTIONS; i++) {
            JurisdictionDraft.AdoptionDraft draft = adoption(adoptions.get(i), "codeAdoptions[" + i + "]", problems);
            if (draft != null) {
                drafts.add(draft);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidJurisdictionException(problems);
        }
        return new JurisdictionDraft(id, name, type, List.copyOf(drafts));
    }

    private static JurisdictionDraft.AdoptionDraft adoption(NewCodeAdoption a, String where, List<String> problems) {
        if (a == null) {
            problems.add(where + " must be an object with codeFamily, edition and effectiveFrom");
            return null;
        }
        int before = problems.size();
        String family = trim(a.codeFamily());
        if (family == null || !CODE_FAMILY.matcher(family).matches()) {
            problems.add(where + ".codeFamily must be an upper-case code name such as IBC or IRC");
        }
        String edition = trim(a.edition());
        if (edition == null || !EDITION.matcher(edition).matches()) {
            problems.add(where + ".edition must be a four-digit year such as 2021");
        }
        LocalDate from = null;
        try {
            from = a.effectiveFrom() == null ? null : LocalDate.parse(a.effectiveFrom().trim());
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (from == null) {
            problems.add(where + ".effectiveFrom must be a date as yyyy-mm-dd");
        }
        return problems.size() == before ? new JurisdictionDraft.AdoptionDraft(family, edition, from) : null;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
