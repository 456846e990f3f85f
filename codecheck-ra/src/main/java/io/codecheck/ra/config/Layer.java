package io.codecheck.ra.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Everything one source (resource properties, a URL, the DB_* variables) says, still unparsed. */
final class Layer {

    private final Source source;
    private final Map<Property, Raw> values = new EnumMap<>(Property.class);
    /** pgjdbc properties we do not interpret (keyed by pgjdbc name), including {@code options}. */
    private final Map<String, Raw> driverProperties = new LinkedHashMap<>();

    Layer(Source source) {
        this.source = source;
    }

    Source source() {
        return source;
    }

    /** Sets the field unless {@code text} is null or empty (empty counts as unset everywhere). */
    void put(Property field, String text, String property, String origin) {
        if (text != null && !text.isEmpty()) {
            values.put(field, Raw.of(text, source, property, origin, field.secret()));
        }
    }

    /** Like {@link #put} but keeps a value that is already there: for libpq aliases that a specific name beats. */
    void putIfAbsent(Property field, String text, String property, String origin) {
        if (!values.containsKey(field)) {
            put(field, text, property, origin);
        }
    }

    void putDriverProperty(String name, String text, String property, String origin) {
        if (text != null && !text.isEmpty()) {
            driverProperties.put(name, Raw.of(text, source, property, origin, false));
        }
    }

    /**
     * Marks the values that came from these origins as secret, so that a later validation error does not quote them:
     * for URL parameters that follow a password, which may be the rest of a password with an unencoded '&'.
     */
    void hideValuesFrom(Set<String> origins) {
        values.replaceAll((f, r) -> origins.contains(r.origin()) ? hidden(r) : r);
        driverProperties.replaceAll((n, r) -> origins.contains(r.origin()) ? hidden(r) : r);
    }

    private static Raw hidden(Raw r) {
        return Raw.of(r.text(), r.source(), r.property(), r.origin(), true);
    }

    Raw get(Property field) {
        return values.get(field);
    }

    Map<String, Raw> driverProperties() {
        return Collections.unmodifiableMap(driverProperties);
    }

    @Override
    public String toString() {
        return "Layer[" + source + ", " + values.values() + ", " + driverProperties.values() + "]";
    }
}
