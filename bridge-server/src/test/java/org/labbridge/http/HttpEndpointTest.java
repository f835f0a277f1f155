package org.labbridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labbridge.client.udp.PushClient;
import org.labbridge.config.ConfigBinder;
import org.labbridge.daemon.Daemon;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.GraphValidator;
import org.labbridge.daemon.nodes.DefaultNodeFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's HTTP endpoint on a real socket: /metrics, /health, /api/nodes, and what it refuses. */
class HttpEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private Daemon daemon;
    private int pushPort;
    private String base;

    @BeforeEach
    void start() throws Exception {
        List<Integer> ports = org.labbridge.daemon.LoopbackPorts.free(4);
        pushPort = ports.get(1);
        String yaml = """
                metrics: {port: %d}
                http: {port: 0}
                nodes:
                  - {kind: push, name: in, port: %d}
                  - {kind: date-pull, name: readings, port: %d, codenames: auto}
                  - {kind: bridge-server, name: bridge, port: %d}
                connections:
                  - {from: in, to: [readings, bridge]}
                """.formatted(ports.get(0), ports.get(1), ports.get(2), ports.get(3));
        DaemonConfig config = ConfigBinder.loadString(yaml, DaemonConfig.class, "test.yaml");
        GraphValidator.validate(config);
        daemon = Daemon.start(config, new DefaultNodeFactory());
        base = "http://127.0.0.1:" + daemon.httpAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(2));
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void push(String json) throws Exception {
        try (PushClient push = new PushClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), pushPort),
                Duration.ofSeconds(3))) {
            assertTrue(push.jsonWn(json).startsWith("ACK#"));
        }
    }

    @Test
    void healthIsOkWhenEveryNodeRuns() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode doc = JSON.readTree(r.body());
        assertEquals("ok", doc.get("status").asText());
        assertEquals("serving", doc.get("daemon").asText());
        assertEquals(4, doc.get("nodes").asInt(), "three nodes and the metrics socket");
    }

    @Test
    void metricsArePrometheusTextOrOpenMetricsOnRequest() throws Exception {
        push("{\"t\": 21.5}");
        HttpResponse<String> text = get("/metrics");
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        String body = text.body();
        assertTrue(body.contains("labbridge_udp_requests_total{command=\"json_wn\",port=\"" + pushPort + "\",socket=\"in\"} 1.0"), body);
        assertTrue(body.contains("labbridge_route_messages_total{node=\"in\"} 1.0"), body);
        assertTrue(body.contains("labbridge_bridge_connections{bridge=\"bridge\",role=\"server\"}"), body);
        assertTrue(body.contains("jvm_memory_used_bytes"), body);

        HttpResponse<String> om = get("/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertTrue(om.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(om.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    }

    @Test
    void nodesListsEveryNodeWithItsMetersAndSummary() throws Exception {
        push("{\"t\": 21.5}");
        JsonNode doc = JSON.readTree(get("/api/nodes").body());
        JsonNode nodes = doc.get("nodes");
        assertEquals(4, nodes.size(), doc.toString());
        JsonNode in = nodes.get(0);
        assertEquals("in", in.get("name").asText());
        assertEquals("push", in.get("kind").asText());
        assertEquals("running", in.get("state").asText());
        assertTrue(in.get("endpoint").asText().contains(String.valueOf(pushPort)), in.toString());
        assertEquals(1.0, in.get("counters").get("labbridge.udp.requests|command=json_wn").asDouble(), in.toString());
        assertEquals(1.0, in.get("counters").get("labbridge.route.messages").asDouble(), in.toString());
        JsonNode bridge = nodes.get(2);
        assertEquals("bridge-server", bridge.get("kind").asText());
        assertEquals(0, bridge.get("clients").asInt());
        assertEquals("metrics", nodes.get(3).get("kind").asText());
    }

    @Test
    void labbridgeTopShowsEveryNodeWithItsRatesAndDrops() throws Exception {
        try (PushClient push = new PushClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), pushPort),
                Duration.ofSeconds(2))) {
            assertTrue(push.jsonWn("{\"t\": 1}").startsWith("ACK#"));
            assertTrue(push.jsonWn("[1]").startsWith("ERROR#")); // a bad_json drop to show
        }
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(screen, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = org.labbridge.cli.LabbridgeMain.execute("top", "127.0.0.1:" + daemon.httpAddress().getPort(),
                    "--once", "--width", "200");
        } finally {
            System.setOut(saved);
        }
        String text = screen.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("labbridge top — 127.0.0.1:" + daemon.httpAddress().getPort()
                + " — 4 nodes"), text);
        assertTrue(lines.get(2).matches("NODE +KIND +STATE +IN/s +OUT/s +CLIENTS +QUEUED +BYTES +DROPS"), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("in +push +running .*bad_json=1.*")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("readings +date-pull +running .*")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("bridge +bridge-server +running .*")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("labbridge-metrics +metrics +running .*")), text);
        assertTrue(!text.contains("\033["), "--once writes no escape codes");
    }

    @Test
    void labbridgeTopSaysWhenNothingAnswers() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals(3, org.labbridge.cli.LabbridgeMain.execute("top", "127.0.0.1:" + closed, "--once"));
    }

    @Test
    void onlyGetAndHeadOnKnownPaths() throws Exception {
        HttpResponse<String> missing = get("/nope");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("/metrics"), "names the paths that exist");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void anOversizeRequestIsRefusedAndTheServerGoesOn() throws Exception {
        try (Socket s = new Socket("127.0.0.1", daemon.httpAddress().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = readAll(s.getInputStream());
            assertTrue(reply.startsWith("HTTP/1.1 400") || reply.startsWith("HTTP/1.1 431"), reply);
        }
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void connectionsBeyondTheCapAreClosed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < HttpServer.MAX_CONNECTIONS; i++) {
                Socket s = new Socket("127.0.0.1", daemon.httpAddress().getPort());
                held.add(s);
                // a full request/response on each proves it is counted (accepted and active)
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(5000);
                assertTrue(readHead(s.getInputStream()).startsWith("HTTP/1.1 200"));
            }
            try (Socket extra = new Socket("127.0.0.1", daemon.httpAddress().getPort())) {
                extra.setSoTimeout(5000);
                assertEquals(-1, extra.getInputStream().read(), "closed at accept");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        String head = sb.toString();
        int len = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(len);
        return head;
    }
}
