package org.labbridge.codec.frame;

import io.netty.channel.ChannelHandlerContext;
import org.labbridge.logging.RateLimitedLogger;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.util.EnumMap;
import java.util.Map;

/**
 * Logs drops without flooding the log: at most about one WARN line per {@link DropReason} per interval
 * across every connection sharing the {@link RateLimitedLogger} (a peer opening many connections must not
 * get one line each), then a summary; every drop at DEBUG. Counting is the {@link FrameDropListener}'s job.
 * One instance per handler instance, i.e. per connection; used on the event loop only.
 */
public final class DropLog {

    private static final Map<DropReason, String> CAUSES = new EnumMap<>(DropReason.class);

    static {
        for (DropReason reason : DropReason.values()) {
            CAUSES.put(reason, "bridge frames dropped (" + reason.tag() + ")");
        }
    }

    private final RateLimitedLogger limited;
    private final Logger log;
    private long drops;

    /** @param limited shared by all connections of a decoder class, so the limit is per cause, not per peer */
    public DropLog(RateLimitedLogger limited) {
        this.limited = limited;
        this.log = limited.logger();
    }

    public void log(ChannelHandlerContext ctx, DropReason reason, long bytes, String detail) {
        drops++;
        String cause = CAUSES.get(reason);
        if (limited.permits(Level.WARN, cause)) {
            log.warn("{}: {}: dropped a message ({} bytes): {}; {} dropped on this connection so far",
                    cause, ctx.channel(), bytes, detail, drops);
        } else if (log.isDebugEnabled()) {
            log.debug("{}: dropped a message ({}, {} bytes): {}", ctx.channel(), reason.tag(), bytes, detail);
        }
    }

    /** Logs and tells the listener. */
    public void drop(ChannelHandlerContext ctx, FrameDropListener listener, DropReason reason, long bytes, String detail) {
        log(ctx, reason, bytes, detail);
        listener.onDrop(reason, bytes, detail);
    }
}
