package org.labbridge.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.labbridge.config.ByteSequence;
import org.labbridge.logging.RateLimitedLogger;

import java.util.List;

/**
 * Splits a byte stream into frames, modelled on Netty's {@code DelimiterBasedFrameDecoder} with the
 * differences the bridge needs:
 * <ul>
 *   <li>one delimiter of any length (default 0x17), which may be split across reads; the delimiter is
 *       stripped from the frames;</li>
 *   <li>{@code null} delimiter = close-delimited: everything up to end-of-stream is one frame
 *       ({@link #decodeLast}), where Netty's decoder would drop the remainder;</li>
 *   <li>a frame longer than {@code maxFrameLength} is discarded as it arrives (memory stays bounded), up
 *       to the next delimiter, then reported once with its full length; the next frame decodes normally;</li>
 *   <li>bytes after the last delimiter at end-of-stream (delimited mode) are reported as
 *       {@link DropReason#INCOMPLETE_AT_EOF}, never silently lost.</li>
 * </ul>
 * Emits retained slices of the cumulation ({@link ByteBuf}); whoever handles them releases them.
 * Empty frames (two delimiters in a row) are emitted as empty buffers: the message layer decides.
 * A subclass may instead decode each frame where it lies ({@link #emit}, as Netty's decoders have
 * {@code extractFrame}): no slice, no reference counting, no further pipeline step per frame.
 * Not sharable: one instance per channel.
 */
public class DelimitedFrameDecoder extends ByteToMessageDecoder {

    /** Shared by every connection: drop lines are limited per reason, not per peer. */
    private static final RateLimitedLogger DROPS = RateLimitedLogger.of(DelimitedFrameDecoder.class);

    private final byte[] delimiter;
    private final int maxFrameLength;
    private final FrameDropListener listener;
    private final DropLog dropLog = new DropLog(DROPS);

    /** True while the bytes of an oversize frame are being skipped. */
    private boolean discarding;
    /** Bytes of the current oversize frame skipped so far. */
    private long discardedBytes;
    /**
     * Bytes after readerIndex already searched without finding the start of a delimiter: relative to
     * readerIndex (like LineBasedFrameDecoder's offset) because the cumulator may move the indexes.
     */
    private int scanned;

