package io.codecheck.ra.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random passwords for the property tests of {@link SecretsNeverLeakTest}: URL delimiters, '%', spaces and
 * non-ASCII mixed with letters that no message, host or user name in the tests contains, so that a leaked piece
 * cannot be confused with the message's own words.
 */
final class GeneratedPasswords {

    static final long SEED = 20261202L;
    static final int CASES = 2000;

    private static final String[] ALPHABET = {
        "Q", "X", "Z", "J", "K", "W", "q", "x", "z", "j", "k", "w", "7", "8", "9",
        "/", "?", "#", "@", "%", "&", ":", "=", ";", " ", "é", "€", "😀",
    };

    private GeneratedPasswords() {
    }

    static List<String> generate() {
        Random random = new Random(SEED);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            int length = 3 + random.nextInt(14);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < length; j++) {
                sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            out.add(sb.toString());
        }
        return out;
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

    /**
     * The leaked piece of {@code secret} in {@code text}, or null: the whole secret, or any substring of at least 3
     * characters that has a letter, digit or non-ASCII character (pure punctuation such as "://" is URL syntax).
     */
    static String leak(String secret, String text) {
        if (text == null) {
            return null;
        }
        if (text.contains(secret)) {
            return secret;
        }
        for (int i = 0; i < secret.length(); i++) {
            for (int j = i + 3; j <= secret.length(); j++) {
                String piece = secret.substring(i, j);
                if (piece.chars().anyMatch(c -> Character.isLetterOrDigit(c) || c > 127) && text.contains(piece)) {
                    return piece;
                }
            }
        }
        return null;
    }

    /** The leak in an exception's message, toString and every cause's message. */
    static String leak(String secret, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String found = leak(secret, t.getMessage());
            if (found == null) {
                found = leak(secret, t.toString());
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
