package io.codecheck.ra.config;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a connection URL into a {@link Layer}. Two dialects:
 * <ul>
 * <li>libpq / Heroku: {@code postgresql://user:password@host:port,host2:port2/database?sslmode=require}
 * ({@code postgres://} too). User, password, database and parameters are percent-decoded as libpq does
 * ({@code +} stays {@code +}).</li>
 * <li>pgjdbc: {@code jdbc:postgresql://host:port,host2/database?user=u&password=p&sslmode=require} (also
 * {@code jdbc:postgresql:database}). Decoded as pgjdbc does (URL form decoding: {@code +} is a space). pgjdbc
 * has no user-info part, so credentials go in parameters.</li>
 * </ul>
 * Both dialects accept both parameter vocabularies (see {@link QueryParameters}).
 *
 * <p>The URL's structure is checked as soon as it is read, even where every field it carries is overridden:
 * a URL that does not parse is a mistake whichever value would have won.
 */
final class PostgresUrl {

    static final String EXPECTED_FORMS = "expected postgresql://user:password@host:port/database?param=value"
            + " (postgres:// and multiple hosts h1:p1,h2:p2 work too) or"
            + " jdbc:postgresql://host:port/database?user=name&param=value";

    static final String AMBIGUOUS_USER_INFO = "an '@' follows a '/' or '?' after '//', so the user name and password"
            + " cannot be told apart from the host list: the password likely contains an unencoded '/', '?', '#' or"
            + " '@' and must be percent-encoded (%2F, %3F, %23, %40); an '@' in the database name or in a parameter"
            + " value must be written %40 too";

    static final String JDBC_AT_IN_QUERY = "the parameters are not valid; they are not quoted because the '@' among"
            + " them may end a user:password@ written before the host, with an unencoded '/' or '?' in the password."
            + " jdbc:postgresql URLs take credentials as ?user=...&password=... parameters, percent-encoded"
            + " ('@' as %40, '&' as %26)";

    static final String AMPERSAND_HINT = "A password that contains '&', '%' or '+' must be percent-encoded"
            + " (%26, %25, %2B)";

    private enum Dialect { LIBPQ, JDBC }

    private final String text;
    private final String property;
    private final Source source;

    private PostgresUrl(String text, String property, Source source) {
        this.text = text;
        this.property = property;
        this.source = source;
    }

    /**
     * @param property {@code url} or {@code DATABASE_URL}, used in messages
     */
    static Layer parse(String text, String property, Source source) {
        return new PostgresUrl(text, property, source).parse();
    }

    private Layer parse() {
        String url = text.trim();
        String lower = url.toLowerCase(Locale.ROOT);
        Dialect dialect;
        String rest;
        if (lower.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.JDBC;
            rest = url.substring("jdbc:postgresql:".length());
        } else if (lower.startsWith("postgresql://")) {
            dialect = Dialect.LIBPQ;
            rest = url.substring("postgresql:".length());
        } else if (lower.startsWith("postgres://")) {
            dialect = Dialect.LIBPQ;
            rest = url.substring("postgres:".length());
        } else {
            throw malformed("unknown scheme");
        }
        Layer layer = new Layer(source);
        String path;
        String query = null;
        if (rest.startsWith("//")) {
            // the authority ends at the first '/' or '?'; '#' has no special meaning here, as in pgjdbc
            String afterSlashes = rest.substring(2);
            int end = indexOfAny(afterSlashes, "/?", 0);
            String authority = end < 0 ? afterSlashes : afterSlashes.substring(0, end);
            String after = end < 0 ? "" : afterSlashes.substring(end);
            int q = after.indexOf('?');
            String pathPart = q < 0 ? after : after.substring(0, q);
            query = q < 0 ? null : after.substring(q + 1);
            if (dialect == Dialect.LIBPQ && after.indexOf('@') >= 0) {
                throw malformed(AMBIGUOUS_USER_INFO);
            }
            if (dialect == Dialect.JDBC && (authority.indexOf('@') >= 0 || pathPart.indexOf('@') >= 0)) {
                throw malformed("jdbc:postgresql URLs take credentials as ?user=...&password=... parameters,"
                        + " not before the host (an '@' in the database name must be written %40)");
            }
            readAuthority(authority, dialect, layer);
            path = pathPart.isEmpty() ? "" : pathPart.substring(1);
        } else if (dialect == Dialect.JDBC && !rest.startsWith("/") && !beforeQuery(rest).contains("/")
                && !beforeQuery(rest).contains("@")) {
            path = beforeQuery(rest); // jdbc:postgresql:database
            query = path.length() < rest.length() ? rest.substring(path.length() + 1) : null;
        } else {
            throw malformed("expected '//' after the scheme");
        }
        if (path.contains("/")) {
            throw malformed("the database name may not contain an unencoded '/'");
        }
        layer.put(Property.DATABASE_NAME, decode(path, dialect, "database name"), property,
                property + " database name");
        if (query != null) {
            // jdbc: an '@' in the query may be the end of user:password@ whose password has an unencoded '/' or '?'
            boolean quiet = dialect == Dialect.JDBC && query.indexOf('@') >= 0;
            Query parsed;
            try {
                parsed = readQuery(query, dialect);
            } catch (ConfigurationException e) {
                throw quiet ? malformed(JDBC_AT_IN_QUERY) : e;
            }
            try {
                QueryParameters.apply(parsed.params(), layer, property);
            } catch (ConfigurationException e) {
                if (quiet) {
                    throw malformed(JDBC_AT_IN_QUERY);
                }
                if (parsed.afterSecret() == null) {
                    throw e;
                }
                // the failing value may be the second half of a password with an unencoded '&': never quote it
                throw malformed("a query parameter is not valid; it is not quoted because it follows the"
                        + " password-like parameter '" + parsed.afterSecret() + "'. " + AMPERSAND_HINT);
            }
            // values checked later (sslmode, timeouts, ...) must not be quoted either
            layer.hideValuesFrom(parsed.hidden());
        }
        return layer;
    }

    private static String beforeQuery(String s) {
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private void readAuthority(String authority, Dialect dialect, Layer layer) {
        String hosts = authority;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hosts = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            layer.put(Property.USER, decode(user, dialect, "user name"), property, property + " user name");
            if (colon >= 0) {
                layer.put(Property.PASSWORD, decode(userInfo.substring(colon + 1), dialect, "password"), property,
                        property + " password");
            }
        }
        if (hosts.isEmpty()) {
            return;
        }
        // marked secret so that HostList describes problems by position instead of quoting the text
        Raw raw = Raw.of(hosts, source, property, property + " host list", true);
        List<HostSpec> parsed;
        try {
            parsed = HostList.parse(raw);
        } catch (ConfigurationException e) {
            String prefix = raw.origin() + ": " + raw.shown() + " is not valid; ";
            String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : "";
            throw malformed("the host list" + (at >= 0 ? " after '@'" : "") + " is not valid: " + reason);
        }
        layer.put(Property.SERVER_NAME, hosts, property, raw.origin());
        // a single host:port also stands for "the port", so that a serverName given elsewhere keeps it
        if (parsed.size() == 1 && parsed.get(0).port() != null) {
            layer.put(Property.PORT_NUMBER, String.valueOf(parsed.get(0).port()), property, property + " port");
        }
    }

    /**
     * @param afterSecret the name of a password-like parameter that other parameters follow, or null
     * @param hidden      the names of the parameters that follow it
     */
    private record Query(Map<String, String> params, String afterSecret, Set<String> hidden) {
    }

    private Query readQuery(String query, Dialect dialect) {
        Map<String, String> params = new LinkedHashMap<>();
        String secret = null;
        String afterSecret = null;
        Set<String> hidden = new HashSet<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty() && secret == null) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (secret != null) {
                // an empty piece ("&&", a trailing '&') after a password is an '&' in the password as often as not
                // may be the rest of a password that contains an unencoded '&': accept only name=value with an
                // accepted name, and never quote it
                afterSecret = secret;
                String name = eq <= 0 ? null : decodeQuietly(pair.substring(0, eq), dialect);
                if (name == null || !QueryParameters.isAccepted(name)
                        || decodeQuietly(pair.substring(eq + 1), dialect) == null) {
                    throw malformed("the text after the password-like parameter '" + secret + "' is not a list of"
                            + " known name=value parameters; it is not quoted. " + AMPERSAND_HINT);
                }
            } else if (eq <= 0) {
                throw malformed("query parameter " + (eq == 0 ? "without a name" : "'" + pair + "' has no '=value'"));
            }
            String name = decode(pair.substring(0, eq), dialect, "parameter name");
            params.put(name, decode(pair.substring(eq + 1), dialect, "value of parameter '" + name + "'"));
            if (secret != null) {
                hidden.add(property + " parameter '" + name + "'");
            }
            if (QueryParameters.isSecret(name)) {
                secret = name;
            }
        }
        return new Query(params, afterSecret, hidden);
    }

    private static String decodeQuietly(String s, Dialect dialect) {
        try {
            return dialect == Dialect.JDBC ? URLDecoder.decode(s, StandardCharsets.UTF_8) : percentDecode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String decode(String s, Dialect dialect, String what) {
        try {
            return dialect == Dialect.JDBC ? URLDecoder.decode(s, StandardCharsets.UTF_8) : percentDecode(s);
        } catch (IllegalArgumentException e) {
            throw malformed("bad percent-encoding in the " + what);
        }
    }

    /** RFC 3986 decoding as libpq does it: only %XX, '+' is literal. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                if (i + 2 >= bytes.length) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private ConfigurationException malformed(String reason) {
        return new ConfigurationException(property, property + ": '" + UrlMasker.mask(text)
                + "' is not a valid PostgreSQL URL (" + reason + "); " + EXPECTED_FORMS);
    }
}
