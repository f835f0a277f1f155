package org.labbridge.client.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Close-delimited sending (null delimiter): one connection per message, in order. The message is taken
 * from the queue before connecting (it is "in flight" until a connection takes it), written, and ended by
 * shutting our output down; then the client waits up to {@link #CLOSE_WAIT} for the server to close (a
 * server that closes after taking the message, like labbridge's, makes the sending ordered end to end)
 * before the next connection. All calls on the client's event loop.
 */
final class MessagePerConnection implements Reconnector.Session {

    /** How long to wait for the server to close after the message was sent. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final OutboundQueue queue;
    private final ClientMeters meters;
    /** Told 1 when a message's write succeeded (see {@code BridgeClient.Builder#onWritten}). */
    private final IntConsumer written;
    /** The frame of the next connection: taken from the queue, not yet handed to a connection. */
    private ByteBuf inFlight;

    MessagePerConnection(OutboundQueue queue, ClientMeters meters, IntConsumer written) {
        this.queue = queue;
        this.meters = meters;
        this.written = written;
    }

    @Override
    public boolean wantsConnection() {
        if (inFlight == null) {
            inFlight = queue.poll();
        }
        return inFlight != null;
    }

    @Override
    public boolean perMessage() {
        return true;
    }

    @Override
    public void connected(Channel ch) {
        ByteBuf frame = inFlight;
        inFlight = null;
        meters.sent.increment();
        meters.sentBytes.increment(frame.readableBytes());
        ScheduledFuture<?> giveUp = ch.eventLoop().schedule(() -> {
            ch.close();
        }, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(cf -> giveUp.cancel(false));
        ch.writeAndFlush(frame).addListener((ChannelFutureListener) wf -> {
            if (wf.isSuccess()) {
                written.accept(1);
            }
            if (wf.isSuccess() && ch instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                ch.close();
            }
        });
    }

    /** Whether a message waits for its connection. */
    boolean hasInFlight() {
        return inFlight != null;
    }

    /** At close: releases the message waiting for its connection. @return whether there was one */
    boolean releaseInFlight() {
        if (inFlight == null) {
            return false;
        }
        inFlight.release();
        inFlight = null;
        return true;
    }
}
