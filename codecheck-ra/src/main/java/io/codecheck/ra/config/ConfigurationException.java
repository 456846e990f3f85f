package io.codecheck.ra.config;

/**
 * A configuration value is missing, malformed or inconsistent.
 *
 * <p>The message names the property as the user wrote it ({@code sslMode}, {@code url}, {@code DB_SSLMODE},
 * {@code DATABASE_URL}) and what would be accepted. Messages never contain a password: values of secret
 * properties are never quoted, URLs are shown masked, and {@link ConnectionSettings#resolve} additionally
 * scrubs every configured secret from the text. The scrub only knows passwords the URL parser could isolate, so
 * messages about a URL never quote its user info, its host list (problems there are named by position: "the port
 * of host 2"), or anything that follows a password-like parameter; a URL whose user info cannot be told apart from
 * its host list is rejected with a hint to percent-encode the password.
 */
public class ConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;

    public ConfigurationException(String property, String message) {
        super(message);
        this.property = property;
    }

    /** The property or environment variable the bad value came from, e.g. {@code sslMode} or {@code DB_PORT}. */
    public String property() {
        return property;
    }
}
