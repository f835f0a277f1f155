package org.labbridge.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon as users run it: the built distribution, a YAML file, random free ports on 127.0.0.1.
 * push → pull, push → bridge listener, bridge sender → pull, and SIGTERM → exit 0 within the drain time.
 */
class DaemonProcessIT {

    private static final Duration START = Duration.ofSeconds(20);

    @Test
    void pushPullAndBridgeEndToEndThenSigtermExitsZero(@TempDir Path dir) throws Exception {
        int pull = FreePorts.next();
        int push = FreePorts.next();
        int bridge = FreePorts.next();
        int metrics = FreePorts.next();
        Path config = dir.resolve("labbridge.yaml");
        Files.writeString(config, """
                drain_time: 3s
                metrics: {port: %d}
                nodes:
                  - {kind: date-pull, name: readings, port: %d, codenames: auto}
                  - {kind: push, name: input, port: %d}
                  - {kind: bridge-server, name: bridge, port: %d}
                connections:
                  - {from: input, to: [readings, bridge]}
                  - {from: bridge, to: readings}
                """.formatted(metrics, pull, push, bridge));
        try (DaemonProcess daemon = DaemonProcess.run(config, START);
             Socket listener = new Socket(InetAddress.getLoopbackAddress(), bridge)) {
            listener.setSoTimeout(10_000);
            // The listener must be registered by the server before the push, or it would miss it.
            daemon.awaitLog(line -> line.contains("bridge server bridge: client") && line.contains("connected ("),
                    Duration.ofSeconds(10));

            String ack = Udp.request(push, "json_wn#{\"t\": 21.5}", Duration.ofSeconds(5));
            assertEquals("ACK#{'t': 21.5}", ack);

            String pulled = Udp.await(pull, "json_wn", r -> r.contains("\"t\""), Duration.ofSeconds(5));
            assertTrue(pulled.matches("\\{\"t\": \\[\\d+\\.\\d+, 21\\.5\\]\\}"), pulled);
            assertEquals("t", Udp.request(pull, "codenames_raw", Duration.ofSeconds(5)));

            assertEquals("{\"t\":21.5}", readFrame(listener.getInputStream()));

            try (Socket sender = new Socket(InetAddress.getLoopbackAddress(), bridge)) {
                OutputStream out = sender.getOutputStream();
                out.write("{\"p\": [1.5, 2.5]}\u0017".getBytes(StandardCharsets.UTF_8));
                out.flush();
                String point = Udp.await(pull, "p#json", r -> !r.equals("UNKNOWN_COMMMAND"), Duration.ofSeconds(5));
                assertEquals("[1.5, 2.5]", point);
            }

            String metricsReply = Udp.await(metrics, "json_wn", r -> r.contains("labbridge.route.messages"),
                    Duration.ofSeconds(5));
            assertTrue(metricsReply.contains("labbridge.route.messages|node=input"), metricsReply);

            long t0 = System.nanoTime();
            assertEquals(0, daemon.terminate(Duration.ofSeconds(10)), String.join("\n", daemon.log()));
            long stopMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(stopMillis < 3000 + 2000, "stopped in " + stopMillis + " ms; drain_time is 3 s");
            assertTrue(daemon.log().stream().anyMatch(l -> l.contains("labbridge stopped")), String.join("\n", daemon.log()));
        }
    }

    /** Reads bytes up to the next 0x17 delimiter. */
    private static String readFrame(InputStream in) throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != 0x17) {
            frame.write(b);
        }
        return frame.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anInvalidConfigurationExits2AndNamesTheProblem(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "nodes: [{kind: push, name: in, port: 70000}]\n");
        try (DaemonProcess daemon = DaemonProcess.start("run", "-c", config.toString())) {
            assertTrue(daemon.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(2, daemon.process().exitValue());
            daemon.awaitLog(l -> l.contains("nodes[0].port: 70000 (expected: 1..65535)"), Duration.ofSeconds(5));
        }
    }

    @Test
    void aPortInUseExits1WithAClearError(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        Path config = dir.resolve("taken.yaml");
        Files.writeString(config, "metrics: {enabled: false}\nnodes: [{kind: bridge-server, name: b, port: %d}]\n"
                .formatted(port));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress());
             DaemonProcess daemon = DaemonProcess.start("run", "-c", config.toString())) {
            assertTrue(daemon.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "must not hang");
            assertEquals(1, daemon.process().exitValue());
            daemon.awaitLog(l -> l.contains("could not start") && l.contains(String.valueOf(port)), Duration.ofSeconds(5));
        }
    }
}
