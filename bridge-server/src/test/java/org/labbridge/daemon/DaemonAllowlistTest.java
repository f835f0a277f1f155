package org.labbridge.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labbridge.config.ConfigBinder;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.GraphValidator;
import org.labbridge.daemon.nodes.DefaultNodeFactory;
import org.labbridge.sockets.Udp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon with {@code allow} on every socket: a stranger (127.0.0.2, on Linux's loopback without any
 * setup) gets no UDP reply from any socket and its bridge connection is closed at accept; the allowed host
 * (127.0.0.1) is served as usual, and every refusal is counted with its socket.
 */
@org.junit.jupiter.api.Timeout(60)
class DaemonAllowlistTest {

    private static final InetAddress FRIEND = InetAddress.getLoopbackAddress();
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(2));
        }
    }

    /** A datagram from {@code source}: whether it got no reply within 300 ms. */
    private static boolean unanswered(InetAddress source, int port, String request) {
        try (Udp udp = new Udp(source, port)) {
            udp.send(request.getBytes(StandardCharsets.UTF_8));
            return udp.silentFor(300);
        }
    }

    private static String ask(int port, String request) {
        try (Udp udp = new Udp(port)) {
            return udp.ask(request);
        }
    }

    private double denied(String meter, String tag, String value) {
        var c = daemon.registry().find(meter).tag(tag, value).tag("reason", "not_allowed").counter();
        return c == null ? -1 : c.count();
    }

    @Test
    void aStrangerIsRefusedOnEverySocketAndTheAllowedHostIsServed() throws Exception {
        List<Integer> udp = DaemonTest.freePorts(3);
        int tcp;
        try (ServerSocket s = new ServerSocket(0, 1, FRIEND)) {
            tcp = s.getLocalPort();
        }
        DaemonConfig config = ConfigBinder.loadString("""
                metrics: {port: %d, allow: [127.0.0.1]}
                http: {port: 0, allow: [127.0.0.1]}
                nodes:
                  - {kind: push, name: in, port: %d, allow: [127.0.0.1/32, "::1"]}
                  - {kind: date-pull, name: readings, port: %d, codenames: auto, allow: [127.0.0.1]}
                  - {kind: bridge-server, name: up, port: %d, allow: [127.0.0.1, 10.0.0.0/8]}
                connections:
                  - {from: in, to: [readings]}
                  - {from: up, to: [readings]}
                """.formatted(udp.get(0), udp.get(1), udp.get(2), tcp), DaemonConfig.class, "test.yaml");
        GraphValidator.validate(config);
        daemon = Daemon.start(config, new DefaultNodeFactory());
        InetAddress stranger = InetAddress.getByName("127.0.0.2");

        assertTrue(unanswered(stranger, udp.get(1), "json_wn#{\"t\": 1}"), "push answered a stranger");
        assertTrue(unanswered(stranger, udp.get(2), "json_wn"), "pull answered a stranger");
        assertTrue(unanswered(stranger, udp.get(0), "json_wn"), "metrics answered a stranger");
        assertEquals("ACK#{'t': 2}", ask(udp.get(1), "json_wn#{\"t\": 2}"));

        try (Socket refused = new Socket()) {
            refused.bind(new InetSocketAddress(stranger, 0));
            refused.setSoTimeout(5000);
            refused.connect(new InetSocketAddress(FRIEND, tcp));
            assertEquals(-1, refused.getInputStream().read(), "the stranger's bridge connection is closed");
        }
        try (Socket allowed = new Socket(FRIEND, tcp)) {
            allowed.getOutputStream().write("{\"u\": 3}\u0017".getBytes(StandardCharsets.UTF_8));
            String reply = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                reply = ask(udp.get(2), "json_wn");
                if (reply.contains("\"u\"")) {
                    break;
                }
                Thread.sleep(20); // poll interval
            }
            assertTrue(reply != null && reply.contains("\"t\"") && reply.contains("\"u\""), String.valueOf(reply));
        }

        int http = daemon.httpAddress().getPort();
        try (Socket refused = new Socket()) {
            refused.bind(new InetSocketAddress(stranger, 0));
            refused.setSoTimeout(5000);
            refused.connect(new InetSocketAddress(FRIEND, http));
            assertEquals(-1, refused.getInputStream().read(), "the stranger's http connection is closed unanswered");
        }
        try (Socket allowed = new Socket(FRIEND, http)) {
            allowed.setSoTimeout(5000);
            allowed.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new String(allowed.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", status);
        }
        var httpDenied = daemon.registry().find("labbridge.http.connections.denied").counter();
        assertEquals(1.0, httpDenied == null ? -1 : httpDenied.count());

        assertEquals(1.0, denied("labbridge.udp.denied", "socket", "in"));
        assertEquals(1.0, denied("labbridge.udp.denied", "socket", "readings"));
        assertEquals(1.0, denied("labbridge.udp.denied", "socket", "labbridge-metrics"));
        assertEquals(1.0, denied("labbridge.bridge.connections.denied", "bridge", "up"));
    }
}
