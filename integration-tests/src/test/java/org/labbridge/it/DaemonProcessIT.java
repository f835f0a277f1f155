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
import java.util.List;

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
        int http = FreePorts.next();
        Path config = dir.resolve("labbridge.yaml");
        Files.writeString(config, """
                drain_time: 3s
                metrics: {port: %d}
                http: {port: %d}
                nodes:
                  - {kind: date-pull, name: readings, port: %d, codenames: auto}
                  - {kind: push, name: input, port: %d}
                  - {kind: bridge-server, name: bridge, port: %d}
                connections:
                  - {from: input, to: [readings, bridge]}
                  - {from: bridge, to: readings}
                """.formatted(metrics, http, pull, push, bridge));
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

            // the same meters over HTTP, as Prometheus scrapes them, and the health check Docker/systemd use
            java.net.http.HttpClient web = java.net.http.HttpClient.newHttpClient();
            var scrape = web.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + http
                    + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("labbridge_route_messages_total{node=\"input\"}"), scrape.body());
            var health = web.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + http
                    + "/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());

            assertTopRedrawsInAPseudoTerminal(http);
            assertClientCommandsKeepStderrQuiet(bridge, pull);

            long t0 = System.nanoTime();
            assertEquals(0, daemon.terminate(Duration.ofSeconds(10)), String.join("\n", daemon.log()));
            long stopMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(stopMillis < 3000 + 2000, "stopped in " + stopMillis + " ms; drain_time is 3 s");
            assertTrue(daemon.log().stream().anyMatch(l -> l.contains("labbridge stopped")), String.join("\n", daemon.log()));
        }
    }

    /**
     * {@code labbridge top} as a person runs it, in a terminal: util-linux {@code script} gives it a
     * pseudo-terminal; the screen must be cleared and redrawn with every node's row.
     */
    private static void assertTopRedrawsInAPseudoTerminal(int http) throws Exception {
        String bin = DaemonProcess.distribution().resolve("bin/labbridge").toString();
        Path screen = Files.createTempFile("labbridge-top", ".txt");
        Process top = new ProcessBuilder("script", "-q", "-c", bin + " top :" + http + " --interval 300ms --width 120",
                "/dev/null").redirectOutput(screen.toFile()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String text = "";
            while (System.nanoTime() < deadline) {
                text = Files.readString(screen, StandardCharsets.UTF_8);
                if (text.split("\u001b\\[H\u001b\\[2J", -1).length > 3 && text.contains("readings")) {
                    break; // at least three frames
                }
                Thread.sleep(100); // poll interval of a poll-with-deadline
            }
            assertTrue(text.split("\u001b\\[H\u001b\\[2J", -1).length > 3, "no redraws:\n" + text);
            String lastFrame = text.substring(text.lastIndexOf("\u001b[2J") + 4);
            assertTrue(lastFrame.contains("labbridge top — 127.0.0.1:" + http + " — 4 nodes"), lastFrame);
            assertTrue(lastFrame.matches("(?s).*input +push +running .*"), lastFrame);
            assertTrue(lastFrame.matches("(?s).*readings +date-pull +running .*"), lastFrame);
            assertTrue(lastFrame.matches("(?s).*bridge +bridge-server +running +\\S+ +\\S+ +1 .*"), lastFrame);
        } finally {
            top.descendants().forEach(ProcessHandle::destroy);
            top.destroy();
            top.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** A script calling the CLI gets its result on stdout and nothing on stderr (no INFO lines, no Netty WARN). */
    private static void assertClientCommandsKeepStderrQuiet(int bridge, int pull) throws Exception {
        String bin = DaemonProcess.distribution().resolve("bin/labbridge").toString();
        for (List<String> command : List.of(List.of(bin, "send", ":" + bridge, "{\"q\": 1}"),
                List.of(bin, "pull", ":" + pull, "codenames_raw"))) {
            Process p = new ProcessBuilder(command).start();
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), command.toString());
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), command + ": " + err);
            assertEquals("", err, command + " wrote on stderr");
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
        Files.writeString(config, "metrics: {enabled: false}\nhttp: {enabled: false}\nnodes: [{kind: bridge-server, name: b, port: %d}]\n"
                .formatted(port));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress());
             DaemonProcess daemon = DaemonProcess.start("run", "-c", config.toString())) {
            assertTrue(daemon.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "must not hang");
            assertEquals(1, daemon.process().exitValue());
            daemon.awaitLog(l -> l.contains("could not start") && l.contains(String.valueOf(port)), Duration.ofSeconds(5));
            List<String> log = daemon.log();
            int error = indexOf(log, "could not start");
            int stopped = indexOf(log, "labbridge stopped");
            assertTrue(error >= 0 && error < stopped, "the cause comes before the clean-up:\n" + String.join("\n", log));
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
