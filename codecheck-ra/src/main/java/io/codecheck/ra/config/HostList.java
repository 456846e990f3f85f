package io.codecheck.ra.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code h1:p1,h2,[::1]:p3} as used by {@code serverName}, {@code DB_HOST} and URL authorities.
 *
 * <p>When the {@link Raw} is marked secret (a URL authority, which an unencoded password may have run into), messages
 * never quote the text: they say which host of the list is wrong and how ("the port of host 2 must be a number").
 */
final class HostList {

    static final String EXPECTED = "host, host:port or a comma-separated list of them (IPv6 in brackets: [::1]:5432)";

    private HostList() {
    }

    static List<HostSpec> parse(Raw raw) {
        List<HostSpec> hosts = new ArrayList<>();
        int index = 0;
        for (String entry : raw.text().split(",", -1)) {
            hosts.add(parseEntry(entry.trim(), ++index, raw));
        }
        return hosts;
    }

    private static HostSpec parseEntry(String entry, int index, Raw raw) {
        boolean quiet = raw.secret();
        if (entry.isEmpty()) {
            throw raw.invalid((quiet ? "host " + index + " is empty" : "empty host in the list")
                    + "; expected " + EXPECTED);
        }
        String host;
        String portText = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw raw.invalid(name(entry, index, quiet) + " has no closing ']'; expected " + EXPECTED);
            }
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw raw.invalid((quiet ? "host " + index + " has unexpected text after ']'"
                            : "unexpected '" + rest + "' after '" + entry.substring(0, close + 1) + "'")
                            + "; expected " + EXPECTED);
                }
                portText = rest.substring(1);
            }
            if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?")) {
                throw raw.invalid(name(entry, index, quiet) + " is not an IPv6 address in brackets; expected "
                        + EXPECTED);
            }
        } else {
            int colon = entry.indexOf(':');
            if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
                throw raw.invalid(quiet ? "host " + index + " has more than one ':'; write an IPv6 address in"
                        + " brackets: [address] or [address]:port"
                        : "'" + entry + "' looks like an IPv6 address; write it in brackets: [" + entry
                        + "] or [address]:port");
            }
            host = colon < 0 ? entry : entry.substring(0, colon);
            portText = colon < 0 ? null : entry.substring(colon + 1);
            if (host.startsWith("/")) {
                throw raw.invalid("Unix-domain sockets are not supported by pgjdbc; use a TCP host name");
            }
            if (host.isEmpty() || !host.matches("[A-Za-z0-9._-]+")) {
                throw raw.invalid((quiet ? "host " + index : "'" + host + "'") + " is not a host name or IP address;"
                        + " expected " + EXPECTED);
            }
        }
        Integer port = portText == null ? null : parsePort(portText, raw, quiet ? "the port of host " + index : null);
        return new HostSpec(host, port);
    }

    private static String name(String entry, int index, boolean quiet) {
        return quiet ? "host " + index : "'" + entry + "'";
    }

    static int parsePort(String text, Raw raw) {
        return parsePort(text, raw, null);
    }

    /** @param label how to name the port instead of quoting it, or null to quote it */
    static int parsePort(String text, Raw raw, String label) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw raw.invalid((label != null ? label : "port '" + text + "'") + " must be a number from 1 to 65535");
    }
}
