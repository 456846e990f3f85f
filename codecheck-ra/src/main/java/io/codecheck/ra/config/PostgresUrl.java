package io.codecheck.ra.config;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path;
        if (rest.startsWith("//")) {
            String afterSlashes = rest.substring(2);
            int slash = afterSlashes.indexOf('/');
            String authority = slash < 0 ? afterSlashes : afterSlashes.substring(0, slash);
            path = slash < 0 ? "" : afterSlashes.substring(slash + 1);
            readAuthority(authority, dialect, layer);
        } else if (dialect == Dialect.JDBC && !rest.contains("/") && !rest.contains("@")) {
            path = rest; // jdbc:postgresql:database
        } else {
            throw malformed("expected '//' after the scheme");
        }
        if (path.contains("/")) {
            throw malformed("the database name may not contain an unencoded '/'");
        }
        layer.put(Field.DATABASE_NAME, decode(path, dialect, "database name"), property,
                property + " database name");
        if (query != null) {
            QueryParameters.apply(readQuery(query, dialect), layer, property);
        }
        return layer;
    }

    private void readAuthority(String authority, Dialect dialect, Layer layer) {
        String hosts = authority;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            if (dialect == Dialect.JDBC) {
                throw malformed("jdbc:postgresql URLs take credentials as ?user=...&password=... parameters,"
                        + " not before the host");
            }
            String userInfo = authority.substring(0, at);
            hosts = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            layer.put(Field.USER, decode(user, dialect, "user name"), property, property + " user name");
            if (colon >= 0) {
                layer.put(Field.PASSWORD, decode(userInfo.substring(colon + 1), dialect, "password"), property,
                        property + " password");
            }
        }
        if (hosts.isEmpty()) {
            return;
        }
        Raw raw = Raw.of(hosts, source, property, property + " host list", false);
        List<HostSpec> parsed;
        try {
            parsed = HostList.parse(raw);
        } catch (ConfigurationException e) {
            String prefix = raw.origin() + ": ";
            String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : "";
            throw malformed("bad host list: " + reason);
        }
        layer.put(Field.SERVER_NAME, hosts, property, raw.origin());
        // a single host:port also stands for "the port", so that a serverName given elsewhere keeps it
        if (parsed.size() == 1 && parsed.get(0).port() != null) {
            layer.put(Field.PORT_NUMBER, String.valueOf(parsed.get(0).port()), property, property + " port");
        }
    }

    private Map<String, String> readQuery(String query, Dialect dialect) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw malformed("query parameter " + (eq == 0 ? "without a name" : "'" + pair + "' has no '=value'"));
            }
            String name = decode(pair.substring(0, eq), dialect, "parameter name");
            params.put(name, decode(pair.substring(eq + 1), dialect, "value of parameter '" + name + "'"));
        }
        return params;
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
