package org.labbridge.bridge;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The {@code disconnect} slow-client policy: a client that stays unwritable (not reading) for the grace
 * period is closed, counted in {@code labbridge.bridge.slow.disconnects}. The timer starts when the
 * connection becomes unwritable and is cancelled when it becomes writable again or closes. Only in the
 * pipeline under that policy (the other policies act in the pending queue alone). Not sharable.
 */
final class SlowClientGrace extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BridgeServer.class);

    private final String owner;
    private final Duration grace;
    private final Counter slowDisconnects;
    private final IntSupplier pendingMessages;
    private ScheduledFuture<?> timer;

    /** @param pendingMessages the connection's pending queue size, for the log line */
    SlowClientGrace(String owner, Duration grace, Counter slowDisconnects, IntSupplier pendingMessages) {
        this.owner = owner;
        this.grace = grace;
        this.slowDisconnects = slowDisconnects;
        this.pendingMessages = pendingMessages;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            cancel();
        } else {
            start(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void start(Channel channel) {
        if (timer != null) {
            return;
        }
        timer = channel.eventLoop().schedule(() -> {
            timer = null;
            if (channel.isActive() && !channel.isWritable()) {
                slowDisconnects.increment();
                log.warn("{}: disconnecting {}: not reading for {} ms ({} messages pending)", owner,
                        channel.remoteAddress(), grace.toMillis(), pendingMessages.getAsInt());
                channel.close();
            }
        }, grace.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
