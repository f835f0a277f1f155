package org.labbridge.client.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.labbridge.codec.frame.DropReason;
import org.labbridge.codec.frame.FrameDropListener;

import java.util.EnumMap;
import java.util.Map;

/**
 * The {@link BridgeMeters} both roles count the same way (what went in and out of their connections), for
 * one bridge and role; each role's meters add their own. Registered once, at construction.
 */
public abstract class ConnectionMeters {

    public final Counter received;
    public final Counter receivedBytes;
    public final Counter sent;
    public final Counter sentBytes;
    public final Counter opened;
    public final Counter closed;
    private final Map<DropReason, Counter> droppedReceived = new EnumMap<>(DropReason.class);

    /** @param tags {@link BridgeMeters#tags} of the bridge and role */
    protected ConnectionMeters(MeterRegistry r, Tags tags) {
        received = BridgeMeters.MESSAGES_RECEIVED.counter(r, tags);
        receivedBytes = BridgeMeters.BYTES_RECEIVED.counter(r, tags);
        sent = BridgeMeters.MESSAGES_SENT.counter(r, tags);
        sentBytes = BridgeMeters.BYTES_SENT.counter(r, tags);
        opened = BridgeMeters.CONNECTIONS_OPENED.counter(r, tags);
        closed = BridgeMeters.CONNECTIONS_CLOSED.counter(r, tags);
        for (DropReason reason : DropReason.values()) {
            droppedReceived.put(reason, BridgeMeters.DROPPED_RECEIVED.counter(r, tags, "reason", reason.tag()));
        }
    }

    /** Counts received frames the framing dropped, by reason. */
    public FrameDropListener frameDrops() {
        return (reason, bytes, detail) -> droppedReceived.get(reason).increment();
    }
}
