package org.labbridge.codec.message;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import org.labbridge.codec.frame.DelimitedFrameDecoder;
import org.labbridge.codec.frame.FrameDropListener;
import org.labbridge.codec.python.JsonValidator;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Bytes in, {@link BridgeMessage}s out: the framing of {@link DelimitedFrameDecoder} (delimiter,
 * {@code buffer_size}, close-delimited mode, oversize and end-of-stream handling) with each frame copied
 * out of the cumulation and decoded by the {@link MessageCodec} where it lies. One handler rather than a
 * frame decoder followed by a message decoder, because at a million messages/s the step between them (a
 * slice, two reference-count updates, a second pipeline hop per frame) cost more than the framing itself.
 *
 * <p>A frame that is not valid in the encoding or not JSON is dropped, logged (rate-limited) and reported
 * to the listener, like an oversize one; the next frame decodes normally. Nothing is retained: every
 * message owns a copy of its bytes. Not sharable: one instance per channel.
 *
 * <p>The messages passed on and their wire bytes are counted here and reported to the
 * {@link ReceiveCounter} once per read batch (and at end-of-stream): a counting handler after this one
 * cost a pipeline hop per message, about 6 % of a relay's CPU at a million messages/s.
 *
 * <p>With a {@code target} ({@link #MessageFrameDecoder(MessageCodec, boolean, FrameDropListener,
 * ReceiveCounter, Consumer)}) every message is handed to it as soon as it is decoded, in the order of the
 * connection, instead of being fired down the pipeline: the bridge's connections deliver this way, because
 * a pipeline hop per message (finding the next context, the event-loop check, a megamorphic call) was
 * ~9 % of a relay's CPU. Without one, messages go down the pipeline as usual.
 */
public final class MessageFrameDecoder extends DelimitedFrameDecoder {

    private final MessageCodec codec;
    private final boolean eager;
    /** This connection's validator state, re-used for every frame (no garbage per message). */
    private final JsonValidator.Checker checker;
    private final ReceiveCounter counter;
    /** Where messages go, or {@code null}: down the pipeline. */
    private final Consumer<BridgeMessage> target;
    /** Wire bytes of the delimiter that ended each message (0 when close-delimited). */
    private final int delimiterLength;
    /** The delimiter (empty when close-delimited). */
    private final byte[] delimiter;
    /** Whether valid frames are split and validated in one pass ({@link #emitLeadingFrames}). */
    private final boolean splitsAcceptedFrames;
    /** The copy of the read that {@link #emitLeadingFrames} scans; only during {@link #decode}. */
    private ReadWindow window;
    /** Messages passed on (and their wire bytes) since the counter was last told. */
    private long readMessages;
    private long readBytes;
    /**
     * When the frames of the current read arrived: taken once per read rather than once per frame (a
     * clock call per message was measurable at a million messages/s, and the frames of one read did arrive
     * together). Cleared at the end of every read.
     */
    private Instant readTime;

    /**
     * @param eager    build values (JSON trees) while decoding; otherwise only validate, and build on use
     * @param listener told about every dropped frame (oversize, incomplete at end-of-stream, bad encoding,
     *                 bad JSON)
     */
    public MessageFrameDecoder(MessageCodec codec, boolean eager, FrameDropListener listener) {
        this(codec, eager, listener, ReceiveCounter.NONE);
    }

    /** @param counter told the messages passed on and their wire bytes, once per read batch */
    public MessageFrameDecoder(MessageCodec codec, boolean eager, FrameDropListener listener,
                               ReceiveCounter counter) {
        this(codec, eager, listener, counter, null);
    }

