package org.labbridge.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.labbridge.client.bridge.BridgeMeters;
import org.labbridge.client.bridge.OutboundQueue;
import org.labbridge.client.bridge.OverflowPolicy;
import org.labbridge.codec.frame.DropReason;
import org.labbridge.codec.frame.FrameDropListener;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The {@link BridgeMeters} of one server ({@code role=server}), registered once. */
final class ServerMeters {

    final Counter received;
    final Counter receivedBytes;
    final Counter sent;
    final Counter sentBytes;
    final Counter opened;
    final Counter closed;
    final Counter refused;
    final Counter acceptFailures;
    final Counter slowDisconnects;
    private final Map<DropReason, Counter> droppedReceived = new EnumMap<>(DropReason.class);
    private final Map<String, Counter> droppedSent = new HashMap<>();

    ServerMeters(MeterRegistry r, String name) {
        Tags tags = BridgeMeters.tags(name, "server");
        received = BridgeMeters.MESSAGES_RECEIVED.counter(r, tags);
        receivedBytes = BridgeMeters.BYTES_RECEIVED.counter(r, tags);
        sent = BridgeMeters.MESSAGES_SENT.counter(r, tags);
        sentBytes = BridgeMeters.BYTES_SENT.counter(r, tags);
        opened = BridgeMeters.CONNECTIONS_OPENED.counter(r, tags);
        closed = BridgeMeters.CONNECTIONS_CLOSED.counter(r, tags);
        refused = BridgeMeters.CONNECTIONS_REFUSED.counter(r, tags);
        acceptFailures = BridgeMeters.ACCEPT_FAILURES.counter(r, tags);
        slowDisconnects = BridgeMeters.SLOW_DISCONNECTS.counter(r, tags);
        for (DropReason reason : DropReason.values()) {
            droppedReceived.put(reason, BridgeMeters.DROPPED_RECEIVED.counter(r, tags, "reason", reason.tag()));
        }
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

    /** Counts received frames the framing dropped, by reason. */
    FrameDropListener frameDrops() {
        return (reason, bytes, detail) -> droppedReceived.get(reason).increment();
    }

    /** Counts outgoing messages dropped, by reason (a policy's tag or {@link OutboundQueue#CLOSED}). */
    void droppedSent(String reason, int messages) {
        droppedSent.get(reason).increment(messages);
    }
}
