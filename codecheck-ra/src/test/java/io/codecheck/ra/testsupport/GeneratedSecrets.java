package io.codecheck.ra.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random passwords for property tests of "no secret in any message": URL delimiters, '%', spaces and non-ASCII mixed
 * with letters that no message, host or user name in the tests contains, so that a leaked piece cannot be confused
 * with the message's own words; and the check for a leaked piece.
 */
public final class GeneratedSecrets {

    public static final long SEED = 20261202L;
    public static final int CASES = 2000;

    private static final String[] ALPHABET = {
        "Q", "X", "Z", "J", "K", "W", "q", "x", "z", "j", "k", "w", "7", "8", "9",
        "/", "?", "#", "@", "%", "&", ":", "=", ";", " ", "é", "€", "😀",
    };

    private GeneratedSecrets() {
    }

    public static List<String> generate() {
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

    /**
     * The leaked piece of {@code secret} in {@code text}, or null: the whole secret, or any substring of at least 3
     * characters with at least two letters, digits or non-ASCII characters (pieces like "://" or "=/w" are the
     * syntax of URLs and paths such as {@code sslRootCert=/work/...}, which every message may show).
     */
    public static String leak(String secret, String text) {
        if (text == null) {
            return null;
        }
        if (text.contains(secret)) {
            return secret;
        }
        for (int i = 0; i < secret.length(); i++) {
            for (int j = i + 3; j <= secret.length(); j++) {
                String piece = secret.substring(i, j);
                if (piece.codePoints().filter(c -> Character.isLetterOrDigit(c) || c > 127).count() >= 2
                        && text.contains(piece)) {
                    return piece;
                }
            }
        }
        return null;
    }

    /** The leak in an exception's message, toString and every cause's message. */
    public static String leak(String secret, Throwable e) {
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
