package io.codecheck.ra.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps URL query parameters onto settings. Accepted, in either URL dialect:
 * <ul>
 * <li>libpq names: {@code user password dbname host port sslmode sslrootcert sslcert sslkey sslpassword
 * connect_timeout application_name target_session_attrs load_balance_hosts options};</li>
 * <li>pgjdbc names the adapter owns: {@code sslmode ssl targetServerType loadBalanceHosts ApplicationName
 * connectTimeout loginTimeout socketTimeout readOnly PGHOST PGPORT PGDBNAME};</li>
 * <li>any other pgjdbc property ({@code PGProperty.forName(name) != null}), passed to the driver unchanged;
 * {@code options} is passed through too, after the adapter's own session settings (see {@link SessionOptions}).</li>
 * </ul>
 * Anything else is rejected: a typo in a URL should not silently do nothing.
 */
final class QueryParameters {

    /** The names {@link #apply} handles itself; every other accepted name is a pgjdbc property. */
    private static final Set<String> OWN_NAMES = Set.of("user", "password", "dbname", "PGDBNAME", "host", "PGHOST",
            "port", "PGPORT", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "connectTimeout",
            "loginTimeout", "socketTimeout", "ApplicationName", "application_name", "targetServerType",
            "target_session_attrs", "loadBalanceHosts", "load_balance_hosts", "readOnly", "connect_timeout", "ssl");

    private QueryParameters() {
    }

    /** Whether {@link #apply} accepts a parameter of this name. */
    static boolean isAccepted(String name) {
        return OWN_NAMES.contains(name) || DriverPropertyNames.isKnown(name);
    }

    /**
     * Whether a parameter's value must never be shown: {@code password}, {@code sslpassword} and anything whose name
     * contains {@code password}, {@code secret} or {@code passphrase}, in any case.
     */
    static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("passphrase");
    }

    static void apply(Map<String, String> params, Layer layer, String property) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            String origin = property + " parameter '" + name + "'";
            switch (name) {
                case "user" -> layer.put(Property.USER, value, property, origin);
                case "password" -> layer.put(Property.PASSWORD, value, property, origin);
                case "dbname", "PGDBNAME" -> layer.put(Property.DATABASE_NAME, value, property, origin);
                case "host", "PGHOST" -> host(value, layer, property, origin);
                case "port", "PGPORT" -> port(value, layer, property, origin);
                case "sslmode" -> layer.put(Property.SSL_MODE, value, property, origin);
                case "sslrootcert" -> layer.put(Property.SSL_ROOT_CERT, value, property, origin);
                case "sslcert" -> layer.put(Property.SSL_CERT, value, property, origin);
                case "sslkey" -> layer.put(Property.SSL_KEY, value, property, origin);
                case "sslpassword" -> layer.put(Property.SSL_PASSWORD, value, property, origin);
                case "connectTimeout" -> layer.put(Property.CONNECT_TIMEOUT, value, property, origin);
                case "loginTimeout" -> layer.put(Property.LOGIN_TIMEOUT, value, property, origin);
                case "socketTimeout" -> layer.put(Property.SOCKET_TIMEOUT, value, property, origin);
                case "ApplicationName", "application_name" ->
                        layer.put(Property.APPLICATION_NAME, value, property, origin);
                case "targetServerType" -> layer.put(Property.TARGET_SERVER_TYPE, value, property, origin);
                case "target_session_attrs" -> targetSessionAttrs(value, layer, property, origin);
                case "loadBalanceHosts" -> layer.put(Property.LOAD_BALANCE_HOSTS, value, property, origin);
                case "load_balance_hosts" -> loadBalanceHosts(value, layer, property, origin);
                case "readOnly" -> layer.put(Property.READ_ONLY, value, property, origin);
                case "connect_timeout", "ssl" -> {
                    // aliases: handled below so that the specific name wins whatever the order
                }
                default -> passThrough(name, value, layer, property, origin);
            }
        }
        // libpq's connect_timeout bounds the whole connection attempt: pgjdbc needs both of its timeouts for that
        String connectTimeout = params.get("connect_timeout");
        String origin = property + " parameter 'connect_timeout'";
        layer.putIfAbsent(Property.CONNECT_TIMEOUT, connectTimeout, property, origin);
        layer.putIfAbsent(Property.LOGIN_TIMEOUT, connectTimeout, property, origin);
        // pgjdbc's ssl=true means verify-full (unlike libpq); ssl=false means no SSL
        String ssl = params.get("ssl");
        if (ssl != null && !ssl.isEmpty()) {
            String sslOrigin = property + " parameter 'ssl'";
            boolean on = Values.bool(Raw.of(ssl, layer.source(), property, sslOrigin, false));
            layer.putIfAbsent(Property.SSL_MODE, on ? "verify-full" : "disable", property, sslOrigin);
        }
    }

    private static void host(String value, Layer layer, String property, String origin) {
        if (value.isEmpty()) {
            return;
        }
        HostList.parse(Raw.of(value, layer.source(), property, origin, false));
        layer.put(Property.SERVER_NAME, value, property, origin);
    }

    private static void port(String value, Layer layer, String property, String origin) {
        if (value.contains(",")) {
            throw new ConfigurationException(property, origin + ": port lists are not supported; give each host"
                    + " its port in the host list (h1:5432,h2:5433)");
        }
        layer.put(Property.PORT_NUMBER, value, property, origin);
    }

    private static void targetSessionAttrs(String value, Layer layer, String property, String origin) {
        if (value.isEmpty()) {
            return;
        }
        String pgjdbc = TargetServerTypes.fromLibpq(value);
        if (pgjdbc == null) {
            throw Raw.of(value, layer.source(), property, origin, false)
                    .invalid("allowed values are " + TargetServerTypes.ALLOWED_LIBPQ);
        }
        layer.putIfAbsent(Property.TARGET_SERVER_TYPE, pgjdbc, property, origin);
    }

    private static void loadBalanceHosts(String value, Layer layer, String property, String origin) {
        if (value.isEmpty()) {
            return;
        }
        String v = switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "random" -> "true";
            case "disable" -> "false";
            default -> throw Raw.of(value, layer.source(), property, origin, false)
                    .invalid("allowed values are disable, random");
        };
        layer.putIfAbsent(Property.LOAD_BALANCE_HOSTS, v, property, origin);
    }

    private static void passThrough(String name, String value, Layer layer, String property, String origin) {
        if (!DriverPropertyNames.isKnown(name)) {
            throw new ConfigurationException(property, property + ": unknown parameter '" + name + "'"
                    + DriverPropertyNames.suggestion(name)
                    + "; use libpq connection parameters (sslmode, connect_timeout, application_name,"
                    + " target_session_attrs, ...) or pgjdbc property names");
        }
        layer.putDriverProperty(name, value, property, origin);
    }
}
