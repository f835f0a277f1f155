package org.labbridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.labbridge.daemon.NodeInfo;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /health and /api/nodes on their own: states, rates between readings, drops by reason. */
class OperationsEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthIs503WithAReasonUnlessServingWithEveryNodeRunning() throws Exception {
        AtomicReference<String> state = new AtomicReference<>("starting");
        AtomicReference<List<NodeInfo>> nodes = new AtomicReference<>(List.of(
                new NodeInfo("a", "push", "running", "push udp", List.of()),
                new NodeInfo("b", "bridge-server", "starting", "bridge", List.of())));
        HealthEndpoint health = new HealthEndpoint(state::get, nodes::get);

        HttpReply r = health.get("", "");
        assertEquals(503, r.status().code());
        assertEquals("labbridge is starting", JSON.readTree(r.body()).get("reason").asText());

        state.set("serving");
        r = health.get("", "");
        assertEquals(503, r.status().code());
        assertEquals("nodes not running: b (starting)", JSON.readTree(r.body()).get("reason").asText());

        nodes.set(List.of(new NodeInfo("a", "push", "running", "push udp", List.of())));
        r = health.get("", "");
        assertEquals(200, r.status().code());
        assertFalse(JSON.readTree(r.body()).has("reason"));

        state.set("stopping");
        assertEquals(503, health.get("", "").status().code());
    }

    @Test
    void ratesAreTakenBetweenReadingsAtLeastASecondApartAndSharedByCallers() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter requests = registry.counter("labbridge.udp.requests", "socket", "in", "port", "8500", "command", "json_wn");
        Counter bad = registry.counter("labbridge.udp.errors", "socket", "in", "port", "8500", "reason", "bad_json");
        registry.counter("labbridge.udp.requests", "socket", "other", "port", "9000", "command", "json_wn").increment(99);
        AtomicLong clock = new AtomicLong();
        List<NodeInfo> nodes = List.of(new NodeInfo("in", "push", "running", "push udp :8500",
                List.of(Tag.of("node", "in"), Tag.of("port", "8500"))));
        NodesEndpoint endpoint = new NodesEndpoint(registry, () -> nodes, clock::get);

        requests.increment(10);
        JsonNode first = JSON.readTree(endpoint.get("", "").body()).get("nodes").get(0);
        assertEquals(0.0, first.get("in_per_second").asDouble(), "no rate from one reading");
        assertEquals(10.0, first.get("counters").get("labbridge.udp.requests|command=json_wn").asDouble(),
                "only this node's meters, without its own tags in the key");

        requests.increment(30);
        bad.increment(2);
        clock.addAndGet(500_000_000L); // too soon: the same reading
        assertEquals(0.0, JSON.readTree(endpoint.get("", "").body()).get("nodes").get(0).get("in_per_second").asDouble());

        clock.addAndGet(1_500_000_000L); // 2 s after the first reading
        JsonNode second = JSON.readTree(endpoint.get("", "").body()).get("nodes").get(0);
        assertEquals(15.0, second.get("in_per_second").asDouble(), 1e-9, "30 requests in 2 s");
        assertEquals(2.0, second.get("drops").get("bad_json").asDouble());
        assertTrue(JSON.readTree(endpoint.get("", "").body()).get("interval_seconds").asDouble() > 1.9);
    }
}
