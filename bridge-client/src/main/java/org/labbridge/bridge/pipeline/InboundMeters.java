package org.labbridge.bridge.pipeline;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.labbridge.codec.message.BridgeMessage;

/**
 * Counts the messages (and their bytes, delimiter included) that the framing passed on, and passes them
 * on. The counters are updated once per read batch: cheaper than once per message at millions per second.
 * Not sharable: one instance per channel.
 */
public final class InboundMeters extends ChannelInboundHandlerAdapter {

    private final Counter messages;
    private final Counter bytes;
    private final int delimiterLength;
    private long readMessages;
    private long readBytes;

    /** @param delimiterLength bytes of the delimiter that ended each message on the wire (0 when none) */
    public InboundMeters(Counter messages, Counter bytes, int delimiterLength) {
        this.messages = messages;
        this.bytes = bytes;
        this.delimiterLength = delimiterLength;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BridgeMessage m) {
            readMessages++;
            readBytes += m.size() + delimiterLength;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        flush(); // the end of the stream may pass a last message without a read-complete after it
        ctx.fireChannelInactive();
    }

    private void flush() {
        if (readMessages > 0) {
            messages.increment(readMessages);
            bytes.increment(readBytes);
            readMessages = 0;
            readBytes = 0;
        }
    }
}
