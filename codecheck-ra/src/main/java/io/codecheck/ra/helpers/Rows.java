package io.codecheck.ra.helpers;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds helper parameters and reads rows as ordered column-to-value maps. Date and time columns come back as
 * java.time values (timestamptz as OffsetDateTime), which serialise cleanly to JSON; everything else as the driver
 * gives it.
 */
public final class Rows {
    private Rows() {
    }

    public static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        if (params == null) {
            return;
        }
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    public static List<Map<String, Object>> read(ResultSet rs, int limit) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] labels = new String[n];
        Class<?>[] types = new Class<?>[n];
        for (int i = 0; i < n; i++) {
            labels[i] = md.getColumnLabel(i + 1);
            types[i] = javaTimeType(md.getColumnTypeName(i + 1));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rows.size() < limit && rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                row.put(labels[i], types[i] == null ? rs.getObject(i + 1) : rs.getObject(i + 1, types[i]));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Class<?> javaTimeType(String typeName) {
        return switch (typeName) {
            case "timestamptz" -> OffsetDateTime.class;
            case "timestamp" -> LocalDateTime.class;
            case "date" -> LocalDate.class;
            case "time" -> LocalTime.class;
            case "timetz" -> OffsetTime.class;
            default -> null;
        };
    }
}
