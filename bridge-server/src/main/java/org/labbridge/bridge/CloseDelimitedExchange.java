package org.labbridge.bridge;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import org.labbridge.client.bridge.OutboundQueue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Close-delimited framing (null delimiter) on the server: a connection carries one message each way, each
 * ended by a (half-)close. The first published message is written and ended by shutting our output down
 * (later ones are not for this connection). The connection is closed when the client's input has ended
 * (its message, if any, is then complete and was passed on: closing while a client is still uploading
 * would cut it), or after {@link #READER_LINGER} if the client sent nothing (it only reads). Not sharable.
 */
final class CloseDelimitedExchange extends ChannelInboundHandlerAdapter {

    /** How long a client that sent nothing is kept after its published message. */
    static final Duration READER_LINGER = Duration.ofSeconds(5);

    private final OutboundQueue queue;
    private final InputStartWatch input;
    private final Counter sent;
    private final Counter sentBytes;
    private volatile Channel channel;
    /** Our one message was written (output shut down): later publishes skip this connection. */
    private volatile boolean outputDone;

    CloseDelimitedExchange(OutboundQueue queue, InputStartWatch input, Counter sent, Counter sentBytes) {
        this.queue = queue;
        this.input = input;
        this.sent = sent;
        this.sentBytes = sentBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Whether this connection still takes a published message (any thread). */
    boolean wantsMessage() {
        return !outputDone;
    }

    /** Writes the oldest queued message, if this connection has not had its one yet. On the event loop. */
    void drain() {
        Channel ch = channel;
        ByteBuf one = outputDone || ch == null ? null : queue.poll();
        if (one == null) {
            return;
        }
        if (!ch.isActive()) {
            one.release();
            return;
        }
        sent.increment();
        sentBytes.increment(one.readableBytes());
        outputDone = true;
        ch.eventLoop().schedule(() -> {
            if (ch.isActive() && !input.started()) {
                ch.close();
            }
        }, READER_LINGER.toNanos(), TimeUnit.NANOSECONDS);
        ch.writeAndFlush(one).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && ch instanceof DuplexChannel d) {
                d.shutdownOutput();
            } else {
                ch.close();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // Only with half-closure (close-delimited mode); after the framing, which has passed the message on.
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }
}
