package org.labbridge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.labbridge.daemon.NodeInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /api/nodes}: every node with its kind, state, endpoint, a summary (rates in and out per
 * second, drops by reason, clients, queued messages and bytes) and all its meters. Rates are taken
 * between two readings at least {@link #MIN_INTERVAL_NANOS} apart, shared by all callers, so two
 * {@code labbridge top}s polling the same daemon see the same rates and a burst of requests costs one
 * reading a second.
 */
final class NodesEndpoint implements HttpEndpoint {

    static final long MIN_INTERVAL_NANOS = 900_000_000L;

    /** Counters whose rate is the node's input. */
    private static final List<String> IN = List.of("labbridge.udp.requests", "labbridge.bridge.messages.received",
            "labbridge.mqtt.received");
    /** Counters whose rate is the node's output. */
    private static final List<String> OUT = List.of("labbridge.udp.replies", "labbridge.bridge.messages.sent",
            "labbridge.mqtt.published");
    /** Counters that count something lost or refused (their {@code reason} tag, or the meter, names why). */
    private static final List<String> DROPS = List.of("labbridge.udp.errors", "labbridge.udp.denied",
            "labbridge.udp.queue.overflow", "labbridge.bridge.dropped.received", "labbridge.bridge.dropped.sent",
            "labbridge.bridge.connections.refused", "labbridge.node.rejected", "labbridge.route.failures",
            "labbridge.spool.records.dropped", "labbridge.mqtt.dropped", "labbridge.mqtt.bad.payloads");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeterRegistry registry;
    private final Supplier<List<NodeInfo>> nodes;
    private final LongSupplier nanoClock;
    private Reading previous;
    private Reading latest;

    private record Reading(long nanos, Map<String, NodeMeterSnapshot> byNode) {
    }

    NodesEndpoint(MeterRegistry registry, Supplier<List<NodeInfo>> nodes, LongSupplier nanoClock) {
        this.registry = registry;
        this.nodes = nodes;
        this.nanoClock = nanoClock;
    }

    @Override
    public HttpReply get(String query, String accept) {
        List<NodeInfo> infos = nodes.get();
        Reading[] pair = read(infos);
        Reading now = pair[1];
        Reading before = pair[0];
        double seconds = before == null ? 0 : (now.nanos - before.nanos) / 1e9;
        List<Map<String, Object>> out = new ArrayList<>();
        for (NodeInfo info : infos) {
            NodeMeterSnapshot s = now.byNode.get(info.name());
            NodeMeterSnapshot b = before == null ? null : before.byNode.get(info.name());
            out.add(node(info, s, b, seconds));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("time", System.currentTimeMillis() / 1000.0);
        doc.put("interval_seconds", seconds);
        doc.put("nodes", out);
        try {
            return HttpReply.json(HttpResponseStatus.OK, JSON.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The previous and the current reading; a new one is taken when the last is old enough. */
    private synchronized Reading[] read(List<NodeInfo> infos) {
        long t = nanoClock.getAsLong();
        if (latest == null || t - latest.nanos >= MIN_INTERVAL_NANOS) {
            Map<String, NodeMeterSnapshot> byNode = new HashMap<>();
            for (NodeInfo info : infos) {
                byNode.put(info.name(), NodeMeterSnapshot.of(registry, info));
            }
            previous = latest;
            latest = new Reading(t, byNode);
        }
        return new Reading[]{previous, latest};
    }

    private static Map<String, Object> node(NodeInfo info, NodeMeterSnapshot now, NodeMeterSnapshot before,
                                            double seconds) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("name", info.name());
        n.put("kind", info.kind());
        n.put("state", info.state());
        n.put("endpoint", info.endpoint());
        if (now == null) {
            return n;
        }
        n.put("in_per_second", rate(now, before, seconds, IN));
        n.put("out_per_second", rate(now, before, seconds, OUT));
        Map<String, Double> drops = new TreeMap<>();
        now.counters().forEach((key, v) -> {
            if (v > 0 && DROPS.contains(baseName(key))) {
                drops.merge(dropReason(key), v, Double::sum);
            }
        });
        n.put("drops", drops);
        n.put("clients", sum(now.gauges(), List.of("labbridge.bridge.connections", "labbridge.mqtt.connected")));
        n.put("queued_messages", sum(now.gauges(), List.of("labbridge.bridge.queued.messages",
                "labbridge.udp.queue.depth", "labbridge.mqtt.queued.messages", "labbridge.spool.pending.records")));
        n.put("queued_bytes", sum(now.gauges(), List.of("labbridge.bridge.queued.bytes",
                "labbridge.mqtt.queued.bytes", "labbridge.spool.disk.bytes")));
        n.put("counters", now.counters());
        n.put("gauges", now.gauges());
        return n;
    }

    private static double rate(NodeMeterSnapshot now, NodeMeterSnapshot before, double seconds, List<String> names) {
        if (before == null || seconds <= 0) {
            return 0;
        }
        double delta = sum(now.counters(), names) - sum(before.counters(), names);
        return Math.max(0, delta) / seconds;
    }

    private static double sum(Map<String, Double> values, List<String> names) {
        double total = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (names.contains(baseName(e.getKey()))) {
                total += e.getValue();
            }
        }
        return total;
    }

    private static String baseName(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }

    /** {@code reason} tag's value, else the meter's last name segment ({@code overflow}, {@code failures}). */
    private static String dropReason(String key) {
        int r = key.indexOf("|reason=");
        if (r >= 0) {
            int end = key.indexOf('|', r + 1);
            return key.substring(r + 8, end < 0 ? key.length() : end);
        }
        String base = baseName(key);
        return base.substring(base.lastIndexOf('.') + 1);
    }
}
