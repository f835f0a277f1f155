package org.labbridge.client.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.labbridge.codec.frame.DropReason;
import org.labbridge.codec.frame.FrameDropListener;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link BridgeMeters} of one client ({@code role=client}), registered once, and its own drop count
 * (the meters may be shared by clients with the same name).
 */
final class ClientMeters {

    final Counter received;
    final Counter receivedBytes;
    final Counter sent;
    final Counter sentBytes;
    final Counter opened;
    final Counter closed;
    final Counter connectFailures;
    final Counter idleTimeouts;
    private final Counter droppedOldest;
    private final Counter droppedClosed;
    private final Map<DropReason, Counter> droppedReceived = new EnumMap<>(DropReason.class);
    /** This client's own drops. */
    private final LongAdder dropped = new LongAdder();

    ClientMeters(MeterRegistry r, String name) {
        Tags tags = BridgeMeters.tags(name, "client");
        received = BridgeMeters.MESSAGES_RECEIVED.counter(r, tags);
        receivedBytes = BridgeMeters.BYTES_RECEIVED.counter(r, tags);
        sent = BridgeMeters.MESSAGES_SENT.counter(r, tags);
        sentBytes = BridgeMeters.BYTES_SENT.counter(r, tags);
        opened = BridgeMeters.CONNECTIONS_OPENED.counter(r, tags);
        closed = BridgeMeters.CONNECTIONS_CLOSED.counter(r, tags);
        connectFailures = BridgeMeters.CONNECT_FAILURES.counter(r, tags);
        idleTimeouts = BridgeMeters.IDLE_TIMEOUTS.counter(r, tags);
        for (DropReason reason : DropReason.values()) {
            droppedReceived.put(reason, BridgeMeters.DROPPED_RECEIVED.counter(r, tags, "reason", reason.tag()));
        }
        droppedOldest = BridgeMeters.DROPPED_SENT.counter(r, tags, "reason", OverflowPolicy.DROP_OLDEST.tag());
        droppedClosed = BridgeMeters.DROPPED_SENT.counter(r, tags, "reason", OutboundQueue.CLOSED);
    }

    /**
     * The gauges: the queue's size and bytes, and whether connected (1 or 0). Micrometer holds a gauge's
     * object weakly: these are the client and its queue, which the caller holds, never a lambda.
     */
    void registerGauges(MeterRegistry r, String name, OutboundQueue queue, BridgeClient client) {
        Tags tags = BridgeMeters.tags(name, "client");
        Gauge.builder(BridgeMeters.QUEUED_MESSAGES.meterName(), queue, OutboundQueue::size)
                .description(BridgeMeters.QUEUED_MESSAGES.description()).tags(tags).register(r);
        Gauge.builder(BridgeMeters.QUEUED_BYTES.meterName(), queue, OutboundQueue::bytes)
                .description(BridgeMeters.QUEUED_BYTES.description()).tags(tags).register(r);
        Gauge.builder(BridgeMeters.CONNECTIONS.meterName(), client, c -> c.isConnected() ? 1 : 0)
                .description(BridgeMeters.CONNECTIONS.description()).tags(tags).register(r);
    }

    /** Counts received frames the framing dropped, by reason. */
    FrameDropListener frameDrops() {
        return (reason, bytes, detail) -> droppedReceived.get(reason).increment();
    }

    /** Counts outgoing messages dropped by the queue ({@code drop_oldest} or {@code closed}). */
    void droppedSent(String reason, int messages) {
        dropped.add(messages);
        (OutboundQueue.CLOSED.equals(reason) ? droppedClosed : droppedOldest).increment(messages);
    }

    long droppedByThisClient() {
        return dropped.sum();
    }
}
