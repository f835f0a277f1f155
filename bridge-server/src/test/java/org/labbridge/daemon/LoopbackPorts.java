package org.labbridge.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/** Ports for a daemon's YAML in unit tests. */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /**
     * Ports free on 127.0.0.1 right now for both UDP and TCP, distinct. Both matter: a daemon's YAML may put a
     * bridge (TCP) on one, and a UDP-only probe can return a port that a TCP connection (a test's HTTP client,
     * one in TIME_WAIT) holds as its local port, where the bridge's bind then fails.
     */
    public static List<Integer> free(int n) throws IOException {
        List<Closeable> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int attempt = 0; ports.size() < n; attempt++) {
                if (attempt > 50 * n) {
                    throw new IOException("no " + n + " ports free for both UDP and TCP on 127.0.0.1");
                }
                ServerSocket tcp = new ServerSocket();
                held.add(tcp);
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                try {
                    held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort())));
                    ports.add(tcp.getLocalPort());
                } catch (SocketException udpTaken) {
                    // taken for UDP: try another (the TCP socket stays held, so it is not offered again)
                }
            }
        } finally {
            for (Closeable c : held) {
                c.close();
            }
        }
        return ports;
    }
}
