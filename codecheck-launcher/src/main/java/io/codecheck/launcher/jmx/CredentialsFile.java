package io.codecheck.launcher.jmx;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The remote JMX logins: a properties file, one {@code user=password} line per {@link JmxRole}. The launcher writes
 * it (mode 0600) and the agent reads it.
 */
public final class CredentialsFile {

    private CredentialsFile() {
    }

    /** The password of every role; fails naming the file and the missing user, never a password. */
    public static Map<JmxRole, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<JmxRole, String> passwords = new EnumMap<>(JmxRole.class);
        for (JmxRole role : JmxRole.values()) {
            String password = properties.getProperty(role.user());
            if (password == null || password.isBlank()) {
                throw new IOException("the JMX credentials file " + file + " has no password for '" + role.user()
                        + "'");
            }
            passwords.put(role, password.trim());
        }
        return passwords;
    }

    /** The file's text for these passwords (which must not need escaping: the launcher generates letters and digits). */
    public static String format(Map<JmxRole, String> passwords) {
        StringBuilder text = new StringBuilder("# Remote JMX logins of the codecheck sample (generated at first start)."
                + "\n# monitor: read-only. operator: may also invoke the pool operations (io.codecheck:type=ConnectionPool).\n");
        passwords.forEach((role, password) -> text.append(role.user()).append('=').append(password).append('\n'));
        return text.toString();
    }
}
