package org.labbridge.bridge.pipeline;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.labbridge.client.bridge.OutboundQueue;

import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Writes an {@link OutboundQueue} to the connection while it is writable: when asked ({@link #drain}, on
 * the event loop) and whenever the connection becomes writable again. When the connection closes, what
 * Netty still held is taken back ({@link OutboundQueue#takeBackUnsent}: requeued at the head for the next
 * connection, or released) and the count is reported. A write failure of a queued frame is the queue's to
 * note; other errors go on down the pipeline. Not sharable: one instance per channel.
 */
public final class QueueWriter extends ChannelInboundHandlerAdapter {

    private final OutboundQueue queue;
    private final boolean requeueUnsent;
    private final Counter sent;
    private final Counter sentBytes;
    private final IntConsumer unsentAtClose;
    private volatile ChannelHandlerContext ctx;

    /**
     * @param requeueUnsent put what never reached the socket back in the queue (the client's queue outlives
     *                      its connections) rather than release it (the server's queue dies with its one)
     * @param unsentAtClose told, once the connection closed, how many messages never reached the socket
     */
    public QueueWriter(OutboundQueue queue, boolean requeueUnsent, Counter sent, Counter sentBytes,
                       IntConsumer unsentAtClose) {
        this.queue = Objects.requireNonNull(queue);
        this.requeueUnsent = requeueUnsent;
        this.sent = sent;
        this.sentBytes = sentBytes;
        this.unsentAtClose = unsentAtClose;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Writes what is queued while the connection is writable (everything when {@code force}, e.g. at a
     * graceful close), then flushes once. On the event loop.
     */
    public void drain(boolean force) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return;
        }
        int n = queue.drain(c.channel(), force, sentBytes::increment);
        if (n > 0) {
            sent.increment(n);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        drain(false); // what was queued before the connection was up (the client's queue)
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drain(false);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        int unsent = queue.takeBackUnsent(requeueUnsent);
        unsentAtClose.accept(unsent);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (queue.writeFailed(ctx.channel(), cause)) {
            return; // a queued frame that died with the connection: taken back at channelInactive
        }
        ctx.fireExceptionCaught(cause);
    }
}
