package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.codecheck.ra.config.PropertyValues;

import jakarta.resource.spi.ConfigProperty;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Until one descriptor drives every place a property lives (issue 12), the places are checked against each other: the
 * factory's {@code @ConfigProperty} fields, the settings' input record, the resolver's field list and the property
 * table of docs/configuration.md name the same properties. Adding one and forgetting a place fails here.
 */
class PropertyInventoryTest {
    /** A property row: a single back-quoted name, then its Java type. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z]+)` \\| (String|Integer|Boolean)\\b");

    @Test
    void everyPlaceNamesTheSameProperties() throws IOException {
        Set<String> annotated = Arrays.stream(PgManagedConnectionFactory.class.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(ConfigProperty.class)).map(Field::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> inputs = Arrays.stream(PropertyValues.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(configurationPage(), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                documented.add(m.group(1));
            }
        }
        assertEquals(annotated, inputs, "@ConfigProperty fields of the factory vs PropertyValues components");
        assertEquals(annotated, documented, "@ConfigProperty fields vs the property table of docs/configuration.md");
    }

    private static Path configurationPage() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/configuration.md"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "docs/configuration.md not found above " + Path.of("").toAbsolutePath());
        return dir.resolve("docs/configuration.md");
    }
}
