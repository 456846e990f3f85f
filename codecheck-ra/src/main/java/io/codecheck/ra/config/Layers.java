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

    /**
     * The URL in the variable {@code urlVariable} names, else in {@code DATABASE_URL}; null when neither is set.
     * Only one of them is a layer: a read-only resource's own URL without a password must not log in with the
     * password of DATABASE_URL's role.
     */
    static Layer databaseUrl(PropertyValues v, Environment env) {
        String variable = urlVariable(v);
        String url = env.get(variable);
        if (!isSet(url) && !variable.equals(DATABASE_URL)) {
            variable = DATABASE_URL;
            url = env.get(variable);
        }
        return isSet(url) ? PostgresUrl.parse(url, variable, Source.DATABASE_URL) : null;
    }

    /** {@code urlVariable}, checked to be a name a shell can set; DATABASE_URL when unset. */
    static String urlVariable(PropertyValues v) {
        String name = v.text(Property.URL_VARIABLE);
        if (name == null || name.isEmpty()) {
            return DATABASE_URL;
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            // the value is not quoted: a URL with its password put here by mistake would be
            throw new ConfigurationException(Property.URL_VARIABLE.property(), "the value is not an environment"
                    + " variable name (letters, digits and _, not starting with a digit), e.g. DATABASE_READONLY_URL;"
                    + " leave it unset for " + DATABASE_URL);
        }
        return name;
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
