package org.labbridge.bridge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Close-delimited server connections, before the framing: notes that the client has sent bytes, i.e. has
 * started (or finished) its message, which the framing only passes on once complete. Not sharable.
 */
final class InputStartWatch extends ChannelInboundHandlerAdapter {

    private boolean started;

    /** Whether the client has sent any bytes. Event loop only. */
    boolean started() {
        return started;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        started = true;
        ctx.fireChannelRead(msg);
    }
}
