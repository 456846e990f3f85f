package io.codecheck.ra.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides passwords in a connection URL that may not even parse. It errs on the side of hiding too much:
 * <ul>
 * <li>the value of a password-like query parameter ({@link QueryParameters#isSecret}) is hidden up to the next
 * {@code &name=} whose name is an accepted parameter name, or to the end of the URL: a password with an unencoded
 * {@code &} must not show its second half;</li>
 * <li>then anything between the first ':' after the scheme and the <em>last</em> '@' of the URL is hidden, so that a
 * password with an unencoded {@code /}, {@code ?}, {@code #} or {@code @} is hidden whole.</li>
 * </ul>
 */
final class UrlMasker {

    static final String MASK = "****";

    private static final String[] SCHEMES = {"jdbc:postgresql:", "postgresql:", "postgres:"};
    private static final Pattern SECRET_PARAM =
            Pattern.compile("(?i)(?:^|[?&;])[A-Za-z0-9_.-]*(?:password|secret|passphrase)[A-Za-z0-9_.-]*=");

    private UrlMasker() {
    }

    static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = maskParameters(url);
        int start = schemeLength(masked);
        while (start < masked.length() && masked.charAt(start) == '/') {
            start++;
        }
        int at = masked.lastIndexOf('@');
        if (at >= start) {
            int colon = masked.indexOf(':', start);
            if (colon >= 0 && colon < at) {
                masked = masked.substring(0, colon + 1) + MASK + masked.substring(at);
            }
        }
        return masked;
    }

    private static String maskParameters(String url) {
        Matcher m = SECRET_PARAM.matcher(url);
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < url.length() && m.find(pos)) {
            out.append(url, pos, m.end()).append(MASK);
            pos = nextAcceptedParameter(url, m.end());
        }
        return out.append(url.substring(Math.min(pos, url.length()))).toString();
    }

    /** Index of the next {@code &name=} with an accepted name at or after {@code from}, else the URL's length. */
    private static int nextAcceptedParameter(String url, int from) {
        int amp = url.indexOf('&', from);
        while (amp >= 0) {
            int next = url.indexOf('&', amp + 1);
            int eq = url.indexOf('=', amp + 1);
            if (eq > amp + 1 && (next < 0 || eq < next)) {
                String name = url.substring(amp + 1, eq);
                if (QueryParameters.isAccepted(name) || QueryParameters.isSecret(name)) {
                    return amp;
                }
            }
            amp = next;
        }
        return url.length();
    }

    private static int schemeLength(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (String scheme : SCHEMES) {
            if (lower.startsWith(scheme)) {
                return scheme.length();
            }
        }
        int sep = url.indexOf("://");
        return sep < 0 ? 0 : sep + 1;
    }
}
