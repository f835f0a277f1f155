package org.labbridge.bridge;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * On the server channel (the listener), before Netty's acceptor: enforces {@code max_connections} in
 * accept order, before the child is registered (so a refused one never gets a pipeline), counted in
 * {@code labbridge.bridge.connections.refused}. Not sharable: one per server channel.
 */
final class AcceptLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BridgeServer.class);

    private final String owner;
    private final int maxConnections;
    private final Counter refused;
    /** Children accepted and not closed yet (counted here: the registry only sees active ones). */
    private final AtomicInteger accepted = new AtomicInteger();

    /** @param maxConnections 0 = no limit */
    AcceptLimiter(String owner, int maxConnections, Counter refused) {
        this.owner = owner;
        this.maxConnections = maxConnections;
        this.refused = refused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (maxConnections > 0 && accepted.get() >= maxConnections) {
            refused.increment();
            log.warn("{}: refusing {}: max_connections ({}) reached", owner, child.remoteAddress(), maxConnections);
            child.unsafe().closeForcibly();
            return;
        }
        accepted.incrementAndGet();
        child.closeFuture().addListener(f -> accepted.decrementAndGet());
        ctx.fireChannelRead(child);
    }
}
