package io.codecheck.ra.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the {@code driverProperties} resource property: {@code name=value;name2=value2} with pgjdbc property
 * names. Values cannot contain {@code ;}.
 */
final class DriverPropertiesParser {

    static final String PROPERTY = "driverProperties";
    static final String EXPECTED = "expected name=value pairs separated by ';', e.g. prepareThreshold=0;tcpKeepAlive=true";

    /**
     * A secret's value runs to the end of the text: values cannot hold ';', but a secret typed here may, and the
     * pieces after its ';' would otherwise print as if they were entries of their own.
     */
    private static final Pattern SECRET_VALUE =
            Pattern.compile("(?is)((?:^|;)\\s*[A-Za-z_]*password\\s*=).*");

    private DriverPropertiesParser() {
    }

    /** The entries as name → value, in the order given. */
    static Map<String, String> parse(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null) {
            return result;
        }
        String[] entries = text.split(";", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                // the entry itself is not quoted: it may be the tail of a secret that contained ';'
                throw new ConfigurationException(PROPERTY, PROPERTY + ": entry " + (i + 1)
                        + " is not name=value; " + EXPECTED);
            }
            String name = entry.substring(0, eq).trim();
            String value = entry.substring(eq + 1).trim();
            check(name);
            if (result.put(name, value) != null) {
                throw new ConfigurationException(PROPERTY, PROPERTY + ": '" + name + "' is given twice");
            }
        }
        return result;
    }

    private static void check(String name) {
        if (name.equals("password") || name.equals("sslpassword")) {
            String owner = DriverPropertyNames.managedBy(name);
            throw new ConfigurationException(PROPERTY, PROPERTY + ": '" + name + "' may not be set here; secrets"
                    + " belong in the " + owner + " property, which is never logged or displayed");
        }
        String owner = DriverPropertyNames.managedBy(name);
        if (owner != null) {
            throw new ConfigurationException(PROPERTY, PROPERTY + ": '" + name + "' is set by the adapter; use the "
                    + owner + " property instead");
        }
        if (!DriverPropertyNames.isKnown(name)) {
            throw new ConfigurationException(PROPERTY, PROPERTY + ": '" + name + "' is not a pgjdbc property"
                    + DriverPropertyNames.suggestion(name) + "; " + EXPECTED);
        }
    }

    /** The text with everything from the first value of anything called *password on replaced, for display. */
    static String mask(String text) {
        return text == null ? null : SECRET_VALUE.matcher(text).replaceAll("$1****");
    }
}
