package org.labbridge.client.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link BridgeMeters} of one client ({@code role=client}), registered once, and its own drop count
 * (the meters may be shared by clients with the same name).
 */
final class ClientMeters extends ConnectionMeters {

    final Counter connectFailures;
    final Counter idleTimeouts;
    private final Counter droppedOldest;
    private final Counter droppedClosed;
    /** This client's own drops. */
    private final LongAdder dropped = new LongAdder();

    ClientMeters(MeterRegistry r, String name) {
        super(r, BridgeMeters.tags(name, "client"));
        Tags tags = BridgeMeters.tags(name, "client");
        connectFailures = BridgeMeters.CONNECT_FAILURES.counter(r, tags);
        idleTimeouts = BridgeMeters.IDLE_TIMEOUTS.counter(r, tags);
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

    /** Counts outgoing messages dropped by the queue ({@code drop_oldest} or {@code closed}). */
    void droppedSent(String reason, int messages) {
        dropped.add(messages);
        (OutboundQueue.CLOSED.equals(reason) ? droppedClosed : droppedOldest).increment(messages);
    }

    long droppedByThisClient() {
        return dropped.sum();
    }
}
