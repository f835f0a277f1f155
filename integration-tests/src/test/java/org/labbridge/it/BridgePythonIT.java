package org.labbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.bridge.BridgeServer;
import org.labbridge.client.bridge.Backoff;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.testing.TestCertificates;
import org.labbridge.testing.TestCertificates.Issued;
import org.labbridge.tls.ClientAuth;
import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.tls.TlsClientConfig;
import org.labbridge.tls.TlsServerConfig;
import org.labbridge.tls.TlsSettings;
import org.labbridge.transport.Transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Interoperability with a Python 3 peer written from the spec (standard library only: json.dumps(value)
 * encoded as UTF-8, then 0x17; or one message per connection), in both roles, with Python's NaN /
 * Infinity, non-ASCII text, big integers and close-delimited mode; and with TLS (Python's ssl module) both ways.
 */
@Timeout(60)
class BridgePythonIT {

    /** What the Python peer sends (its VALUES), as labbridge must read them. */
    private static final int PY_VALUES = 5;

    private Transport transport;
    private Path script;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        transport = Transport.create("it", 2, true);
        script = Files.createTempFile("bridge_peer", ".py");
        try (InputStream in = BridgePythonIT.class.getResourceAsStream("/python/bridge_peer.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        transport.close();
        Files.deleteIfExists(script);
    }

    /** A running Python peer: its stdout lines arrive in a queue. */
    private final class Peer {
        final Process process;
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuilder stderr = new StringBuilder();

        Peer(String... args) throws IOException {
            this(Map.of(), args);
        }

        /** A peer with these environment variables (PEER_TLS_*: TLS, see bridge_peer.py). */
        Peer(Map<String, String> env, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            process = pb.start();
            processes.add(process);
            Thread out = new Thread(() -> pump(process.getInputStream(), lines, null), "py-out");
            Thread err = new Thread(() -> pump(process.getErrorStream(), null, stderr), "py-err");
            out.setDaemon(true);
            err.setDaemon(true);
            out.start();
            err.start();
        }

        String line() throws InterruptedException {
            String l = lines.poll(20, TimeUnit.SECONDS);
            if (l == null) {
                fail("no output from the Python peer; stderr: " + stderr);
            }
            return l;
        }

        int port() throws InterruptedException {
            String l = line();
            assertTrue(l.startsWith("PORT "), l);
            return Integer.parseInt(l.substring(5));
        }

        void awaitSuccess() throws InterruptedException {
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the Python peer ended");
            assertEquals(0, process.exitValue(), "Python exit status; stderr: " + stderr);
        }
    }

    private static void pump(InputStream in, LinkedBlockingQueue<String> lines, StringBuilder text) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (lines != null) {
                    lines.add(l);
                } else {
                    synchronized (text) {
                        text.append(l).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Checks that labbridge read the Python peer's VALUES right. */
    private static void assertPythonValues(List<BridgeMessage> got) {
        assertEquals(PY_VALUES, got.size(), got.toString());
        JsonNode first = got.get(0).json();
        assertEquals(21.5, first.get("t").doubleValue());
        assertEquals("Ångström µ°C", first.get("name").textValue());
        assertEquals("\uD83D\uDD2C", first.get("emoji").textValue());
        JsonNode nonFinite = got.get(1).json();
        assertTrue(Double.isNaN(nonFinite.get("nan").doubleValue()));
        assertEquals(Double.POSITIVE_INFINITY, nonFinite.get("inf").doubleValue());
        assertEquals(Double.NEGATIVE_INFINITY, nonFinite.get("ninf").doubleValue());
        assertEquals("три", got.get(2).json().get(2).textValue());
        assertEquals("plain string", got.get(3).json().textValue());
        assertEquals("12345678901234567890", got.get(4).json().bigIntegerValue().toString());
    }

    private static int peerOrder(BridgeMessage m) {
        JsonNode n = m.json();
        return n.has("t") ? 0 : n.has("nan") ? 1 : n.isArray() ? 2 : n.isTextual() ? 3 : 4;
    }

    /** What labbridge sends to Python, and the lines Python must print for it. */
    private static final Map<Object, String> TO_PYTHON = new LinkedHashMap<>();

    static {
        TO_PYTHON.put(Map.of("température", 21.5), "{\"température\": 21.5}");
        TO_PYTHON.put(Map.of("nan", Double.NaN), "{\"nan\": NaN}");
        TO_PYTHON.put(List.of("日本", Double.NEGATIVE_INFINITY), "[\"日本\", -Infinity]");
    }

    private static final FramingConfig PY_COMPAT = FramingConfig.DEFAULT.withPythonCompatible(true);

    @Test
    void pythonClientToOurServer() throws Exception {
        pythonClientToOurServer(null, Map.of());
    }

    /** The Python client's VALUES reach our server, our published values reach it; with TLS if given. */
    private void pythonClientToOurServer(ReloadableSslContext tls, Map<String, String> env) throws Exception {
        List<BridgeMessage> sunk = new CopyOnWriteArrayList<>();
        BridgeServer server = BridgeServer.builder().transport(transport).port(0).framing(PY_COMPAT).tls(tls)
                .sink(sunk::add).meterRegistry(new SimpleMeterRegistry()).build().start();
        closeables.add(server);
        Peer py = new Peer(env, "client", "127.0.0.1", Integer.toString(server.localAddress().getPort()),
                Integer.toString(TO_PYTHON.size()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sunk.size() < PY_VALUES && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertPythonValues(sunk);
        for (Object v : TO_PYTHON.keySet()) {
            assertEquals(1, server.publish(v));
        }
        for (String expected : TO_PYTHON.values()) {
            assertEquals(expected, py.line());
        }
        py.awaitSuccess();
    }

    @Test
    void ourClientToPythonServer() throws Exception {
        ourClientToPythonServer(null, Map.of());
    }

    /** Our client's values reach the Python server, its VALUES reach our client; with TLS if given. */
    private void ourClientToPythonServer(ReloadableSslContext tls, Map<String, String> env) throws Exception {
        Peer py = new Peer(env, "server", Integer.toString(TO_PYTHON.size()));
        int port = py.port();
        List<BridgeMessage> got = new CopyOnWriteArrayList<>();
        BridgeClient client = BridgeClient.builder("127.0.0.1", port).transport(transport).framing(PY_COMPAT)
                .tls(tls).backoff(Backoff.parse("exponential=20ms:200ms")).build();
        closeables.add(client);
        client.subscribe(got::add);
        client.start();
        for (Object v : TO_PYTHON.keySet()) {
            client.send(v);
        }
        for (String expected : TO_PYTHON.values()) {
            assertEquals(expected, py.line());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (got.size() < PY_VALUES && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertPythonValues(got);
        client.close();
        py.awaitSuccess();
    }

    @Test
    void strictJsonByDefault() throws Exception {
        // Without python_compatible labbridge writes valid JSON: NaN becomes the string "NaN".
        Peer py = new Peer("server", "1");
        BridgeClient client = BridgeClient.builder("127.0.0.1", py.port()).transport(transport).build();
        closeables.add(client);
        List<BridgeMessage> got = new CopyOnWriteArrayList<>();
        client.subscribe(got::add);
        client.start();
        client.send(Map.of("nan", Double.NaN));
        assertEquals("{\"nan\": \"NaN\"}", py.line());
        // Read what the peer sends back before closing: closing with unread data makes the kernel reset
        // the connection, which the peer would rightly report as an error.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (got.size() < PY_VALUES && System.nanoTime() < deadline) {
            Thread.sleep(5); // poll interval
        }
        assertEquals(PY_VALUES, got.size());
        client.close();
        py.awaitSuccess();
    }

    @Test
    void closeDelimitedBothWays() throws Exception {
        FramingConfig closeDelimited = PY_COMPAT.withDelimiter(null);
        List<BridgeMessage> sunk = new CopyOnWriteArrayList<>();
        BridgeServer server = BridgeServer.builder().transport(transport).port(0).framing(closeDelimited)
                .sink(sunk::add).build().start();
        closeables.add(server);
        Peer sender = new Peer("close-client", "127.0.0.1", Integer.toString(server.localAddress().getPort()));
        sender.awaitSuccess();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sunk.size() < PY_VALUES && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // one connection per message: connections may be served by different event loops, so the order
        // between them is not the bridge's to keep; put them back in the peer's order before checking
        List<BridgeMessage> ordered = new ArrayList<>(sunk);
        ordered.sort(java.util.Comparator.comparingInt(BridgePythonIT::peerOrder));
        assertPythonValues(ordered);

        Peer receiver = new Peer("close-server", Integer.toString(TO_PYTHON.size()));
        BridgeClient client = BridgeClient.builder("127.0.0.1", receiver.port()).transport(transport)
                .framing(closeDelimited).build();
        closeables.add(client);
        client.start();
        for (Object v : TO_PYTHON.keySet()) {
            client.send(v);
        }
        for (String expected : TO_PYTHON.values()) {
            assertEquals(expected, receiver.line());
        }
        receiver.awaitSuccess();
        assertNotNull(client.state());
    }

    /** The Python peer's TLS settings: the CA and its own certificate (see bridge_peer.py). */
    private static Map<String, String> pythonTls(TestCertificates certs, Issued theirs) {
        return Map.of("PEER_TLS_CA", certs.ca().toString(), "PEER_TLS_CERT", theirs.cert().toString(),
                "PEER_TLS_KEY", theirs.key().toString());
    }

    /** Python's ssl module as the peer of a TLS bridge server requiring client certificates, both ways. */
    @Test
    void pythonTlsClientToOurTlsServer(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Issued ours = certs.issue("labbridge");
        ReloadableSslContext tls = ReloadableSslContext.load("server", new TlsServerConfig(ours.cert().toString(),
                ours.key().toString(), null, null, certs.ca().toString(), ClientAuth.REQUIRE,
                TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO));
        closeables.add(tls);
        pythonClientToOurServer(tls, pythonTls(certs, certs.issue("python")));
        assertEquals(0, tls.handshakeFailures());
    }

    /** Our TLS bridge client (with its certificate, checking the server's name) against a Python ssl server. */
    @Test
    void ourTlsClientToPythonTlsServer(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Issued ours = certs.issue("labbridge");
        ReloadableSslContext tls = ReloadableSslContext.load("client", new TlsClientConfig(ours.cert().toString(),
                ours.key().toString(), null, null, certs.ca().toString(), true, true, null,
                TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO));
        closeables.add(tls);
        ourClientToPythonServer(tls, pythonTls(certs, certs.issue("python")));
    }

    /**
     * Issue 10 item 7: our close-delimited client to a Python server that reads each connection until EOF,
     * a message every 100 ms (it used to stall after one or two, the rest queued for ever).
     */
    @Test
    void closeDelimitedMessagesAPauseApartAllReachAPythonServerThatReadsUntilEof() throws Exception {
        PythonPullSocket.requirePython();
        int n = 20;
        Peer receiver = new Peer("close-server", Integer.toString(n));
        BridgeClient client = BridgeClient.builder("127.0.0.1", receiver.port()).transport(transport)
                .framing(PY_COMPAT.withDelimiter(null)).build();
        closeables.add(client);
        client.start();
        for (int i = 0; i < n; i++) {
            client.send(Map.of("n", i));
            Thread.sleep(100); // the scenario: a reading every 100 ms
        }
        for (int i = 0; i < n; i++) {
            assertEquals("{\"n\": " + i + "}", receiver.line(), "message " + i + ", on its own connection");
        }
        receiver.awaitSuccess();
    }
}
