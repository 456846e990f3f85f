package io.codecheck.ra.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How the property tests of {@link SecretsNeverLeakTest} put a generated password
 * ({@link io.codecheck.ra.testsupport.GeneratedSecrets}) into a URL, and what the URL then spells.
 */
final class PasswordEncodings {

    private PasswordEncodings() {
    }

    /** RFC 3986: everything but unreserved characters, UTF-8. */
    static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** What a libpq URL spells when the text is put in unencoded, or null when it is not valid percent-encoding. */
    static String libpqDecoded(String s) {
        try {
            return PostgresUrl.percentDecode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String formDecoded(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
