package org.labbridge.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.labbridge.config.ByteSequence;

/**
 * Appends the delimiter to every {@link ByteBuf} written, without copying the message: the message is
 * written with a void promise and the delimiter, a duplicate of one shared read-only buffer, with the
 * caller's promise (it completes when the whole frame is written, it fails when either part fails).
 * {@link FramedBuf} messages already end with the delimiter and are passed on unwrapped. Anything else
 * passes through untouched. Sharable.
 */
@ChannelHandler.Sharable
public final class DelimiterEncoder extends ChannelOutboundHandlerAdapter {

    private final ByteBuf delimiter;

    public DelimiterEncoder(ByteSequence delimiter) {
        if (delimiter == null) {
            throw new IllegalArgumentException("close-delimited framing has no delimiter to append");
        }
        // Unreleasable heap buffer: duplicates need no reference counting, and the GC (not a release) frees it.
        this.delimiter = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer(delimiter.toArray()).asReadOnly());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FramedBuf framed) {
            ctx.write(framed.content(), promise);
        } else if (msg instanceof ByteBuf buf) {
            ctx.write(buf, ctx.voidPromise());
            ctx.write(delimiter.duplicate(), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
