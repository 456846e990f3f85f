package io.codecheck.ra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.codecheck.testkit.RepositoryFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The property table of {@code docs/configuration.md} is generated from the {@link Property} descriptors: this test
 * fails, naming the property, when a row differs from what the descriptor says (name, type, default, environment
 * variable, description). To regenerate the table after changing a descriptor:
 * {@code mvn -o -pl codecheck-ra -am test -Dtest=PropertyTableTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcodecheck.writeDocs=true}.
 */
class PropertyTableTest {
    static final String BEGIN = "<!-- property table: generated from io.codecheck.ra.config.Property by "
            + "PropertyTableTest (-Dcodecheck.writeDocs=true rewrites it); edit the descriptors, not this table -->";
    static final String END = "<!-- end of the generated property table -->";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z]+)` \\|");
    private static final Pattern DEFAULT = Pattern.compile("^(.*?)\\s*Default: (.*)\\.$", Pattern.DOTALL);

    /** The generated block, markers included. */
    static String table() {
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        for (Property.Group group : Property.Group.values()) {
            sb.append('\n').append("**").append(group.title()).append("**\n\n");
            sb.append("| property | type | default | environment variable | meaning |\n");
            sb.append("|---|---|---|---|---|\n");
            for (Property p : Property.values()) {
                if (p.group() == group) {
                    sb.append(row(p)).append('\n');
                }
            }
        }
        return sb.append('\n').append(END).toString();
    }

    static String row(Property p) {
        String type = p.type().getSimpleName() + (p.kind().unit().isEmpty() ? "" : " (" + p.kind().unit() + ")");
        String env = p.envVar() == null ? "–" : "`" + p.envVar() + "`";
        return "| `" + p.property() + "` | " + type + " | " + defaultCell(p) + " | " + env + " | "
                + escape(meaning(p)) + " |";
    }

    /** The description without its last sentence, {@code Default: ...}. */
    static String meaning(Property p) {
        Matcher m = DEFAULT.matcher(p.description());
        return m.matches() ? m.group(1) : p.description();
    }

    /** The text of the description's {@code Default: ...} sentence, or null. */
    static String defaultText(Property p) {
        Matcher m = DEFAULT.matcher(p.description());
        return m.matches() ? m.group(2) : null;
    }

    private static String defaultCell(Property p) {
        String text = defaultText(p);
        if (text == null) {
            return "–";
        }
        String fixed = p.defaultValue() == null ? null : p.defaultValue().toString();
        return fixed != null && text.startsWith(fixed)
                ? "`" + fixed + "`" + escape(text.substring(fixed.length())) : escape(text);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "\\<");
    }

    @Test
    void theDocumentationTableIsTheDescriptorsTable() throws IOException {
        Path page = configurationPage();
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/configuration.md lacks the markers " + BEGIN + " ... " + END);
        String current = text.substring(begin, end + END.length());
        String wanted = table();
        if (current.equals(wanted)) {
            return;
        }
        if (Boolean.getBoolean("codecheck.writeDocs")) {
            Files.writeString(page, text.substring(0, begin) + wanted + text.substring(end + END.length()),
                    StandardCharsets.UTF_8);
            return;
        }
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : current.split("\n", -1)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), line);
            }
        }
        for (Property p : Property.values()) {
            String row = rows.remove(p.property());
            assertNotNull(row, "docs/configuration.md has no row for " + p.property() + " (Property." + p.name()
                    + "); regenerate with -Dcodecheck.writeDocs=true");
            assertEquals(row(p), row, "the row of " + p.property() + " in docs/configuration.md differs from Property."
                    + p.name() + " (name, type, default, environment variable, description); regenerate with "
                    + "-Dcodecheck.writeDocs=true");
        }
        assertTrue(rows.isEmpty(), "docs/configuration.md documents properties that do not exist: " + rows.keySet());
        fail("the property table of docs/configuration.md differs from the descriptors outside the rows (headings, "
                + "order); regenerate with -Dcodecheck.writeDocs=true");
    }

    @Test
    void everyEnvironmentVariableIsInTheFallbackSection() throws IOException {
        String text = Files.readString(configurationPage(), StandardCharsets.UTF_8);
        int from = text.indexOf("## Environment fallback");
        assertTrue(from >= 0, "docs/configuration.md has no section 'Environment fallback'");
        int to = text.indexOf("\n## ", from + 1);
        String section = text.substring(from, to < 0 ? text.length() : to);
        for (Property p : Property.values()) {
            if (p.envVar() != null) {
                assertTrue(section.contains("`" + p.envVar() + "`"), p.envVar() + " (" + p.property()
                        + ") is not in the environment fallback section of docs/configuration.md");
            }
        }
    }

    @Test
    void descriptorsAreConsistent() {
        for (Property p : Property.values()) {
            String name = p.property();
            assertFalse(p.description().isBlank(), name);
            if (p.defaultValue() != null) {
                assertEquals(p.type(), p.defaultValue().getClass(), name + ": type of the default");
                String text = defaultText(p);
                assertNotNull(text, name + ": a fixed default that the description does not state");
                assertTrue(text.startsWith(p.defaultValue().toString()),
                        name + ": the description says 'Default: " + text + "', the descriptor " + p.defaultValue());
            }
            if (p.kind() == Property.Kind.CHOICE) {
                assertNotNull(p.allowedValues(), name + ": a choice without allowed values");
                for (String value : p.allowedValues().split(", ")) {
                    assertTrue(p.description().contains(value), name + ": the description does not list " + value);
                }
            } else {
                assertNull(p.allowedValues(), name + ": allowed values on a property that is not a choice");
            }
        }
    }

    private static Path configurationPage() {
        return RepositoryFiles.path("docs/configuration.md");
    }
}
