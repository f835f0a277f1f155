package org.labbridge.bridge.pipeline;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that received nothing for {@code idle_timeout} (so a reconnecting client replaces a
 * peer that went silent without a reset), counted and logged. Not sharable: one instance per channel.
 */
public final class ReadIdleCloser extends IdleStateHandler {

    private final Duration timeout;
    private final Counter idleTimeouts;
    private final Logger log;
    private final String owner;

    public ReadIdleCloser(Duration timeout, Counter idleTimeouts, Logger log, String owner) {
        super(timeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
        this.timeout = timeout;
        this.idleTimeouts = idleTimeouts;
        this.log = log;
        this.owner = owner;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        idleTimeouts.increment();
        log.warn("{}: nothing received for {} ms; closing to reconnect", owner, timeout.toMillis());
        ctx.close();
    }
}
