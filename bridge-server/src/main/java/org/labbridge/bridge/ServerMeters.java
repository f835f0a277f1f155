package org.labbridge.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.labbridge.client.bridge.BridgeMeters;
import org.labbridge.client.bridge.ConnectionMeters;
import org.labbridge.client.bridge.OutboundQueue;
import org.labbridge.client.bridge.OverflowPolicy;

import java.util.HashMap;
import java.util.Map;

/** The {@link BridgeMeters} of one server ({@code role=server}), registered once. */
final class ServerMeters extends ConnectionMeters {

    final Counter refused;
    final Counter acceptFailures;
    /** Connections closed at accept: the client's address is not in {@code allow}. */
    final Counter denied;
    final Counter slowDisconnects;
    private final Map<String, Counter> droppedSent = new HashMap<>();

    ServerMeters(MeterRegistry r, String name) {
        super(r, BridgeMeters.tags(name, "server"));
        Tags tags = BridgeMeters.tags(name, "server");
        refused = BridgeMeters.CONNECTIONS_REFUSED.counter(r, tags);
        acceptFailures = BridgeMeters.ACCEPT_FAILURES.counter(r, tags);
        denied = BridgeMeters.CONNECTIONS_DENIED.counter(r, tags, "reason", "not_allowed");
        slowDisconnects = BridgeMeters.SLOW_DISCONNECTS.counter(r, tags);
        for (OverflowPolicy p : OverflowPolicy.values()) {
            droppedSent.put(p.tag(), BridgeMeters.DROPPED_SENT.counter(r, tags, "reason", p.tag()));
        }
        droppedSent.put(OutboundQueue.CLOSED, BridgeMeters.DROPPED_SENT.counter(r, tags, "reason", OutboundQueue.CLOSED));
    }

    /**
     * The gauges: connections, queued messages and bytes. Micrometer holds a gauge's object weakly: this
     * is the server, which its owner holds.
     */
    void registerGauges(MeterRegistry r, String name, BridgeServer server) {
        Tags tags = BridgeMeters.tags(name, "server");
        Gauge.builder(BridgeMeters.CONNECTIONS.meterName(), server, BridgeServer::connectionCount)
                .description(BridgeMeters.CONNECTIONS.description()).tags(tags).register(r);
        Gauge.builder(BridgeMeters.QUEUED_MESSAGES.meterName(), server, BridgeServer::queuedMessages)
                .description(BridgeMeters.QUEUED_MESSAGES.description()).tags(tags).register(r);
        Gauge.builder(BridgeMeters.QUEUED_BYTES.meterName(), server, BridgeServer::queuedBytes)
                .description(BridgeMeters.QUEUED_BYTES.description()).tags(tags).register(r);
    }

    /** Counts outgoing messages dropped, by reason (a policy's tag or {@link OutboundQueue#CLOSED}). */
    void droppedSent(String reason, int messages) {
        droppedSent.get(reason).increment(messages);
    }
}
