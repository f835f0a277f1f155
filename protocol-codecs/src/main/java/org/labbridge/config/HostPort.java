package org.labbridge.config;

import java.net.InetSocketAddress;

/**
 * A {@code host:port} pair from configuration or the command line: {@code lab-pc:45454},
 * {@code [::1]:9000} for IPv6 literals, and {@code :9000} for 127.0.0.1.
 *
 * @param host host name or address literal (without brackets)
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    /** What {@link #fromYaml} takes, for error messages. */
    public static final String EXPECTED = "host:port";

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("expected: host:port (the host is empty)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("expected: host:port with a port in 1..65535, got " + port);
        }
    }

    /** Parses {@code host:port}, {@code [v6]:port} or {@code :port} (= 127.0.0.1). */
    public static HostPort parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("expected: host:port, got '" + text + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("expected: [address]:port for IPv6, got '" + text + "'");
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        try {
            return new HostPort(host, Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected: host:port with a numeric port, got '" + text + "'", e);
        }
    }

    /** Binds {@code host:port} from YAML. */
    public static HostPort fromYaml(Object node) {
        if (node instanceof String s) {
            return parse(s);
        }
        throw new IllegalArgumentException("expected: host:port");
    }

    /** A resolved socket address (the name is resolved now). */
    public InetSocketAddress resolve() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
