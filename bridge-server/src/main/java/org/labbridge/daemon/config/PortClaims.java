package org.labbridge.daemon.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Every address and port a configuration binds: the metrics socket, the HTTP endpoint and each node that
 * serves. Validation compares them, {@code check} warns about addresses this machine does not have, and
 * {@code check --bind-test} binds them.
 */
public final class PortClaims {

    /**
     * One bind.
     *
     * @param protocol {@code udp} or {@code tcp}
     * @param bind     the configured address ({@code ""} = every interface)
     * @param port     the port ({@code 0} = any free one)
     * @param owner    the configuration path of the section that binds, {@code nodes[2]} or {@code metrics}
     */
    public record Claim(String protocol, String bind, int port, String owner) {

        /** {@code nodes[2].port}. */
        public String portPath() {
            return owner + ".port";
        }

        /** {@code nodes[2].bind}. */
        public String bindPath() {
            return owner + ".bind";
        }

        /** {@code udp 127.0.0.1:9000}. */
        public String describe() {
            String host = bind.isEmpty() ? "0.0.0.0" : bind;
            return protocol + " " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private PortClaims() {
    }

    /** The binds of {@code config}, in the order validation reports clashes. */
    public static List<Claim> of(DaemonConfig config) {
        List<Claim> claims = new ArrayList<>();
        if (config.metrics().enabled()) {
            claims.add(new Claim("udp", config.metrics().bind(), config.metrics().port(), "metrics"));
        }
        if (config.http().enabled()) {
            claims.add(new Claim("tcp", config.http().bind(), config.http().port(), "http"));
        }
        List<NodeConfig> nodes = config.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof NodeConfig.Bound bound) {
                claims.add(new Claim(bound.protocol(), bound.bind(), bound.port(), "nodes[" + i + "]"));
            }
        }
        return claims;
    }
}
