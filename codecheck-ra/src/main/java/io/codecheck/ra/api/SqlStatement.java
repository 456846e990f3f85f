package io.codecheck.ra.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One statement of a {@link CodeCheckDataSource#transaction(List)}: SQL with {@code ?} placeholders and its parameters.
 */
public final class SqlStatement {
    private final String sql;
    private final Object[] params;

    private SqlStatement(String sql, Object[] params) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.params = params == null ? new Object[0] : params.clone();
    }

    public static SqlStatement of(String sql, Object... params) {
        return new SqlStatement(sql, params);
    }

    public String sql() {
        return sql;
    }

    public List<Object> params() {
        return Arrays.asList(params.clone());
    }

    /** The SQL only: parameters may be personal data and stay out of logs. */
    @Override
    public String toString() {
        return sql;
    }
}
