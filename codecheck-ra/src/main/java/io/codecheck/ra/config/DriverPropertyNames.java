package io.codecheck.ra.config;

import java.util.Locale;
import java.util.Map;

import org.postgresql.PGProperty;

/**
 * Which pgjdbc property names may be passed through untouched, and which ones the adapter sets itself from a
 * dedicated property (so that {@code describe()}, {@code operatorView()} and the libpq SSL mapping tell the truth).
 */
final class DriverPropertyNames {

    /** pgjdbc name → the adapter property that owns it. */
    private static final Map<String, String> MANAGED = Map.ofEntries(
            Map.entry("user", "user"),
            Map.entry("password", "password"),
            Map.entry("sslpassword", "sslPassword"),
            Map.entry("PGHOST", "serverName"),
            Map.entry("PGPORT", "portNumber"),
            Map.entry("PGDBNAME", "databaseName"),
            Map.entry("sslmode", "sslMode"),
            Map.entry("ssl", "sslMode"),
            Map.entry("sslrootcert", "sslRootCert"),
            Map.entry("sslcert", "sslCert"),
            Map.entry("sslkey", "sslKey"),
            Map.entry("connectTimeout", "connectTimeout"),
            Map.entry("loginTimeout", "loginTimeout"),
            Map.entry("socketTimeout", "socketTimeout"),
            Map.entry("ApplicationName", "applicationName"),
            Map.entry("targetServerType", "targetServerType"),
            Map.entry("loadBalanceHosts", "loadBalanceHosts"),
            Map.entry("readOnly", "readOnly"));

    private DriverPropertyNames() {
    }

    static boolean isKnown(String name) {
        return PGProperty.forName(name) != null;
    }

    /** The adapter property that sets {@code name}, or {@code null} if it may be passed through. */
    static String managedBy(String name) {
        return MANAGED.get(name);
    }

    /** " (did you mean 'ApplicationName'?)" when only the case is wrong: pgjdbc names are case-sensitive. */
    static String suggestion(String name) {
        for (PGProperty p : PGProperty.values()) {
            if (p.getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return " (did you mean '" + p.getName() + "'? pgjdbc property names are case-sensitive)";
            }
        }
        return "";
    }
}
