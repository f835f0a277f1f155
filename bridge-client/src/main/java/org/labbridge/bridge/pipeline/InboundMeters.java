package org.labbridge.bridge.pipeline;

import io.micrometer.core.instrument.Counter;
import org.labbridge.codec.message.MessageFrameDecoder;
import org.labbridge.codec.message.ReceiveCounter;

import java.util.Objects;

/**
 * The received-messages and received-bytes meters of a bridge connection (bytes with the delimiter), told by
 * the {@code framing} handler ({@link MessageFrameDecoder}) once per read batch. Not a handler of its own:
 * a hop through the pipeline per message to count it cost more than the counting.
 */
public final class InboundMeters implements ReceiveCounter {

    private final Counter messages;
    private final Counter bytes;

    public InboundMeters(Counter messages, Counter bytes) {
        this.messages = Objects.requireNonNull(messages);
        this.bytes = Objects.requireNonNull(bytes);
    }

    @Override
    public void received(long messageCount, long byteCount) {
        messages.increment(messageCount);
        bytes.increment(byteCount);
    }
}
