package org.labbridge.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon as users run it, exposed: {@code run} warns for the socket bound off loopback without an
 * allow list, {@code 0.0.0.0} listens on IPv4 only, a stranger (127.0.0.2: Linux routes all of 127/8 to
 * the loopback interface, so no namespace is needed) gets no UDP reply and its bridge connection is closed,
 * while 127.0.0.1 is served; and a flood of bad datagrams writes a few log lines, not one per datagram.
 */
class ExposureIT {

    private static final Duration START = Duration.ofSeconds(20);
    private static final InetAddress FRIEND = InetAddress.getLoopbackAddress();
    private static final int FLOOD = 5_000;

    /** One request from {@code source}; the reply, or null when none came within {@code wait}. */
    private static String ask(InetAddress source, int port, String request, Duration wait) throws IOException {
        try {
            return Udp.request(source, port, request, wait);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** {@code count} datagrams from {@code source}, paced in batches the receive buffer holds. */
    private static void flood(InetAddress source, int port, String request, int count) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0))) {
            byte[] out = request.getBytes(StandardCharsets.UTF_8);
            DatagramPacket p = new DatagramPacket(out, out.length, FRIEND, port);
            for (int i = 0; i < count; i++) {
                s.send(p);
            }
        }
    }

    /** The value of the first metrics-socket codename starting with {@code prefix}, or -1. */
    private static double count(String json, String prefix) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(prefix)
                + "[^\"]*\": \\[[^,]+, ([0-9.eE+-]+)\\]").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static boolean listens(Path table, int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X ", port);
        return Files.readAllLines(table).stream().skip(1)
                .map(line -> line.trim().split("\\s+")[1] + " ")
                .anyMatch(local -> local.endsWith(hexPort));
    }

    @Test
    void strangersAreRefusedExposureIsWarnedOfAndFloodsStayOutOfTheLog(@TempDir Path dir) throws Exception {
        int metrics = FreePorts.next();
        int pull = FreePorts.next();
        int push = FreePorts.next();
        int bridge = FreePorts.next();
        Path config = dir.resolve("labbridge.yaml");
        Files.writeString(config, """
                drain_time: 1s
                metrics: {port: %d, allow: [127.0.0.1]}
                nodes:
                  - {kind: date-pull, name: readings, port: %d, codenames: auto, allow: [127.0.0.1/32]}
                  - {kind: push, name: input, port: %d, bind: 0.0.0.0}
                  - {kind: bridge-server, name: bridge, port: %d, allow: [127.0.0.1, "::1"]}
                connections:
                  - {from: input, to: [readings, bridge]}
                  - {from: bridge, to: readings}
                """.formatted(metrics, pull, push, bridge));
        try (DaemonProcess daemon = DaemonProcess.run(config, START)) {
            InetAddress stranger = InetAddress.getByName("127.0.0.2");
            List<String> startLog = daemon.log();
            List<String> warnings = startLog.stream().filter(l -> l.contains("off loopback, with no allow list")).toList();
            assertEquals(1, warnings.size(), String.join("\n", startLog));
            assertTrue(warnings.get(0).contains("node 'input' (push) listens on udp 0.0.0.0:" + push), warnings.get(0));
            if (Files.isReadable(Path.of("/proc/net/udp6"))) {
                assertFalse(listens(Path.of("/proc/net/udp6"), push), "0.0.0.0 must not listen on IPv6");
            }

            // the push socket has no allowlist: the stranger may push; the pull socket serves only 127.0.0.1
            assertEquals("ACK#{'t': 1}", ask(stranger, push, "json_wn#{\"t\": 1}", Duration.ofSeconds(5)));
            assertNull(ask(stranger, pull, "json_wn", Duration.ofMillis(500)), "pull answered a stranger");
            assertNull(ask(stranger, metrics, "json_wn", Duration.ofMillis(500)), "metrics answered a stranger");
            String served = Udp.await(pull, "json_wn", r -> r.contains("\"t\""), Duration.ofSeconds(5));
            assertTrue(served.startsWith("{\"t\": ["), served);

            try (Socket refused = new Socket()) {
                refused.bind(new InetSocketAddress(stranger, 0));
                refused.setSoTimeout(5000);
                refused.connect(new InetSocketAddress(FRIEND, bridge));
                assertEquals(-1, refused.getInputStream().read(), "the stranger's bridge connection is closed");
            }

            // floods of what peers can trigger: bad JSON to push, anything from the stranger to pull
            flood(FRIEND, push, "json_wn#{not json", FLOOD);
            flood(stranger, pull, "raw_wn", FLOOD);
            // every denied datagram the kernel delivered is counted (the meters reach the metrics socket each 1 s)
            Udp.await(metrics, "json_wn", r -> count(r, "labbridge.udp.denied|port=" + pull) > FLOOD / 2.0,
                    Duration.ofSeconds(10));
            String counted = Udp.request(metrics, "json_wn", Duration.ofSeconds(5));
            assertEquals(1.0, count(counted, "labbridge.bridge.connections.denied|bridge=bridge|reason=not_allowed"),
                    counted);
            // the daemon is still serving, and the flood wrote about one line per cause
            assertTrue(ask(FRIEND, pull, "json_wn", Duration.ofSeconds(5)).contains("\"t\""));
            List<String> log = daemon.log();
            long refusals = log.stream().filter(l -> l.contains("refused requests (bad_json)")).count();
            long denials = log.stream().filter(l -> l.contains("not in allow")).count();
            assertTrue(refusals >= 1 && refusals <= 2, refusals + " bad_json lines:\n" + String.join("\n", log));
            assertTrue(denials >= 3 && denials <= 4, denials + " denial lines:\n" + String.join("\n", log));
            assertTrue(log.size() < 40, log.size() + " log lines for " + 2 * FLOOD + " hostile datagrams:\n"
                    + String.join("\n", log));
            assertEquals(0, daemon.terminate(Duration.ofSeconds(10)), String.join("\n", daemon.log()));
        }
    }
}
