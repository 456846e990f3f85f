package io.codecheck.ra.config;

import java.util.Map;

/** Builds the {@link Layer}s of each source, highest precedence first. */
final class Layers {

    static final String DATABASE_URL = "DATABASE_URL";
    static final String URL_PROPERTY = "url";

    private Layers() {
    }

    /** The individually set resource properties, including {@code driverProperties}. */
    static Layer resourceProperties(PropertyValues v) {
        Layer layer = new Layer(Source.RESOURCE_PROPERTY);
        for (Property property : Property.values()) {
            Object value = v.get(property);
            if (property.layered() && value != null) {
                layer.put(property, value.toString(), property.property(), property.property());
            }
        }
        String driverProperties = v.text(Property.DRIVER_PROPERTIES);
        for (Map.Entry<String, String> e : DriverPropertiesParser.parse(driverProperties).entrySet()) {
            String origin = DriverPropertiesParser.PROPERTY + " entry '" + e.getKey() + "'";
            layer.putDriverProperty(e.getKey(), e.getValue(), DriverPropertiesParser.PROPERTY, origin);
        }
        return layer;
    }

    /** The {@code url} resource property, or null when it is not set. */
    static Layer urlProperty(PropertyValues v) {
        String url = v.text(Property.URL);
        return isSet(url) ? PostgresUrl.parse(url, URL_PROPERTY, Source.URL_PROPERTY) : null;
    }

    /** {@code DATABASE_URL}, or null when it is not set. */
    static Layer databaseUrl(Environment env) {
        String url = env.get(DATABASE_URL);
        return isSet(url) ? PostgresUrl.parse(url, DATABASE_URL, Source.DATABASE_URL) : null;
    }

    /** The seed's {@code DB_*} variables ({@code DB_TIMEOUT} sets both connect and login timeout). */
    static Layer environment(Environment env) {
        Layer layer = new Layer(Source.ENVIRONMENT);
        for (Property field : Property.values()) {
            String name = field.envVar();
            if (name != null && field.layered()) {
                layer.put(field, env.get(name), name, name);
            }
        }
        return layer;
    }

    private static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }
}