    /**
     * @param delimiter      the frame delimiter, {@code null} for close-delimited frames
     * @param maxFrameLength the longest frame accepted (without the delimiter), at least 1
     * @param listener       told about every dropped frame
     */
    public DelimitedFrameDecoder(ByteSequence delimiter, int maxFrameLength, FrameDropListener listener) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        this.delimiter = delimiter == null ? null : delimiter.toArray();
        this.maxFrameLength = maxFrameLength;
        this.listener = listener == null ? FrameDropListener.NONE : listener;
        setCumulator(CompactingCumulator.INSTANCE);
    }

    /** A decoder for the framing part of {@code config}. */
    public DelimitedFrameDecoder(FramingConfig config, FrameDropListener listener) {
        this(config.delimiter(), config.bufferSize().toIntClamped(), listener);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (delimiter == null) {
            skipIfOversize(in);
            return;
        }
        int dlen = delimiter.length;
        while (in.isReadable()) {
            if (scanned == 0 && !discarding) {
                emitLeadingFrames(ctx, in, out);
                if (!in.isReadable()) {
                    return;
                }
            }
            int index = indexOfDelimiter(in, in.readerIndex() + scanned);
            if (index < 0) {
                int readable = in.readableBytes();
                // The last dlen-1 bytes may be the start of a delimiter: they stay unscanned.
                int safe = Math.max(0, readable - (dlen - 1));
                if (discarding) {
                    in.skipBytes(safe);
                    discardedBytes += safe;
                    scanned = 0;
                } else if (safe > maxFrameLength) {
                    discarding = true;
                    discardedBytes = safe;
                    in.skipBytes(safe);
                    scanned = 0;
                } else {
                    scanned = safe;
                }
                return;
            }
            int frameLength = index - in.readerIndex();
            scanned = 0;
            if (discarding) {
                long total = discardedBytes + frameLength;
                discarding = false;
                discardedBytes = 0;
                in.skipBytes(frameLength + dlen);
                oversize(ctx, total);
            } else if (frameLength > maxFrameLength) {
                in.skipBytes(frameLength + dlen);
                oversize(ctx, frameLength);
            } else {
                emit(ctx, in, frameLength, out);
                in.skipBytes(dlen);
            }
        }
    }

    /** Close-delimited mode: never hold more than maxFrameLength bytes. */
    private void skipIfOversize(ByteBuf in) {
        int readable = in.readableBytes();
        if (discarding) {
            discardedBytes += readable;
            in.skipBytes(readable);
        } else if (readable > maxFrameLength) {
            discarding = true;
            discardedBytes = readable;
            in.skipBytes(readable);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // ByteToMessageDecoder has already run decode() on what is buffered: what is left is a remainder.
        if (delimiter == null) {
            skipIfOversize(in);
            if (discarding) {
                long total = discardedBytes;
                discarding = false;
                discardedBytes = 0;
                oversize(ctx, total);
            } else if (in.isReadable()) {
                emit(ctx, in, in.readableBytes(), out);
            }
            return;
        }
        int readable = in.readableBytes();
        in.skipBytes(readable);
        scanned = 0;
        if (discarding) {
            long total = discardedBytes + readable;
            discarding = false;
            discardedBytes = 0;
            oversize(ctx, total);
        } else if (readable > 0) {
            drop(ctx, DropReason.INCOMPLETE_AT_EOF, readable,
                    "connection closed " + readable + " bytes after the last delimiter");
        }
    }

    /**
     * Passes on one complete frame: the next {@code length} readable bytes of {@code in} (without the
     * delimiter), which this method must consume. By default a retained slice goes to {@code out}.
     */
    protected void emit(ChannelHandlerContext ctx, ByteBuf in, int length, List<Object> out) {
        out.add(in.readRetainedSlice(length));
    }

    /**
     * Called where a frame starts (in delimited mode, not while an oversize frame is skipped): a subclass
     * may consume the complete frames it can handle at once, each with its delimiter, from the reader index
     * on, and leave the rest (the first frame it cannot, and all after it) to be framed here as usual. A
     * frame consumed here must be exactly the frame this decoder would have found: the bytes up to the first
     * delimiter, at most {@code maxFrameLength} of them. By default nothing.
     */
    protected void emitLeadingFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    }

    /** The longest frame accepted (without the delimiter). */
    protected final int maxFrameLength() {
        return maxFrameLength;
    }

    /** Reports a dropped frame: logged (rate-limited, per connection) and told to the listener. */
    protected final void drop(ChannelHandlerContext ctx, DropReason reason, long bytes, String detail) {
        dropLog.drop(ctx, listener, reason, bytes, detail);
    }

    private void oversize(ChannelHandlerContext ctx, long length) {
        drop(ctx, DropReason.OVERSIZE, length,
                "frame of " + length + " bytes exceeds buffer_size " + maxFrameLength);
    }

    /** Index of the first complete delimiter at or after {@code from}, or -1. */
    private int indexOfDelimiter(ByteBuf in, int from) {
        int end = in.writerIndex();
        byte first = delimiter[0];
        if (delimiter.length == 1) {
            return in.indexOf(from, end, first);
        }
        while (from < end) {
            int i = in.indexOf(from, end, first);
            if (i < 0 || i + delimiter.length > end) {
                return -1;
            }
            int k = 1;
            while (k < delimiter.length && in.getByte(i + k) == delimiter[k]) {
                k++;
            }
            if (k == delimiter.length) {
                return i;
            }
            from = i + 1;
        }
        return -1;
    }
}
