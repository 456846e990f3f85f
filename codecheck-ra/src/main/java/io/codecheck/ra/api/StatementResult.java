package io.codecheck.ra.api;

import java.util.List;
import java.util.Map;

/**
 * What one statement of a transaction produced: the rows of a query (or of {@code RETURNING}), or the number of rows
 * an update changed.
 *
 * @param rows        the rows, each an ordered column-to-value map; empty when the statement returned no result set
 * @param updateCount rows changed, or -1 when the statement returned rows
 */
public record StatementResult(List<Map<String, Object>> rows, long updateCount) {
    public StatementResult {
        rows = List.copyOf(rows);
    }

    /** True when the statement returned a result set. */
    public boolean hasRows() {
        return updateCount < 0;
    }
}
