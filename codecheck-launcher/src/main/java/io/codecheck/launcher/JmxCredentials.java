package io.codecheck.launcher;

import io.codecheck.launcher.jmx.CredentialsFile;
import io.codecheck.launcher.jmx.JmxRole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The remote JMX logins of the sample: {@code jmx-credentials} in the data directory, beside the database passwords,
 * generated at the first start and kept. {@link #toString()} names the file and the users only.
 */
final class JmxCredentials {

    static final String FILE_NAME = "jmx-credentials";

    private final Path file;
    private final Map<JmxRole, String> passwords;

    private JmxCredentials(Path file, Map<JmxRole, String> passwords) {
        this.file = file;
        this.passwords = passwords;
    }

    /** Reads the file in {@code dataDir}, or creates it with new passwords; refuses a file others may read. */
    static JmxCredentials ensure(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                SecretFiles.requireOwnerOnly(file);
                return new JmxCredentials(file, CredentialsFile.read(file));
            }
            SecretFiles.createPrivateDirectory(dataDir);
            Map<JmxRole, String> passwords = new EnumMap<>(JmxRole.class);
            for (JmxRole role : JmxRole.values()) {
                passwords.put(role, SecretFiles.newPassword());
            }
            SecretFiles.write(file, CredentialsFile.format(passwords));
            return new JmxCredentials(file, passwords);
        } catch (IOException e) {
            throw new LauncherException("Cannot read or create the JMX credentials file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** For the tests, which log in as each role. */
    String password(JmxRole role) {
        return passwords.get(role);
    }

    @Override
    public String toString() {
        return "JMX logins monitor, operator in " + file;
    }
}
