package io.codecheck.ra.config;

/**
 * One host of a (possibly multi-host) server list.
 *
 * @param host IPv6 literals without brackets
 * @param port {@code null} when the entry had no port of its own
 */
record HostSpec(String host, Integer port) {

    boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    HostSpec withPort(int newPort) {
        return new HostSpec(host, newPort);
    }

    /** {@code host:port}, IPv6 in brackets: the form used in JDBC URLs and shown to operators. */
    String display() {
        String h = isIpv6() ? "[" + host + "]" : host;
        return port == null ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return display();
    }
}
