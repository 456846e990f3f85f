package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.config.Property;

import jakarta.resource.spi.ConfigProperty;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The factory's {@code @ConfigProperty} fields and the {@link Property} descriptors are the same properties, with the
 * same type, text and confidentiality. (The documentation table is checked against the descriptors by
 * {@code PropertyTableTest}.)
 */
class PropertyInventoryTest {

    private static Map<String, Field> annotatedFields() {
        return Arrays.stream(PgManagedConnectionFactory.class.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(ConfigProperty.class))
                .collect(Collectors.toMap(Field::getName, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    @Test
    void everyConfigPropertyHasADescriptor() {
        for (String name : annotatedFields().keySet()) {
            assertTrue(Arrays.stream(Property.values()).anyMatch(p -> p.property().equals(name)),
                    "@ConfigProperty " + name + " of PgManagedConnectionFactory has no io.codecheck.ra.config.Property");
        }
    }

    @Test
    void everyDescriptorHasAConfigProperty() {
        Map<String, Field> fields = annotatedFields();
        for (Property p : Property.values()) {
            assertTrue(fields.containsKey(p.property()),
                    "Property." + p.name() + " has no @ConfigProperty field " + p.property() + " in the factory");
        }
    }

    @Test
    void annotationAndDescriptorAgree() {
        Map<String, Field> fields = annotatedFields();
        for (Property p : Property.values()) {
            Field f = fields.get(p.property());
            assertNotNull(f, p.property());
            ConfigProperty annotation = f.getAnnotation(ConfigProperty.class);
            assertEquals(p.description(), annotation.description()[0], p.property() + ": description");
            assertEquals(1, annotation.description().length, p.property() + ": one description");
            assertEquals(p.confidential(), annotation.confidential(), p.property() + ": confidential");
            assertEquals(p.type(), f.getType(), p.property() + ": type");
            // never serialized: the factory marks what the descriptor calls confidential as transient
            assertEquals(p.confidential(), Modifier.isTransient(f.getModifiers()), p.property() + ": transient");
        }
    }

    @Test
    void everyPropertyHasItsAccessors() throws ReflectiveOperationException {
        for (Property p : Property.values()) {
            String suffix = Character.toUpperCase(p.property().charAt(0)) + p.property().substring(1);
            assertEquals(p.type(), PgManagedConnectionFactory.class.getMethod("get" + suffix).getReturnType(),
                    p.property());
            assertNotNull(PgManagedConnectionFactory.class.getMethod("set" + suffix, p.type()), p.property());
        }
    }
}
