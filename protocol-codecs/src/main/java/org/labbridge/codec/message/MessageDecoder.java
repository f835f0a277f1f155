package org.labbridge.codec.message;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.labbridge.codec.frame.DropLog;
import org.labbridge.codec.frame.DropReason;
import org.labbridge.codec.frame.FrameDropListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * Frames ({@link ByteBuf}, from {@link org.labbridge.codec.frame.DelimitedFrameDecoder}) in,
 * {@link BridgeMessage}s out. A frame that is not valid in the encoding or not JSON is dropped, logged
 * (rate-limited) and reported to the listener; the next frame is decoded normally. Every frame is
 * released (by {@link MessageToMessageDecoder}). Not sharable (per-connection log state).
 */
public final class MessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(MessageDecoder.class);

    private final MessageCodec codec;
    private final boolean eager;
    private final FrameDropListener listener;
    private final DropLog dropLog = new DropLog(log);

    /**
     * @param eager build values (JSON trees) while decoding; otherwise only validate, and build on use
     */
    public MessageDecoder(MessageCodec codec, boolean eager, FrameDropListener listener) {
        super(ByteBuf.class);
        this.codec = codec;
        this.eager = eager;
        this.listener = listener == null ? FrameDropListener.NONE : listener;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        try {
            out.add(codec.decode(frame, eager, ctx.channel().remoteAddress(), Instant.now()));
        } catch (MessageDecodeException e) {
            drop(ctx, e.reason(), frame.readableBytes(), e.getMessage());
        }
    }

    private void drop(ChannelHandlerContext ctx, DropReason reason, long bytes, String detail) {
        dropLog.drop(ctx, listener, reason, bytes, detail);
    }
}
