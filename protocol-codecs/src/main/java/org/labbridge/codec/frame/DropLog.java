package org.labbridge.codec.frame;

import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;

/**
 * Logs drops of one connection without flooding the log: the 1st, 10th, 100th, ... drop is logged at WARN
 * (with the running count), the others at DEBUG. Counting is the {@link FrameDropListener}'s job.
 * One instance per handler instance, i.e. per connection; used on the event loop only.
 */
public final class DropLog {

    private final Logger log;
    private long drops;
    private long nextWarn = 1;

    public DropLog(Logger log) {
        this.log = log;
    }

    public void log(ChannelHandlerContext ctx, DropReason reason, long bytes, String detail) {
        drops++;
        if (drops == nextWarn) {
            nextWarn = nextWarn >= Long.MAX_VALUE / 10 ? Long.MAX_VALUE : nextWarn * 10;
            log.warn("{}: dropped a message ({}, {} bytes): {}; {} dropped on this connection so far",
                    ctx.channel(), reason.tag(), bytes, detail, drops);
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
