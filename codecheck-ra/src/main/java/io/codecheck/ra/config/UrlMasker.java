package io.codecheck.ra.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hides passwords in a connection URL that may not even parse. It errs on the side of hiding too much: anything
 * between the first ':' after the scheme and the last '@' is treated as a password.
 */
final class UrlMasker {

    static final String MASK = "****";

    private static final String[] SCHEMES = {"jdbc:postgresql:", "postgresql:", "postgres:"};
    private static final Pattern SECRET_PARAM =
            Pattern.compile("(?i)((?:^|[?&;])[A-Za-z_]*password=)[^&;]*");

    private UrlMasker() {
    }

    static String mask(String url) {
        if (url == null) {
            return null;
        }
        int start = schemeLength(url);
        while (start < url.length() && url.charAt(start) == '/') {
            start++;
        }
        String masked = url;
        int at = url.lastIndexOf('@');
        if (at > start) {
            int colon = url.indexOf(':', start);
            if (colon >= 0 && colon < at) {
                masked = url.substring(0, colon + 1) + MASK + url.substring(at);
            }
        }
        return SECRET_PARAM.matcher(masked).replaceAll("$1" + MASK);
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
