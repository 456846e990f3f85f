package io.codecheck.ra.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The password kept in a file ({@code passwordFile}, {@code DB_PASSWORD_FILE}): read whenever a session is opened, so
 * that a rotated secret is used without a redeploy. Only the path is ever shown.
 */
final class PasswordFile {
    private final Path path;

    PasswordFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /**
     * The password: the file's content (UTF-8) without one trailing newline, which editors and {@code echo} add and
     * Kubernetes secrets do not.
     *
     * @throws ConfigurationException naming the property and the file (never its content) when it cannot be read
     */
    String read() {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(Property.PASSWORD_FILE.property(), "passwordFile " + path
                    + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (content.endsWith("\r\n")) {
            content = content.substring(0, content.length() - 2);
        } else if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - 1);
        }
        if (content.isEmpty()) {
            throw new ConfigurationException(Property.PASSWORD_FILE.property(), "passwordFile " + path + " is empty");
        }
        return content;
    }
}
