package io.codecheck.ra.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds the query part of a pgjdbc URL (pgjdbc URL-decodes parameter values, so paths with spaces survive). */
final class JdbcUrls {

    private JdbcUrls() {
    }

    /** {@code ?k1=v1&k2=v2} in key order, or "" when there are no parameters. */
    static String query(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        return new TreeMap<>(parameters).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    static String query(Properties parameters) {
        return query(parameters.stringPropertyNames().stream()
                .collect(Collectors.toMap(k -> k, parameters::getProperty)));
    }
}
