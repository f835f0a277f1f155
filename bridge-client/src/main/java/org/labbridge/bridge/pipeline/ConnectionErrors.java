package org.labbridge.bridge.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;

import java.util.Objects;

/**
 * The last handler: an error nobody before it handled (a reset, a broken pipe, a TLS failure) closes the
 * connection, logged at DEBUG only: the peer controls how often it happens, and the connection meters
 * already count the close.
 */
@ChannelHandler.Sharable
public final class ConnectionErrors extends ChannelInboundHandlerAdapter {

    private final Logger log;
    private final String owner;

    /** @param owner the log prefix, e.g. {@code bridge client up -> host:45454} */
    public ConnectionErrors(Logger log, String owner) {
        this.log = Objects.requireNonNull(log);
        this.owner = Objects.requireNonNull(owner);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: connection error on {}: {}", owner, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
