package org.labbridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line in-process: exit codes and output that scripts rely on. */
class CliTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.stdout();
    private final ByteArrayOutputStream err = console.stderr();

    private String out() {
        return console.out();
    }

    private String err() {
        return console.err();
    }

    @Test
    void versionPrintsOneLine() {
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("version"));
        assertTrue(out().matches("labbridge \\S+ \\(netty 4\\.2\\.\\S+, java \\S+\\)\\R"), out());
    }

    @Test
    void checkPrintsTheDefaultGraph() {
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check"));
        assertTrue(out().contains("readings (date-pull) udp 127.0.0.1:9000"), out());
        assertTrue(out().contains("input (push) udp 127.0.0.1:8500"), out());
        assertTrue(out().contains("bridge (bridge-server) tcp 127.0.0.1:45454"), out());
        assertTrue(out().contains("input -> readings, bridge"), out());
        assertTrue(out().contains("bridge -> readings"), out());
    }

    @Test
    void checkReportsEveryProblemWithFileAndPathAndExits2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                nodes:
                  - {kind: push, name: in, port: 70000}
                  - {kind: date-pull, name: out, colour: red}
                connections: [{from: in, to: nowhere}]
                """);
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", file.toString()));
        assertTrue(err().contains(file + ":2:28: nodes[0].port: 70000 (expected: 1..65535)"), err());
        assertTrue(err().contains(file + ":3:34: nodes[1].colour: unknown key"), err());
        assertEquals("", out());
    }

    @Test
    void graphErrorsAreReportedByCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("graph.yaml");
        Files.writeString(file, "nodes: [{kind: push, name: in}]\nconnections: [{from: in, to: nowhere}]\n");
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "--config", file.toString()));
        assertTrue(err().contains(file + ":2:30: connections[0].to[0]: 'nowhere' is not a node (nodes: in)"), err());
    }

    @Test
    void runWithAnInvalidFileExits2WithoutStarting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "log_level: LOUD\n");
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("run", "-c", file.toString()));
        assertTrue(err().contains("log_level 'LOUD' is not one of"), err());
    }

    @Test
    void missingFileIsAClearError() {
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", "/nonexistent/labbridge.yaml"));
        assertEquals("/nonexistent/labbridge.yaml: cannot read: No such file or directory" + System.lineSeparator(),
                err());
    }

    @Test
    void checkSuggestsTheKeyMeantAndDescribesHostPort(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labbridge.yaml");
        Files.writeString(file, """
                nodes:
                  - kind: date-pull
                    name: readings
                    timeout: 5s
                  - {kind: live, name: live, codenames: [t]}
                """);
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", file.toString()));
        assertEquals(List.of(file + ":4:5: nodes[0].timeout: unknown key, did you mean 'timeouts'? (expected one of:"
                        + " kind, name, socket_name, bind, port, codenames, timeouts, default_x, default_y, check_activity,"
                        + " activity_timeout, max_datagram_size, receive_buffer, max_codenames, max_codename_length, max_state_bytes, codename_expiry, allow)",
                file + ":5:5: nodes[1].live_server: missing (expected: host:port)"), err().lines().toList());
    }

    @Test
    void checkReportsTheGraphsProblemsInOnePass(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labbridge.yaml");
        Files.writeString(file, """
                nodes:
                  - {kind: bridge-server, name: b}
                  - {kind: bridge-client, name: c, connect: "127.0.0.1:45454"}
                  - {kind: date-pull, name: b, port: 9000}
                  - kind: data-pull
                    name: d
                    port: 9000
                connections: [{from: b, to: c}, {from: c, to: b}]
                """);
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", file.toString()));
        assertEquals(List.of(file + ":4:23: nodes[2].name: 'b' is already the name of nodes[0]",
                file + ":7:5: nodes[3].port: udp port 9000 is already used by nodes[2].port",
                file + ":8:15: connections[0]: cycle b → c → b (a message could circulate for ever)"),
                err().lines().toList());
    }

    @Test
    void checkWarnsAboutAnEmptyFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labbridge.yaml");
        Files.writeString(file, "# to do\n");
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check", "-c", file.toString()));
        assertEquals(file + ": warning: the file is empty: every setting is its default and there are no nodes"
                + System.lineSeparator(), err());
        assertTrue(out().startsWith(file + ": valid, with 1 warning" + System.lineSeparator()), out());
    }

    @Test
    void checkWarnsAboutAForeignAddressAndBindTestFailsOnIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labbridge.yaml");
        Files.writeString(file, """
                metrics: {enabled: false}
                http: {port: 0}
                nodes:
                  - kind: push
                    name: in
                    bind: 192.0.2.5
                """);
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check", "-c", file.toString()));
        assertEquals(file + ":6:5: warning: nodes[0].bind: 192.0.2.5 is not an address of this machine: labbridge run"
                + " cannot bind it (labbridge check --bind-test tries every bind)" + System.lineSeparator(), err());
        err.reset();
        out.reset();
        assertEquals(ExitCodes.FAILED, LabbridgeMain.execute("check", "--bind-test", "-c", file.toString()));
        assertTrue(err().contains(file + ":6:5: nodes[0].bind: cannot bind udp 192.0.2.5:8500: Cannot assign requested"
                + " address"), err());
        assertEquals("", out());
    }

    @Test
    void bindTestPassesWhenEveryBindSucceeds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labbridge.yaml");
        Files.writeString(file, "metrics: {enabled: false}\nhttp: {port: 0}\nnodes: [{kind: log, name: dbg}]\n");
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check", "--bind-test", "-c", file.toString()));
        assertTrue(out().startsWith(file + ": valid, every bind succeeded" + System.lineSeparator()), out());
        assertEquals("", err());
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("frobnicate"));
        assertTrue(err().contains("Unmatched argument"), err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "check", "version", "pull", "push", "listen", "send", "top"}) {
            out.reset();
            assertEquals(ExitCodes.OK, LabbridgeMain.execute(command, "--help"), command);
            assertTrue(out().startsWith("Usage: labbridge " + command), out());
        }
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("--help"));
        for (String command : new String[] {"run", "check", "version", "pull", "push", "listen", "send", "top"}) {
            assertTrue(out().contains("  " + command), out());
        }
    }

    /** A date pull socket (codename {@code t}) and a push socket on free ports, started; closed together. */
    private static final class PullAndPush implements AutoCloseable {
        final org.labbridge.sockets.DateDataPullSocket pull = org.labbridge.sockets.DateDataPullSocket
                .builder("cli-pull", java.util.List.of("t")).port(0).build();
        final org.labbridge.sockets.DataPushSocket push = org.labbridge.sockets.DataPushSocket.builder("cli-push")
                .port(0).build();

        PullAndPush() {
            pull.start();
            push.start();
        }

        @Override
        public void close() {
            push.close();
            pull.close();
        }
    }

    @Test
    void pullAndPushTalkToRealSockets() throws Exception {
        try (PullAndPush sockets = new PullAndPush()) {
            var pull = sockets.pull;
            var push = sockets.push;
            pull.setPoint("t", 1.5, 21.5);
            assertEquals(ExitCodes.OK, LabbridgeMain.execute("pull", ":" + pull.port()));
            assertEquals("{\"t\": [1.5, 21.5]}" + System.lineSeparator(), out());
            out.reset();
            assertEquals(ExitCodes.OK, LabbridgeMain.execute("pull", "127.0.0.1:" + pull.port(), "t#raw"));
            assertEquals("1.5,21.5" + System.lineSeparator(), out());
            out.reset();
            assertEquals(ExitCodes.OK, LabbridgeMain.execute("push", ":" + push.port(), "{\"n\": 47}"));
            assertEquals("ACK#{'n': 47}" + System.lineSeparator(), out());
            out.reset();
            assertEquals(ExitCodes.FAILED, LabbridgeMain.execute("push", ":" + push.port(), "[1, 2]"));
            assertTrue(out().startsWith("ERROR#The object '[1, 2]' returned after decoding the JSON string is not a dict"), out());
        }
    }

    @Test
    void refusalsExit1AndOnlyAnAckIsAPushSuccess() throws Exception {
        try (PullAndPush sockets = new PullAndPush()) {
            var pull = sockets.pull;
            var push = sockets.push;
            assertEquals(ExitCodes.FAILED, LabbridgeMain.execute("pull", ":" + pull.port(), "foo"));
            assertEquals("UNKNOWN_COMMMAND" + System.lineSeparator(), out());
            out.reset();
            assertEquals(ExitCodes.FAILED, LabbridgeMain.execute("pull", ":" + pull.port(), "nope#raw"));
            assertEquals("UNKNOWN_COMMMAND" + System.lineSeparator(), out(), "an unknown codename");
            out.reset();
            // a push socket asked something it does not know answers UNKNOWN_COMMMAND: not an ACK, so exit 1
            assertEquals(ExitCodes.FAILED, LabbridgeMain.execute("push", ":" + pull.port(), "{\"n\": 1}"));
            assertEquals("UNKNOWN_COMMMAND" + System.lineSeparator(), out());
        }
    }

    @Test
    void anErrorReplyToAPullExits1() throws Exception {
        try (java.net.DatagramSocket server = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                try {
                    java.net.DatagramPacket request = new java.net.DatagramPacket(new byte[64], 64);
                    server.receive(request);
                    byte[] reply = "ERROR#The reply of 65541 bytes exceeds the UDP maximum".getBytes(StandardCharsets.UTF_8);
                    server.send(new java.net.DatagramPacket(reply, reply.length, request.getSocketAddress()));
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            answerer.start();
            assertEquals(ExitCodes.FAILED, LabbridgeMain.execute("pull", ":" + server.getLocalPort(), "json_wn"));
            assertTrue(out().startsWith("ERROR#The reply"), out());
            answerer.join(5000);
        }
    }

    @Test
    void jsonOutputIsOneObjectPerCallForScripts() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (PullAndPush sockets = new PullAndPush()) {
            var pull = sockets.pull;
            var push = sockets.push;
            pull.setPoint("t", 1.5, 21.5);
            assertEquals(ExitCodes.OK, LabbridgeMain.execute("pull", ":" + pull.port(), "--json"));
            com.fasterxml.jackson.databind.JsonNode doc = json.readTree(out());
            assertEquals("127.0.0.1:" + pull.port(), doc.get("target").asText());
            assertEquals("json_wn", doc.get("request").asText());
            assertTrue(doc.get("ok").asBoolean());
            assertEquals(0, doc.get("exit").asInt());
            assertEquals(21.5, doc.at("/value/t/1").asDouble());
            out.reset();
            assertEquals(ExitCodes.FAILED, LabbridgeMain.execute("pull", ":" + pull.port(), "foo", "--json"));
            doc = json.readTree(out());
            assertEquals("UNKNOWN_COMMMAND", doc.get("reply").asText());
            assertEquals(1, doc.get("exit").asInt());
            assertTrue(doc.get("value") == null, "a reply that is not JSON has no value");
            out.reset();
            assertEquals(ExitCodes.OK, LabbridgeMain.execute("push", ":" + push.port(), "{\"n\": 47}", "--json"));
            doc = json.readTree(out());
            assertEquals("ACK#{'n': 47}", doc.get("reply").asText());
            assertEquals("json_wn#{\"n\": 47}", doc.get("request").asText());
            assertTrue(doc.get("ok").asBoolean());
        }
        int silent;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            silent = s.getLocalPort();
            out.reset();
            assertEquals(ExitCodes.UNREACHABLE, LabbridgeMain.execute("pull", ":" + silent, "--timeout", "200ms", "--json"));
        }
        com.fasterxml.jackson.databind.JsonNode doc = json.readTree(out());
        assertEquals(3, doc.get("exit").asInt());
        assertTrue(doc.get("error").asText().length() > 0, out());
        assertTrue(!err().contains("labbridge pull"), "with --json even a failure is only the JSON line: " + err());
    }

    @Test
    void noReplyExits3() throws Exception {
        int silent;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            silent = s.getLocalPort(); // bound and never answering
            assertEquals(ExitCodes.UNREACHABLE, LabbridgeMain.execute("pull", ":" + silent, "--timeout", "200ms"));
        }
        assertTrue(err().contains("labbridge pull 127.0.0.1:" + silent), err());
    }

    @Test
    void anUnknownHostExits3() {
        assertEquals(ExitCodes.UNREACHABLE, LabbridgeMain.execute("pull", "nonexistent.invalid:9000", "--timeout", "200ms"));
        assertTrue(err().contains("cannot resolve host nonexistent.invalid"), err());
    }

    @Test
    void aBadEndpointIsAUsageError() {
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("pull", "nowhere"));
        assertTrue(err().contains("expected host:port"), err());
    }

    @Test
    void listenPrintsBridgeMessagesAndSendSendsThem() throws Exception {
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        try (org.labbridge.transport.Transport transport = org.labbridge.transport.Transport.create("cli-test", 1, true);
             org.labbridge.bridge.BridgeServer server = org.labbridge.bridge.BridgeServer.builder()
                     .transport(transport).port(0).sink(m -> received.add(m.text())).build().start()) {
            int port = server.localAddress().getPort();

            assertEquals(ExitCodes.OK, LabbridgeMain.execute("send", ":" + port, "{\"p\": 1013.2}", "[1, 2]"));
            assertEquals("{\"p\": 1013.2}", received.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("[1, 2]", received.poll(5, java.util.concurrent.TimeUnit.SECONDS));

            java.util.concurrent.CompletableFuture<Integer> listen = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> LabbridgeMain.execute("listen", ":" + port, "--count", "2"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.connectionCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // poll until the listener is connected
            }
            server.publish(java.util.Map.of("t", 21.5));
            server.publish(java.util.List.of("x", "y"));
            assertEquals(ExitCodes.OK, listen.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("{\"t\":21.5}" + System.lineSeparator() + "[\"x\",\"y\"]" + System.lineSeparator(), out());
        }
    }

    @Test
    void listenExits1WhenStdoutIsClosed() throws Exception {
        // stdout as `| head -1` leaves it: the first line is read, then the pipe is gone (EPIPE)
        System.setOut(new PrintStream(new java.io.OutputStream() {
            private boolean lineDone;

            @Override
            public void write(int b) throws java.io.IOException {
                if (lineDone) {
                    throw new java.io.IOException("Broken pipe");
                }
                out.write(b);
                lineDone = b == '\n';
            }
        }, true, StandardCharsets.UTF_8));
        try (org.labbridge.transport.Transport transport = org.labbridge.transport.Transport.create("cli-test", 1, true);
             org.labbridge.bridge.BridgeServer server = org.labbridge.bridge.BridgeServer.builder()
                     .transport(transport).port(0).build().start()) {
            java.util.concurrent.CompletableFuture<Integer> listen = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> LabbridgeMain.execute("listen", ":" + server.localAddress().getPort()));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.connectionCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // poll until the listener is connected
            }
            server.publish(java.util.Map.of("n", 1));
            server.publish(java.util.Map.of("n", 2)); // fails to print: listen must notice and exit
            assertEquals(ExitCodes.FAILED, listen.get(10, java.util.concurrent.TimeUnit.SECONDS), err());
            assertEquals("{\"n\":1}" + System.lineSeparator(), out());
        }
    }

    @Test
    void sendExits1WhenAPeerThatNeverReadsLeavesMessagesUnwritten() throws Exception {
        // the peer accepts and never reads: ~8 MB fill the kernel's buffers, the rest cannot be written
        // within --drain-timeout, and a script must hear that not everything went out
        int n = 8_000;
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            Thread holder = new Thread(() -> {
                try (java.net.Socket s = peer.accept()) {
                    done.await(); // holds the connection open, reading nothing
                } catch (Exception e) {
                    // the test is over
                }
            });
            holder.start();
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < n; i++) {
                lines.append("{\"i\": ").append(i).append(", \"pad\": \"").append("x".repeat(1000)).append("\"}\n");
            }
            java.io.InputStream savedIn = System.in;
            System.setIn(new java.io.ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
            try {
                assertEquals(ExitCodes.FAILED, LabbridgeMain.execute("send", ":" + peer.getLocalPort(),
                        "--drain-timeout", "1s"), err());
            } finally {
                System.setIn(savedIn);
                done.countDown();
                holder.join(5000);
            }
        }
    }

    @Test
    void sendWaitsForASlowPeerInsteadOfDroppingLines() throws Exception {
        // ~40 MB: more than the client's queue (16 MiB) and the kernel's socket buffers hold together while the
        // peer is not reading, so an unpaced sender would drop lines
        int n = 40_000;
        java.util.concurrent.atomic.AtomicLong frames = new java.util.concurrent.atomic.AtomicLong();
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread reader = new Thread(() -> {
                try (java.net.Socket s = peer.accept()) {
                    Thread.sleep(1500); // a peer that is slow to start reading
                    byte[] buf = new byte[1 << 16];
                    for (int r; (r = s.getInputStream().read(buf)) > 0; ) {
                        for (int i = 0; i < r; i++) {
                            if (buf[i] == 0x17) {
                                frames.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    frames.set(-1);
                }
            });
            reader.start();
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < n; i++) {
                lines.append("{\"i\": ").append(i).append(", \"pad\": \"").append("x".repeat(1000)).append("\"}\n");
            }
            java.io.InputStream savedIn = System.in;
            System.setIn(new java.io.ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
            try {
                assertEquals(ExitCodes.OK, LabbridgeMain.execute("send", ":" + peer.getLocalPort()), err());
            } finally {
                System.setIn(savedIn);
            }
            reader.join(20_000);
            assertEquals(n, frames.get(), "every line arrives");
        }
    }

    @Test
    void sendRefusesInvalidJsonBeforeConnecting() {
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("send", ":1", "{\"ok\": 1}", "{nope"));
        assertTrue(err().contains("value 2 is not JSON"), err());
    }

    @Test
    void bridgeCommandsExit3WhenNothingListens() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals(ExitCodes.UNREACHABLE, LabbridgeMain.execute("send", ":" + closed, "1", "--connect-timeout", "300ms"));
        assertEquals(ExitCodes.UNREACHABLE, LabbridgeMain.execute("listen", ":" + closed, "--connect-timeout", "300ms"));
        assertTrue(err().contains("not connected within 300 ms"), err());
    }

    @Test
    void theDefaultConfigurationWarnsOfNothing() {
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check"));
        assertFalse(out().contains("warning"), out());
    }

    @Test
    void everySocketOffLoopbackWithoutAnAllowListIsWarnedOf(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exposed.yaml");
        Files.writeString(file, """
                metrics: {bind: 0.0.0.0, port: 19900}
                nodes:
                  - {kind: push, name: open, bind: 0.0.0.0, port: 18500}
                  - {kind: date-pull, name: guarded, bind: "::", port: 19000, allow: [10.0.0.0/8, 192.168.1.17, "::1"]}
                  - {kind: data-pull, name: local, bind: 127.0.0.1, port: 19010}
                  - {kind: live, name: lan, bind: 192.168.1.2, port: 18000, codenames: [a], live_server: "127.0.0.1:8001"}
                  - {kind: bridge-server, name: up, bind: "", port: 14545}
                connections: [{from: open, to: [guarded, local, lan, up]}]
                """);
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check", "-c", file.toString()), err());
        String o = out();
        assertTrue(o.contains("warning: node 'open' (push) listens on udp 0.0.0.0:18500, off loopback, with no "
                + "allow list"), o);
        assertTrue(o.contains("warning: node 'lan' (live) listens on udp 192.168.1.2:18000"), o);
        assertTrue(o.contains("warning: node 'up' (bridge-server) listens on tcp 0.0.0.0:14545"), o);
        assertTrue(o.contains("warning: metrics socket 'labbridge-metrics' listens on udp 0.0.0.0:19900"), o);
        assertFalse(o.contains("'guarded'"), o);
        assertFalse(o.contains("'local'"), o);
        assertTrue(o.contains("guarded (date-pull) udp :::19000 allow 10.0.0.0/8, 192.168.1.17, ::1"), o);
        assertEquals(4, o.lines().filter(l -> l.startsWith("warning: ")).count(), o);
    }

    @Test
    void badAllowEntriesAreReportedWithTheirPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad-allow.yaml");
        Files.writeString(file, """
                metrics: {allow: [10.0.0.0/33]}
                nodes:
                  - {kind: push, name: in, allow: [10.0.0.0/8, lab-pc.example]}
                  - {kind: bridge-server, name: up, allow: "::1/129"}
                connections: [{from: in, to: up}]
                """);
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", file.toString()));
        String e = err();
        // file:line:column of each bad entry, then its path
        assertTrue(e.contains(file + ":1:19: metrics.allow[0]: 10.0.0.0/33 (expected: a prefix length of 0..32"), e);
        assertTrue(e.contains(file + ":3:48: nodes[0].allow[1]: lab-pc.example (expected: an IPv4 or IPv6 address or "
                + "CIDR block"), e);
        assertTrue(e.contains(file + ":4:44: nodes[1].allow[0]: ::1/129 (expected: a prefix length of 0..128"), e);
    }
}