    /**
     * @param counter told the messages passed on and their wire bytes, once per read batch
     * @param target  given every message on the event loop, in order, instead of the next handler
     *                ({@code null}: down the pipeline); what it throws reaches {@code exceptionCaught}
     */
    public MessageFrameDecoder(MessageCodec codec, boolean eager, FrameDropListener listener,
                               ReceiveCounter counter, Consumer<BridgeMessage> target) {
        super(codec.config(), listener);
        this.codec = codec;
        this.eager = eager;
        this.checker = codec.newChecker();
        this.counter = Objects.requireNonNull(counter);
        this.target = target;
        var configured = codec.config().delimiter();
        this.delimiter = configured == null ? new byte[0] : configured.toArray();
        this.delimiterLength = delimiter.length;
        this.splitsAcceptedFrames = codec.splitsAcceptedFrames();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!splitsAcceptedFrames) {
            super.decode(ctx, in, out);
            return;
        }
        // Locals, not only the field: a decode re-entered on this thread (a target feeding a decoder, even
        // this one) must leave the caller's window as it found it, and hand back only the one it acquired.
        ReadWindow acquired = ReadWindow.acquire();
        ReadWindow caller = window;
        window = acquired;
        try {
            super.decode(ctx, in, out);
        } finally {
            window = caller;
            if (acquired != null) {
                acquired.release();
            }
        }
    }

    /**
     * The valid frames from the reader index on, split and validated in one pass over a copy of the read
     * ({@link JsonValidator.Checker#acceptFrom}): a frame is a document the fast validator accepts followed
     * at once by the delimiter, which is then exactly the frame the delimiter search would find (valid
     * JSON holds no byte of the delimiter's kind, see {@link MessageCodec#splitsAcceptedFrames}). Stops at
     * the first frame it does not accept (invalid, beyond the fast path's bounds, longer than
     * {@code buffer_size}, or unfinished): that one is framed, checked and reported the usual way.
     */
    @Override
    protected void emitLeadingFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ReadWindow w = window;
        if (w == null) {
            return;
        }
        int p = w.positionOf(in, in.readerIndex());
        byte[] b = w.bytes();
        int limit = w.limit();
        int maxFrame = maxFrameLength();
        SocketAddress source = ctx.channel().remoteAddress();
        Instant time = readTime();
        for (;;) {
            int end = checker.acceptFrom(b, p);
            if (end < 0 || end - p > maxFrame || !delimiterAt(b, end, limit)) {
                return;
            }
            byte[] payload = Arrays.copyOfRange(b, p, end);
            boolean nonFinite = checker.lastNonFinite();
            int length = end - p;
            p = end + delimiterLength;
            in.readerIndex(w.base() + p); // consumed before it is handed on: a target may throw
            BridgeMessage message;
            try {
                message = codec.acceptedJson(payload, nonFinite, eager, source, time);
            } catch (MessageDecodeException e) {
                drop(ctx, e.reason(), length, e.getMessage());
                continue;
            }
            pass(message, length, out);
        }
    }

    private boolean delimiterAt(byte[] b, int i, int limit) {
        if (limit - i < delimiter.length) {
            return false;
        }
        for (int k = 0; k < delimiter.length; k++) {
            if (b[i + k] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void emit(ChannelHandlerContext ctx, ByteBuf in, int length, List<Object> out) {
        byte[] payload = new byte[length];
        in.readBytes(payload);
        BridgeMessage message;
        try {
            message = codec.decode(payload, eager, ctx.channel().remoteAddress(), readTime(), checker);
        } catch (MessageDecodeException e) {
            drop(ctx, e.reason(), length, e.getMessage());
            return;
        }
        pass(message, length, out);
    }

    private Instant readTime() {
        Instant t = readTime;
        if (t == null) {
            t = Instant.now();
            readTime = t;
        }
        return t;
    }

    /** Counts a message of {@code length} frame bytes and hands it on. */
    private void pass(BridgeMessage message, int length, List<Object> out) {
        readMessages++;
        readBytes += length + delimiterLength;
        if (target != null) {
            target.accept(message);
        } else {
            out.add(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        readTime = null;
        count();
        super.channelReadComplete(ctx);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        super.decodeLast(ctx, in, out);
        count(); // end-of-stream: what was read last has no read-complete of its own
    }

    private void count() {
        if (readMessages > 0) {
            counter.received(readMessages, readBytes);
            readMessages = 0;
            readBytes = 0;
        }
    }
}
