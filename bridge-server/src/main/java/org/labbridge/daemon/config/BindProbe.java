package org.labbridge.daemon.config;

import org.labbridge.config.ConfigDocument;
import org.labbridge.config.Problem;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check --bind-test}: binds every address and port of a configuration for a moment, as {@code run}
 * would, so that an address the machine does not have or a port another process holds is found before the
 * daemon starts. Resolves host names (unlike validation) and must not run beside the daemon it checks.
 */
public final class BindProbe {

    private BindProbe() {
    }

    /** One problem per bind that fails, at the path of what failed ({@code .bind} or {@code .port}). */
    public static List<Problem> run(ConfigDocument<DaemonConfig> document) {
        List<Problem> problems = new ArrayList<>();
        for (PortClaims.Claim claim : PortClaims.of(document.value())) {
            try {
                bind(claim);
            } catch (UnknownHostException e) {
                problems.add(document.problem(claim.bindPath(), "cannot bind " + claim.describe()
                        + ": unknown host " + claim.bind()));
            } catch (IOException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                String path = reason.contains("in use") ? claim.portPath() : claim.bindPath();
                problems.add(document.problem(path, "cannot bind " + claim.describe() + ": " + reason));
            }
        }
        return problems;
    }

    private static void bind(PortClaims.Claim claim) throws IOException {
        String host = claim.bind().trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(claim.port())
                : new InetSocketAddress(host, claim.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        if ("udp".equals(claim.protocol())) {
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.bind(address);
            }
        } else {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(address);
            }
        }
    }
}
