package org.labbridge.access;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.RuleBasedIpFilter;
import org.labbridge.logging.RateLimitedLogger;

import java.net.InetSocketAddress;

/**
 * The first handler of a TCP server's child pipeline when an allowlist is configured: a connection from a
 * source the {@link SourceAllowlist} does not allow is closed at once, before any other handler sees it,
 * counted, and logged rate-limited. Netty's {@code ipfilter} does the gating (it removes itself from an
 * allowed connection's pipeline, so an allowed connection pays nothing after accept); the rule is the same
 * {@link SourceAllowlist} the UDP sockets use, so both match IPv4-mapped sources alike.
 */
@ChannelHandler.Sharable
public final class DeniedConnectionFilter extends RuleBasedIpFilter {

    private static final RateLimitedLogger LOG = RateLimitedLogger.of(DeniedConnectionFilter.class);

    /** The handler's name in a pipeline. */
    public static final String NAME = "ipfilter";

    private final SourceAllowlist allowlist;
    private final Counter denied;
    private final String cause;

    /**
     * @param allowlist the sources to serve (not {@link SourceAllowlist#allowsAll()}: then no filter is needed)
     * @param denied    counts every connection closed here
     * @param owner     what to name in the log, e.g. {@code bridge server 'uplink'}
     */
    public DeniedConnectionFilter(SourceAllowlist allowlist, Counter denied, String owner) {
        super(false, allowlist.asIpFilterRule());
        this.allowlist = allowlist;
        this.denied = denied;
        this.cause = owner + ": connections from sources not in allow (" + allowlist + ")";
    }

    /**
     * Puts this filter first in the pipeline of a just-accepted {@code child} (from its initializer) and says
     * whether the child is allowed: when it is not, the caller adds nothing else, so a stranger costs no
     * decoder, no queue and no meter of a connection; the filter closes it when it is registered.
     */
    public boolean install(Channel child) {
        child.pipeline().addFirst(NAME, this);
        return !(child.remoteAddress() instanceof InetSocketAddress remote) || allowlist.allows(remote);
    }

    @Override
    protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remoteAddress) {
        denied.increment();
        LOG.warn(cause, "{}: closed the one from {}", cause, remoteAddress);
        return null; // the filter closes the channel
    }
}
