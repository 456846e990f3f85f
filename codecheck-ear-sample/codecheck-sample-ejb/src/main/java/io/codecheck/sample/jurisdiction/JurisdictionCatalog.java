package io.codecheck.sample.jurisdiction;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.sample.CodeCheckResources;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads jurisdictions through the read-only resource, with the adapter's query helpers.
 *
 * <p>NOT_SUPPORTED: a read needs no transaction (each statement runs in autocommit, no BEGIN/COMMIT round trips),
 * and a caller's transaction that already holds the read-write resource must not pull a second local resource in.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JurisdictionCatalog {
    /** Oldest first; the ORDER BY below says the same. */
    static final Comparator<CodeAdoption> ADOPTION_ORDER = Comparator.comparing(CodeAdoption::effectiveFrom)
            .thenComparing(CodeAdoption::codeFamily).thenComparing(CodeAdoption::edition);

    @Resource(lookup = CodeCheckResources.READ_ONLY)
    CodeCheckDataSource readOnly;

    public List<Jurisdiction> all() {
        return readOnly.query("SELECT id, name, type, created_at FROM jurisdiction ORDER BY name, id")
                .stream().map(Jurisdiction::fromRow).toList();
    }

    public Optional<JurisdictionDetail> find(String id) {
        return readOnly.queryOne("SELECT id, name, type, created_at FROM jurisdiction WHERE id = ?", id)
                .map(Jurisdiction::fromRow)
                .map(j -> JurisdictionDetail.of(j, adoptionsOf(j.id())));
    }

    private List<CodeAdoption> adoptionsOf(String jurisdictionId) {
        return readOnly.query("SELECT id, code_family, edition, effective_from FROM code_adoption "
                        + "WHERE jurisdiction_id = ? ORDER BY effective_from, code_family, edition", jurisdictionId)
                .stream().map(CodeAdoption::fromRow).toList();
    }
}
