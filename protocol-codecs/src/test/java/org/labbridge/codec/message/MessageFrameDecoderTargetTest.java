package org.labbridge.codec.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.config.ByteSize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MessageFrameDecoder} with a target: every message goes to it as it is decoded, in order, and nothing
 * goes down the pipeline; framing, drops and counts are as without one.
 */
class MessageFrameDecoderTargetTest {

    private final List<String> got = new ArrayList<>();
    private final List<String> drops = new ArrayList<>();
    private final long[] counted = new long[2];

    private EmbeddedChannel channel(FramingConfig config) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        ch.pipeline().addLast(new MessageFrameDecoder(new MessageCodec(config), false,
                (r, b, d) -> drops.add(r.name()), (m, b) -> {
                    counted[0] += m;
                    counted[1] += b;
                }, m -> got.add(m.text())));
        return ch;
    }

    private static ByteBuf utf8(String s) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitFramesReachTheTargetInOrderAndNothingGoesDownThePipeline() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT);
        ch.writeInbound(utf8("{\"a\": 1}\u0017[1"));
        ch.writeInbound(utf8("]\u0017\"x\"\u0017{\"b"));
        ch.writeInbound(utf8("\": 2}\u0017"));
        assertEquals(List.of("{\"a\": 1}", "[1]", "\"x\"", "{\"b\": 2}"), got);
        assertNull(ch.readInbound());
        assertEquals(4, counted[0]);
        assertEquals(8 + 3 + 3 + 8 + 4, counted[1]);
        assertFalse(ch.finish());
    }

    @Test
    void byteByByte() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT);
        for (byte b : "[1, 2]\u0017{}\u0017".getBytes(StandardCharsets.UTF_8)) {
            ch.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte(b));
        }
        assertEquals(List.of("[1, 2]", "{}"), got);
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void oversizeAndBadFramesAreDroppedAndTheNextReachesTheTarget() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT.withBufferSize(ByteSize.ofBytes(8)));
        ch.writeInbound(utf8("[\"far too long for eight\"]\u0017[nope]\u0017[2]\u0017"));
        assertEquals(List.of("[2]"), got);
        assertEquals(List.of("OVERSIZE", "BAD_JSON"), drops);
        assertEquals(1, counted[0]);
        assertFalse(ch.finish());
    }

    @Test
    void endOfStreamRemainderIsDroppedAndACloseDelimitedMessageDelivered() {
        EmbeddedChannel delimited = channel(FramingConfig.DEFAULT);
        delimited.writeInbound(utf8("1\u00172"));
        assertFalse(delimited.finish());
        assertEquals(List.of("1"), got);
        assertEquals(List.of("INCOMPLETE_AT_EOF"), drops);
        got.clear();
        EmbeddedChannel closeDelimited = channel(FramingConfig.DEFAULT.withDelimiter(null));
        closeDelimited.writeInbound(utf8("{\"a\":"));
        closeDelimited.writeInbound(utf8(" 3}"));
        assertTrue(got.isEmpty());
        assertFalse(closeDelimited.finish());
        assertEquals(List.of("{\"a\": 3}"), got);
    }

    @Test
    void whatTheTargetThrowsReachesExceptionCaught() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new MessageFrameDecoder(new MessageCodec(FramingConfig.DEFAULT), false,
                (r, b, d) -> { }, ReceiveCounter.NONE, m -> {
                    throw new IllegalStateException("sink broke on " + m.text());
                }));
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(utf8("[7]\u0017")));
        assertEquals("sink broke on [7]", e.getCause().getMessage());
        assertFalse(ch.finish());
    }
}
