package io.codecheck.jdbc.generator;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.sql.SQLType;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parameter names for generated methods. The JDK's {@code java.sql} classes are compiled without parameter names,
 * so they are made up from JDBC's conventions: {@code columnIndex}/{@code columnLabel} and
 * {@code parameterIndex}/{@code parameterName} first, {@code x} for the value set or updated, a setter's property
 * name, then names by type; {@code argN} when nothing fits.
 */
final class Parameters {

    /** Names by type, for any position. */
    private static final Map<Class<?>, String> BY_TYPE = Map.ofEntries(
            Map.entry(Calendar.class, "cal"),
            Map.entry(Map.class, "map"),
            Map.entry(Class.class, "type"),
            Map.entry(SQLType.class, "sqlType"),
            Map.entry(java.sql.Savepoint.class, "savepoint"),
            Map.entry(java.util.concurrent.Executor.class, "executor"),
            Map.entry(java.sql.ShardingKey.class, "shardingKey"),
            Map.entry(int[].class, "columnIndexes"),
            Map.entry(String[].class, "columnNames"),
            Map.entry(Object[].class, "elements"),
            Map.entry(java.util.Properties.class, "properties"));

    /** Names no rule gives, by {@code method:position} or {@code method:type} (the type first). */
    private static final Map<String, String> BY_METHOD = Map.ofEntries(
            Map.entry("getMoreResults:0", "current"),
            Map.entry("isValid:0", "timeout"),
            Map.entry("setNetworkTimeout:1", "milliseconds"),
            Map.entry("setShardingKeyIfValid:int", "timeout"),
            Map.entry("setShardingKeyIfValid:1", "superShardingKey"),
            Map.entry("setShardingKey:1", "superShardingKey"),
            Map.entry("enquoteIdentifier:0", "identifier"),
            Map.entry("enquoteIdentifier:1", "alwaysQuote"),
            Map.entry("isSimpleIdentifier:0", "identifier"),
            Map.entry("enquoteLiteral:0", "val"),
            Map.entry("enquoteNCharLiteral:0", "val"),
            Map.entry("nativeSQL:0", "sql"),
            Map.entry("getClientInfo:0", "name"),
            Map.entry("createArrayOf:0", "typeName"),
            Map.entry("createStruct:0", "typeName"),
            Map.entry("createStruct:1", "attributes"),
            Map.entry("setSavepoint:0", "name"),
            Map.entry("getBigDecimal:1", "scale"),
            Map.entry("setNull:1", "sqlType"),
            Map.entry("setNull:2", "typeName"),
            Map.entry("registerOutParameter:1", "sqlType"),
            Map.entry("getArray:0", "index"),
            Map.entry("getArray:1", "count"),
            Map.entry("getResultSet:0", "index"),
            Map.entry("getResultSet:1", "count"));

    private Parameters() {
    }

    static List<String> names(Delegation d, Method m) {
        Class<?>[] types = m.getParameterTypes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String name = name(d, m, i);
            String unique = name;
            for (int n = 2; names.contains(unique); n++) {
                unique = name + n;
            }
            names.add(unique);
        }
        return names;
    }

    private static String name(Delegation d, Method m, int i) {
        Class<?>[] types = m.getParameterTypes();
        Class<?> type = types[i];
        String method = m.getName();
        boolean accessor = d.parameters() != null && (method.startsWith("get") || method.startsWith("set")
                || method.startsWith("update") || method.startsWith("register") || method.equals("findColumn"))
                && !method.startsWith("setFetch");
        if (i == 0 && accessor && type == int.class) {
            return d.parameters().index();
        }
        if (i == 0 && accessor && type == String.class) {
            return d.parameters().label();
        }
        String known = BY_METHOD.getOrDefault(method + ":" + type.getSimpleName(), BY_METHOD.get(method + ":" + i));
        if (known != null) {
            return known;
        }
        if (i == 1 && accessor && (method.startsWith("set") || method.startsWith("update"))) {
            return "x";
        }
        if (i == 0 && types.length == 1 && method.startsWith("set") && method.length() > 3) {
            return decapitalize(method.substring(3));
        }
        if ((type == int.class || type == long.class) && i > 0
                && (types[i - 1] == InputStream.class || types[i - 1] == Reader.class)) {
            return "length";
        }
        if (type == int.class && i > 0 && types[i - 1] == Object.class) {
            return method.startsWith("update") ? "scaleOrLength" : "targetSqlType";
        }
        if (type == int.class && i > 0 && types[i - 1] == SQLType.class) {
            return "scaleOrLength";
        }
        if (type == int.class && i == 3 && method.equals("setObject")) {
            return "scale";
        }
        if (type == int.class && i == 2 && method.equals("registerOutParameter")) {
            return "scale";
        }
        if (type == String.class && i == 2 && method.equals("registerOutParameter")) {
            return "typeName";
        }
        String byType = BY_TYPE.get(type);
        if (byType != null) {
            return byType;
        }
        if (!type.isPrimitive() && !type.isArray()) {
            return decapitalize(type.getSimpleName());
        }
        return "arg" + i;
    }

    /** {@code RowId} → {@code rowId}, {@code SQLXML} → {@code sqlxml}, {@code NClob} → {@code nClob}. */
    private static String decapitalize(String name) {
        int upper = 0;
        while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
            upper++;
        }
        if (upper == name.length()) {
            return name.toLowerCase(Locale.ROOT);
        }
        int lower = Math.max(1, upper - 1);
        return name.substring(0, lower).toLowerCase(Locale.ROOT) + name.substring(lower);
    }
}
