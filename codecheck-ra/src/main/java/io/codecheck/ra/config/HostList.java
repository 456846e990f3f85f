package io.codecheck.ra.config;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code h1:p1,h2,[::1]:p3} as used by {@code serverName}, {@code DB_HOST} and URL authorities. */
final class HostList {

    static final String EXPECTED = "host, host:port or a comma-separated list of them (IPv6 in brackets: [::1]:5432)";

    private HostList() {
    }

    static List<HostSpec> parse(Raw raw) {
        List<HostSpec> hosts = new ArrayList<>();
        for (String entry : raw.text().split(",", -1)) {
            hosts.add(parseEntry(entry.trim(), raw));
        }
        return hosts;
    }

    private static HostSpec parseEntry(String entry, Raw raw) {
        if (entry.isEmpty()) {
            throw raw.invalid("empty host in the list; expected " + EXPECTED);
        }
        String host;
        String portText = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw raw.invalid("'" + entry + "' has no closing ']'; expected " + EXPECTED);
            }
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw raw.invalid("unexpected '" + rest + "' after '" + entry.substring(0, close + 1)
                            + "'; expected " + EXPECTED);
                }
                portText = rest.substring(1);
            }
            if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?")) {
                throw raw.invalid("'" + entry + "' is not an IPv6 address in brackets; expected " + EXPECTED);
            }
        } else {
            int colon = entry.indexOf(':');
            if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
                throw raw.invalid("'" + entry + "' looks like an IPv6 address; write it in brackets: ["
                        + entry + "] or [address]:port");
            }
            host = colon < 0 ? entry : entry.substring(0, colon);
            portText = colon < 0 ? null : entry.substring(colon + 1);
            if (host.startsWith("/")) {
                throw raw.invalid("Unix-domain sockets are not supported by pgjdbc; use a TCP host name");
            }
            if (host.isEmpty() || !host.matches("[A-Za-z0-9._-]+")) {
                throw raw.invalid("'" + host + "' is not a host name or IP address; expected " + EXPECTED);
            }
        }
        Integer port = portText == null ? null : parsePort(portText, raw);
        return new HostSpec(host, port);
    }

    static int parsePort(String text, Raw raw) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw raw.invalid("port '" + text + "' must be a number from 1 to 65535");
    }
}
