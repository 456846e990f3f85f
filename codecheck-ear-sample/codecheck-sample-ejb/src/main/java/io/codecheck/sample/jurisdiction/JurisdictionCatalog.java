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

    /**
     * One page in name order, the id breaking ties so that pages neither repeat nor skip a row. One row more than
     * asked is read to learn whether another page follows, without counting the table.
     */
    public JurisdictionPage page(int limit, int offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be positive and offset not negative");
        }
        List<Jurisdiction> rows = readOnly.query("SELECT id, name, type, created_at FROM jurisdiction "
                        + "ORDER BY name, id LIMIT ? OFFSET ?", limit + 1L, offset)
                .stream().map(Jurisdiction::fromRow).toList();
        boolean more = rows.size() > limit;
        return new JurisdictionPage(more ? rows.subList(0, limit) : rows, more);
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
