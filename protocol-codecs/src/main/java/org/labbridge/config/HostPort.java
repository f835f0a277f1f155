package org.labbridge.config;

/**
 * A {@code host:port} pair from configuration or the command line ({@code [::1]:9000} for IPv6).
 *
 * @param host host name or address
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("expected: host:port (the host is empty)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("expected: host:port with a port in 1..65535");
        }
    }

    /** Parses {@code host:port}; a bare {@code :port} means 127.0.0.1. */
    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected: host:port, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        try {
            return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected: host:port, got '" + text + "'", e);
        }
    }

    /** Binds {@code host:port} from YAML. */
    public static HostPort fromYaml(Object node) {
        if (node instanceof String s) {
            return parse(s);
        }
        throw new IllegalArgumentException("expected: host:port");
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
