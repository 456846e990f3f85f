package io.codecheck.ra.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * libpq's {@code sslmode} values. The adapter gives them libpq's meaning even where pgjdbc's own interpretation
 * differs (see {@link SslSettings}).
 */
public enum SslMode {
    DISABLE("disable"),
    ALLOW("allow"),
    PREFER("prefer"),
    REQUIRE("require"),
    VERIFY_CA("verify-ca"),
    VERIFY_FULL("verify-full");

    private final String libpqName;

    SslMode(String libpqName) {
        this.libpqName = libpqName;
    }

    /** The spelling used by libpq and pgjdbc, e.g. {@code verify-full}. */
    public String libpqName() {
        return libpqName;
    }

    /** Whether the server certificate must chain to a trusted root. */
    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }

    /**
     * Parses the libpq spelling, case-insensitively; the enum constant names ({@code VERIFY_FULL}) are accepted too.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static SslMode fromString(String value) {
        if (value != null) {
            String normalized = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (SslMode mode : values()) {
                if (mode.libpqName.equals(normalized)) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an SSL mode; allowed values are " + allowedValues());
    }

    /** {@code disable, allow, prefer, require, verify-ca, verify-full} */
    public static String allowedValues() {
        return Arrays.stream(values()).map(SslMode::libpqName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return libpqName;
    }
}
