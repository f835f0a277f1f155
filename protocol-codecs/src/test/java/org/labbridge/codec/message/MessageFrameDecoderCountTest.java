package org.labbridge.codec.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.config.ByteSequence;
import org.labbridge.config.ByteSize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The received counts of {@link MessageFrameDecoder} (the {@code messages.received} and
 * {@code bytes.received} meters): messages passed on and their wire bytes with the delimiter, told once per
 * read batch and at end-of-stream; dropped frames are never counted as received.
 */
class MessageFrameDecoderCountTest {

    /** One {@code [messages, bytes]} per call of the counter. */
    private final List<List<Long>> calls = new ArrayList<>();
    private final List<String> drops = new ArrayList<>();

    private EmbeddedChannel channel(FramingConfig config) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        ch.pipeline().addLast(new MessageFrameDecoder(new MessageCodec(config), false,
                (r, b, d) -> drops.add(r.name()), (m, b) -> calls.add(List.of(m, b))));
        return ch;
    }

    private static ByteBuf utf8(String s) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads every message passed on (releasing nothing: messages hold no buffers) and returns their count. */
    private static int passedOn(EmbeddedChannel ch) {
        int n = 0;
        for (Object m; (m = ch.readInbound()) != null; n++) {
            ReferenceCountUtil.release(m);
        }
        return n;
    }

    @Test
    void oneCallPerReadWithTheWireBytesOfWhatItCompleted() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT);
        ch.writeInbound(utf8("{\"a\": 1}\u0017[1]\u0017{\"b\""));
        ch.writeInbound(utf8(": 2}\u0017"));
        assertEquals(3, passedOn(ch));
        // 8 + 1 and 3 + 1 bytes in the first read; the frame split across both counts in the second
        assertEquals(List.of(List.of(2L, 13L), List.of(1L, 9L)), calls);
        assertFalse(ch.finish());
        assertTrue(drops.isEmpty());
    }

    @Test
    void byteByByteCountsOnlyTheReadThatCompletesTheFrame() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT);
        byte[] wire = "{\"k\": [1, 2.5, \"x\"]}\u0017".getBytes(StandardCharsets.UTF_8);
        for (byte b : wire) {
            ch.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte(b));
        }
        assertEquals(1, passedOn(ch));
        assertEquals(List.of(List.of(1L, (long) wire.length)), calls);
        assertFalse(ch.finish());
    }

    @Test
    void droppedFramesAreNotReceivedAndTheNextOneIs() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT.withBufferSize(ByteSize.ofBytes(16)));
        ch.writeInbound(utf8("[\"this frame is longer than sixteen bytes\"]\u0017{\"a\": 1}\u0017"));
        ch.writeInbound(utf8("{oops}\u0017\"").writeByte(0xFF) // not UTF-8
                .writeBytes("\"\u0017[2]\u0017".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, passedOn(ch));
        assertEquals(List.of("OVERSIZE", "BAD_JSON", "BAD_ENCODING"), drops);
        assertEquals(List.of(List.of(1L, 9L), List.of(1L, 4L)), calls);
        assertFalse(ch.finish());
    }

    @Test
    void aMultiByteDelimiterCountsWhole() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT.withDelimiter(ByteSequence.parse("\\r\\n")));
        ch.writeInbound(utf8("1\r"));
        ch.writeInbound(utf8("\n22\r\n"));
        assertEquals(2, passedOn(ch));
        assertEquals(List.of(List.of(2L, 7L)), calls);
        assertFalse(ch.finish());
    }

    @Test
    void aRemainderAtEndOfStreamIsDroppedNotCounted() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT);
        ch.writeInbound(utf8("1\u00172"));
        assertTrue(ch.finish(), "the message 1 waits to be read");
        assertEquals(1, passedOn(ch));
        assertEquals(List.of(List.of(1L, 2L)), calls);
        assertEquals(List.of("INCOMPLETE_AT_EOF"), drops);
    }

    @Test
    void aCloseDelimitedMessageIsCountedAtEndOfStream() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT.withDelimiter(null));
        ch.writeInbound(utf8("{\"a\": [1,"));
        ch.writeInbound(utf8(" 2]}"));
        assertTrue(calls.isEmpty(), "nothing is complete before the end of the stream");
        assertTrue(ch.finish());
        assertEquals(1, passedOn(ch));
        assertEquals(List.of(List.of(1L, 13L)), calls, "no delimiter on the wire");
    }
}
