package org.labbridge.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.client.udp.PullClient;
import org.labbridge.client.udp.PushClient;
import org.labbridge.config.ConfigBinder;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.GraphValidator;
import org.labbridge.daemon.config.NodeConfig;
import org.labbridge.daemon.nodes.DefaultNodeFactory;
import org.labbridge.transport.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon in-process: routing rules between real UDP sockets on 127.0.0.1. */
class DaemonTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(2));
        }
    }

    /** Ports free on 127.0.0.1 right now for both UDP and TCP, distinct (see {@link LoopbackPorts}). */
    static List<Integer> freePorts(int n) throws IOException {
        return LoopbackPorts.free(n);
    }

    private Daemon start(String yaml) throws Exception {
        DaemonConfig config = ConfigBinder.loadString(yaml, DaemonConfig.class, "test.yaml");
        GraphValidator.validate(config);
        daemon = Daemon.start(config, new DefaultNodeFactory());
        return daemon;
    }

    private static PullClient pull(int port) throws IOException {
        return new PullClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT);
    }

    private static String awaitReply(PullClient client, String command, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String reply;
        do {
            reply = client.request(command);
            if (ok.test(reply)) {
                return reply;
            }
            Thread.sleep(20); // poll interval
        } while (System.nanoTime() < deadline);
        throw new AssertionError("last reply to " + command + ": " + reply);
    }

    @Test
    void pushedValuesBecomePointsByTheDocumentedRules() throws Exception {
        List<Integer> p = freePorts(4);
        start("""
                metrics: {port: %d}
                http: {port: 0}
                nodes:
                  - {kind: push, name: in, port: %d}
                  - {kind: date-pull, name: dated, port: %d, codenames: auto}
                  - {kind: data-pull, name: fixed, port: %d, codenames: [a, b]}
                  - {kind: log, name: dbg, level: DEBUG}
                connections:
                  - {from: in, to: [dated, fixed, dbg]}
                """.formatted(p.get(0), p.get(1), p.get(2), p.get(3)));
        try (PushClient push = new PushClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.get(1)), TIMEOUT);
             PullClient dated = pull(p.get(2));
             PullClient fixed = pull(p.get(3))) {
            assertEquals("ACK#{'a': 21.5, 'b': [1.0, 2.0], 'c': [1, 2, 3], 'd': {'x': 1}, 'e': [5]}",
                    push.jsonWn("{\"a\": 21.5, \"b\": [1.0, 2.0], \"c\": [1, 2, 3], \"d\": {\"x\": 1}, \"e\": [5]}"));
            String json = awaitReply(dated, "json_wn", r -> r.contains("\"c\""));
            // scalar -> (now, v); [x, y] -> (x, y); longer list -> tuple; map and 1-element list rejected
            assertTrue(json.matches("\\{\"a\": \\[\\d+\\.\\d+, 21\\.5\\], \"b\": \\[1\\.0, 2\\.0\\], \"c\": \\[1, 2, 3\\]\\}"), json);
            assertEquals("a,b,c", dated.request("codenames_raw"), "auto codenames in arrival order");
            // a fixed list keeps only its codenames
            String fixedJson = awaitReply(fixed, "json_wn", r -> r.contains("1.0, 2.0"));
            assertTrue(fixedJson.matches("\\{\"a\": \\[\\d+\\.\\d+, 21\\.5\\], \"b\": \\[1\\.0, 2\\.0\\]\\}"), fixedJson);
            assertEquals(3.0, daemon.registry().get("labbridge.node.rejected").tags("node", "fixed", "reason",
                    "unknown_codename").counter().count());
            assertEquals(2.0, daemon.registry().get("labbridge.node.rejected").tags("node", "dated", "reason",
                    "no_point").counter().count());
            assertEquals(1.0, daemon.registry().get("labbridge.route.messages").tags("node", "in").counter().count());
        }
    }

    /**
     * The embedded default as shipped (its nodes, binds and routes), with only its port numbers replaced by
     * free ones: the default's fixed ports may be taken on a test machine.
     */
    private static DaemonConfig embeddedDefaultOnFreePorts() throws Exception {
        String yaml;
        try (InputStream in = DaemonConfig.class.getResourceAsStream(DaemonConfig.EMBEDDED_DEFAULT)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) ConfigBinder.parseYaml(yaml, "embedded default");
        List<Integer> udp = freePorts(4);
        Set<Integer> ours = new HashSet<>(udp);
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) tree.computeIfAbsent("metrics", k -> new LinkedHashMap<>());
        metrics.put("port", udp.remove(0));
        tree.put("http", new LinkedHashMap<>(Map.of("port", 0)));
        for (Object node : (List<?>) tree.get("nodes")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> n = (Map<String, Object>) node;
            int port = "bridge-server".equals(n.get("kind")) ? freeTcpPort() : udp.remove(0);
            ours.add(port);
            n.put("port", port);
        }
        DaemonConfig config = ConfigBinder.bind(tree, DaemonConfig.class);
        GraphValidator.validate(config);
        for (NodeConfig node : config.nodes()) {
            if (node instanceof NodeConfig.Bound bound) {
                assertTrue(ours.contains(bound.port()), node.name() + " kept a fixed port: " + bound.port());
            }
        }
        assertEquals(DaemonConfig.embeddedDefault().connections(), config.connections(), "the default's routes");
        return config;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int port(DaemonConfig config, String node) {
        return config.nodes().stream().filter(n -> n.name().equals(node)).map(n -> ((NodeConfig.Bound) n).port())
                .findFirst().orElseThrow();
    }

    /** Waits until the daemon's bridge server node {@code bridge} lists a client (not only the client its server). */
    private void awaitClientListed(String bridge) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (daemon.registry().get("labbridge.bridge.connections").tag("bridge", bridge).gauge().value() < 1) {
            assertTrue(System.nanoTime() < deadline, "bridge " + bridge + " never listed its client");
            Thread.sleep(10); // poll interval
        }
    }

    @Test
    void theEmbeddedDefaultRoutesPushToPullAndBridgeAndBridgeToPull() throws Exception {
        DaemonConfig config = embeddedDefaultOnFreePorts();
        daemon = Daemon.start(config, new DefaultNodeFactory());
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (Transport transport = Transport.create("listener", 1, true);
             BridgeClient listener = BridgeClient.builder("127.0.0.1", port(config, "bridge"))
                     .name("listener").transport(transport).build();
             PushClient push = new PushClient(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     port(config, "input")), TIMEOUT);
             PullClient readings = pull(port(config, "readings"))) {
            listener.subscribe(m -> heard.add(m.text()));
            listener.start();
            assertTrue(listener.awaitConnected(TIMEOUT));
            // connected is the client's view; the push must wait until the server lists the listener too
            awaitClientListed("bridge");

            assertEquals("ACK#{'t': 21.5}", push.jsonWn("{\"t\": 21.5}"));
            String json = awaitReply(readings, "json_wn", r -> r.contains("\"t\""));
            assertTrue(json.matches("\\{\"t\": \\[\\d+\\.\\d+, 21\\.5\\]\\}"), json);
            assertEquals("{\"t\":21.5}", heard.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

            listener.send(Map.of("p", List.of(1.5, 2.5)));
            assertEquals("[1.5, 2.5]", awaitReply(readings, "p#json", r -> r.startsWith("[")));
        }
    }

    @Test
    void aBridgeToBridgeRouteRelaysTheWireBytesUnlessTheyAreNotValidJson() throws Exception {
        int in = freeTcpPort();
        int out = freeTcpPort();
        start("""
                metrics: {enabled: false}
                http: {port: 0}
                nodes:
                  - {kind: bridge-server, name: in, port: %d}
                  - {kind: bridge-server, name: out, port: %d}
                connections: [{from: in, to: out}]
                """.formatted(in, out));
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (Transport transport = Transport.create("relay", 1, true);
             BridgeClient listener = BridgeClient.builder("127.0.0.1", out).name("listener").transport(transport).build();
             BridgeClient sender = BridgeClient.builder("127.0.0.1", in).name("sender").transport(transport).build()) {
            listener.subscribe(m -> heard.add(m.text()));
            listener.start();
            sender.start();
            assertTrue(listener.awaitConnected(TIMEOUT) && sender.awaitConnected(TIMEOUT));
            awaitClientListed("out");
            // Relayed as sent (spacing, 1.50, key order), not parsed and written again ({"a":1.5,...}).
            sender.sendJson("{\"b\": [1, 2], \"a\": 1.50}");
            assertEquals("{\"b\": [1, 2], \"a\": 1.50}", heard.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            // NaN is Python's, not JSON: without python_compatible the value is encoded again, as valid JSON.
            sender.sendJson("{\"x\": NaN}");
            assertEquals("{\"x\":\"NaN\"}", heard.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            // Not an object: no codenames, not routed, counted.
            sender.sendJson("[1, 2]");
            sender.sendJson("{\"last\": true}");
            assertEquals("{\"last\": true}", heard.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(1.0, daemon.registry().get("labbridge.node.rejected").tag("node", "in")
                    .tag("reason", "not_an_object").counter().count());
        }
    }

    @Test
    void theMetricsSocketServesEveryMeterAsPoints() throws Exception {
        List<Integer> p = freePorts(3);
        start("""
                metrics: {port: %d, refresh: 50ms}
                http: {port: 0}
                nodes:
                  - {kind: push, name: in, port: %d}
                  - {kind: date-pull, name: out, port: %d}
                connections: [{from: in, to: out}]
                """.formatted(p.get(0), p.get(1), p.get(2)));
        try (PullClient metrics = pull(p.get(0))) {
            assertEquals("labbridge-metrics", metrics.name());
            String json = awaitReply(metrics, "json_wn", r -> r.contains("labbridge.route.messages|node=in"));
            assertTrue(json.contains("netty.eventexecutor.tasks.pending"), "Netty binder meters are exported");
            Map<String, Object> values = metrics.jsonWn();
            assertTrue(values.keySet().stream().noneMatch(k -> k.matches(".*[#,;:&].*")),
                    "codenames never hold PyExpLabSys's forbidden characters");
            assertTrue(values.containsKey("labbridge.route.messages|node=in|statistic=count"),
                    "a counter is marked cumulative: " + values.keySet());
            assertTrue(values.containsKey("system.cpu.count"), "a gauge is not, even named *.count: " + values.keySet());
        }
    }

    @Test
    void withAHundredSocketsTheMetricsSocketStillAnswersAndHttpServesEveryMeter() throws Exception {
        List<Integer> p = freePorts(101);
        StringBuilder yaml = new StringBuilder("metrics: {port: %d, refresh: 50ms}\nhttp: {port: 0}\nnodes:\n"
                .formatted(p.get(0)));
        for (int i = 1; i <= 100; i++) {
            yaml.append("  - {kind: push, name: in%d, port: %d}\n".formatted(i, p.get(i)));
        }
        start(yaml.toString());
        for (int i = 1; i <= 100; i++) { // each kind of request registers its meters: about 1,000 in all
            try (org.labbridge.client.udp.PushClient push = new org.labbridge.client.udp.PushClient(
                    new java.net.InetSocketAddress("127.0.0.1", p.get(i)), Duration.ofSeconds(2))) {
                push.jsonWn("{\"t\": 1}");
                push.rawWn("t:float:2");
                push.jsonWn("[1]");
            }
        }
        try (PullClient metrics = pull(p.get(0))) {
            int all = org.labbridge.daemon.metrics.MeterCodenames.snapshot(daemon.registry()).size();
            String full = awaitReply(metrics, "codenames_json", r -> r.split(",").length > 400);
            assertTrue(full.split(",").length < all, "more meters than one reply holds: " + all);
            // every command a PyExpLabSys client or the Netdata job sends answers within one datagram
            for (String command : List.of("json_wn", "raw_wn", "codenames_json", "codenames_raw")) {
                String reply = awaitReply(metrics, command, r -> !r.isEmpty());
                assertTrue(!reply.startsWith("ERROR#"), command + ": " + reply.substring(0, Math.min(200, reply.length())));
            }
            awaitReply(metrics, "json_wn", r -> r.contains("labbridge.udp."));
            Map<String, Object> values = metrics.jsonWn();
            assertTrue(values.keySet().stream().filter(k -> k.startsWith("labbridge.udp.")).count() > 100,
                    "the sockets' meters are served: " + values.size());
            String one = values.keySet().stream().filter(k -> k.startsWith("labbridge.")).findFirst().orElseThrow();
            assertTrue(metrics.request(one + "#json").startsWith("["), "a per-meter command answers");
        }
        java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + daemon.httpAddress().getPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        for (int i = 1; i <= 100; i++) {
            assertTrue(scrape.body().contains("socket=\"in" + i + "\""), "socket in" + i + " in /metrics");
        }
    }

    @Test
    void aPortInUseFailsTheStartAndReleasesWhatStarted() throws Exception {
        List<Integer> p = freePorts(2);
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.get(1)))) {
            DaemonConfig config = ConfigBinder.loadString("""
                    metrics: {enabled: false}
                    http: {port: 0}
                    nodes:
                      - {kind: date-pull, name: a, port: %d}
                      - {kind: date-pull, name: b, port: %d}
                    """.formatted(p.get(0), p.get(1)), DaemonConfig.class, "t");
            Exception e = assertThrows(Exception.class, () -> Daemon.start(config, new DefaultNodeFactory()));
            assertTrue(String.valueOf(e.getMessage()).contains(String.valueOf(p.get(1))), e.toString());
        }
        // the first socket was released: its port can be bound again at once
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.get(0)))) {
            assertEquals(p.get(0), again.getLocalPort());
        }
    }

    @Test
    void perCodenameTimeoutsApplyWithAutoCodenames() throws Exception {
        List<Integer> p = freePorts(2);
        start("""
                metrics: {enabled: false}
                http: {port: 0}
                nodes:
                  - {kind: push, name: in, port: %d}
                  - {kind: date-pull, name: out, port: %d, codenames: auto, timeouts: {t: 300ms}}
                connections: [{from: in, to: out}]
                """.formatted(p.get(0), p.get(1)));
        try (PushClient push = new PushClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.get(0)), TIMEOUT);
             PullClient pull = pull(p.get(1))) {
            assertEquals("t", pull.request("codenames_raw"), "a codename with its own timeout is registered up front");
            assertTrue(push.jsonWn("{\"t\": 1.5, \"u\": 2.5}").startsWith("ACK#"));
            assertTrue(awaitReply(pull, "t#raw", r -> r.endsWith(",1.5")).endsWith(",1.5"));
            assertEquals("OLD_DATA", awaitReply(pull, "t#raw", "OLD_DATA"::equals), "t goes stale after 300 ms");
            assertTrue(pull.request("u#raw").endsWith(",2.5"), "u has no timeout: never stale");
        }
    }

    @Test
    void oneBadCodenameDoesNotCostTheRestOfTheMessageAndAutoCodenamesAreCapped() throws Exception {
        List<Integer> p = freePorts(2);
        start("""
                metrics: {enabled: false}
                http: {port: 0}
                nodes:
                  - {kind: push, name: in, port: %d}
                  - {kind: date-pull, name: out, port: %d, codenames: auto, max_codenames: 2}
                connections: [{from: in, to: out}]
                """.formatted(p.get(0), p.get(1)));
        try (PushClient push = new PushClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.get(0)), TIMEOUT);
             PullClient pull = pull(p.get(1))) {
            assertTrue(push.jsonWn("{\"temp:1\": 20.1, \"pressure\": 1e-09}").startsWith("ACK#"));
            assertTrue(awaitReply(pull, "pressure#raw", r -> r.endsWith(",1e-09")).endsWith(",1e-09"));
            String refused = push.jsonWn("{\"a\": 1, \"b\": 2, \"pressure\": 3}");
            assertEquals("ERROR#node 'out' refuses it: The codename 'b' is new and 2 codenames are kept already "
                    + "(the most allowed); the message was not stored", refused, "a new sensor is never dropped silently");
            assertTrue(pull.request("pressure#raw").endsWith(",1e-09"), "a refused push stores nothing");
            assertTrue(push.jsonWn("{\"a\": 1, \"pressure\": 3}").startsWith("ACK#"));
            assertTrue(awaitReply(pull, "pressure#raw", r -> r.endsWith(",3")).endsWith(",3"));
            assertEquals("pressure,a", pull.request("codenames_raw"), "the cap of 2 keeps b out");
            assertEquals(1.0, daemon.registry().get("labbridge.node.rejected")
                    .tags("node", "out", "reason", "bad_codename").counter().count());
            assertEquals(1.0, daemon.registry().get("labbridge.node.rejected")
                    .tags("node", "out", "reason", "too_many_codenames").counter().count());
        }
    }
}
