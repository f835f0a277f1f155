package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text replies as slices of one kept buffer: right bytes, one buffer until full, every reference released. */
class TextSlicesTest {

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final TextSlices slices = new TextSlices();

    private ByteBuf buffer(String text) {
        return slices.buffer(alloc, text, ByteBufUtil.utf8Bytes(text));
    }

    @Test
    void repliesShareOneDirectBufferAndKeepTheirBytes() {
        ByteBuf a = buffer("ACK#{'t': 21.5}");
        ByteBuf b = buffer("ACK#{'\u00e9': '\u00b5m \ud83d\ude00'}");
        ByteBuf chunk = slices.kept();
        try {
            assertEquals("ACK#{'t': 21.5}", a.toString(StandardCharsets.UTF_8));
            assertEquals("ACK#{'\u00e9': '\u00b5m \ud83d\ude00'}", b.toString(StandardCharsets.UTF_8));
            assertTrue(a.isDirect() && b.isDirect());
            assertTrue(chunk.refCnt() > 1, "kept, and held by the slices");
            assertEquals(15 + 22, chunk.writerIndex(), "both written one after the other");
        } finally {
            a.release();
            b.release();
        }
        assertEquals(1, chunk.refCnt());
        slices.release();
        assertEquals(0, chunk.refCnt(), "released with the handler");
        assertNull(slices.kept());
    }

    @Test
    void aFullBufferLivesUntilItsLastSliceIsSent() {
        List<ByteBuf> sent = new ArrayList<>();
        String reply = "ACK#{'t': " + "1".repeat(90) + "}"; // 100 bytes
        ByteBuf first = null;
        try {
            sent.add(buffer(reply));
            first = slices.kept();
            for (int i = 0; i < TextSlices.CHUNK / 100; i++) {
                sent.add(buffer(reply));
            }
            assertNotSame(first, slices.kept(), "a new buffer once the first was full");
            assertTrue(first.refCnt() > 0, "its slices still hold the full one");
            for (ByteBuf b : sent) {
                assertEquals(reply, b.toString(StandardCharsets.UTF_8));
            }
        } finally {
            sent.forEach(ByteBuf::release);
        }
        assertEquals(0, first.refCnt());
        ByteBuf last = slices.kept();
        assertEquals(1, last.refCnt(), "the kept one");
        slices.release();
        assertEquals(0, last.refCnt());
    }

    @Test
    void aLongReplyGetsABufferOfItsOwn() {
        String reply = "ACK#{'t': '" + "y".repeat(TextSlices.MAX_SLICE) + "'}";
        ByteBuf own = buffer(reply);
        try {
            assertEquals(reply, own.toString(StandardCharsets.UTF_8));
            assertEquals(1, own.refCnt(), "not a slice (a slice would count the kept buffer's reference too)");
        } finally {
            own.release();
        }
        slices.release(); // nothing kept: a no-op
    }
}
