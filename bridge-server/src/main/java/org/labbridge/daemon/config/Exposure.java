package org.labbridge.daemon.config;

import org.labbridge.access.AllowRule;
import org.labbridge.access.BindAddress;
import org.labbridge.access.SourceAllowlist;

import java.util.ArrayList;
import java.util.List;

/**
 * Which sockets of a configuration are reachable from beyond this host, for {@code check} and {@code run}
 * to say so: a socket bound off loopback (a wildcard, a LAN address, a host name) with no {@code allow}
 * list serves anyone who can reach the machine, and that must never happen silently.
 */
public final class Exposure {

    private Exposure() {
    }

    /**
     * One listening socket of the configuration.
     *
     * @param label    e.g. {@code node 'input' (push)} or {@code metrics socket 'labbridge-metrics'}
     * @param protocol {@code udp} or {@code tcp}
     */
    public record Socket(String label, String protocol, String bind, int port, SourceAllowlist allow) {

        /** Whether hosts other than this one can reach it. */
        public boolean offLoopback() {
            return BindAddress.isOffLoopback(bind);
        }

        /** {@code udp 0.0.0.0:8500} ({@code ""} shown as {@code 0.0.0.0}, what it binds). */
        public String endpoint() {
            String host = bind.isBlank() ? "0.0.0.0" : bind.contains(":") ? "[" + bind + "]" : bind;
            return protocol + " " + host + ":" + port;
        }
    }

    /** Every socket the configuration listens on: bound nodes, the metrics socket and the HTTP endpoint. */
    public static List<Socket> sockets(DaemonConfig config) {
        List<Socket> out = new ArrayList<>();
        for (NodeConfig n : config.nodes()) {
            if (n instanceof NodeConfig.Bound b) {
                out.add(new Socket("node '" + n.name() + "' (" + n.kind() + ")", b.protocol(), b.bind(), b.port(),
                        allowlist(b.allow())));
            }
        }
        MetricsConfig m = config.metrics();
        if (m.enabled()) {
            out.add(new Socket("metrics socket '" + m.name() + "'", "udp", m.bind(), m.port(), allowlist(m.allow())));
        }
        HttpConfig h = config.http();
        if (h.enabled()) {
            out.add(new Socket("http endpoint", "tcp", h.bind(), h.port(), allowlist(h.allow())));
        }
        return out;
    }

    /** One warning per socket bound off loopback without an {@code allow} list. */
    public static List<String> warnings(DaemonConfig config) {
        List<String> out = new ArrayList<>();
        for (Socket s : sockets(config)) {
            if (s.offLoopback() && s.allow().allowsAll()) {
                out.add(s.label() + " listens on " + s.endpoint() + ", off loopback, with no allow list: any host "
                        + "that can reach this machine may use it (set allow: [CIDR, ...] or bind 127.0.0.1)");
            }
        }
        return out;
    }

    private static SourceAllowlist allowlist(List<AllowRule> rules) {
        return SourceAllowlist.of(rules);
    }
}
