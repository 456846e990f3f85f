package io.codecheck.ra.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The managed connection factory's JavaBean properties as the resource definition set them, one value per
 * {@link Property}; {@code null} means "not set here" (the environment or a default decides). Units: seconds for
 * connect/login/socket timeouts, milliseconds for everything else. Immutable; equal when all values are.
 *
 * <p>{@link #toString()} masks the secrets ({@code password}, {@code sslPassword}), a password inside {@code url} and
 * password-like entries of {@code driverProperties}.
 */
public final class PropertyValues {
    private static final PropertyValues EMPTY = new PropertyValues(new EnumMap<>(Property.class));

    /** The set values only: no null values. */
    private final EnumMap<Property, Object> values;

    private PropertyValues(EnumMap<Property, Object> values) {
        this.values = values;
    }

    /** Nothing set: every value comes from the environment or the defaults. */
    public static PropertyValues empty() {
        return EMPTY;
    }

    /**
     * The given values; properties not in the map are unset.
     *
     * @throws IllegalArgumentException when a value is not of its property's {@link Property#type()}
     */
    public static PropertyValues of(Map<Property, ?> given) {
        EnumMap<Property, Object> values = new EnumMap<>(Property.class);
        given.forEach((property, value) -> {
            if (value != null) {
                if (!property.type().isInstance(value)) {
                    throw new IllegalArgumentException(property.property() + " takes a "
                            + property.type().getSimpleName() + ", not a " + value.getClass().getSimpleName());
                }
                values.put(property, value);
            }
        });
        return new PropertyValues(values);
    }

    /** The value as set (a {@link Property#type()}), or null. */
    public Object get(Property property) {
        return values.get(property);
    }

    /** The value as text, or null when unset. */
    public String text(Property property) {
        Object value = values.get(property);
        return value == null ? null : value.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PropertyValues other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ", "PropertyValues[", "]");
        for (Property p : Property.values()) {
            Object value = values.get(p);
            String shown = value == null ? null
                    : p.secret() ? UrlMasker.MASK
                    : p == Property.URL ? UrlMasker.mask((String) value)
                    : p == Property.DRIVER_PROPERTIES ? DriverPropertiesParser.mask((String) value)
                    : value.toString();
            s.add(p.property() + "=" + Objects.toString(shown));
        }
        return s.toString();
    }
}
