package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeated reply arrays are copied into a direct buffer once; every buffer handed out is released exactly once. */
class ReplyBuffersTest {

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final ReplyBuffers buffers = new ReplyBuffers();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuf b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRepeatedArrayIsCopiedOnceAndSharedBySends() {
        byte[] reply = bytes("{\"t\": [99.5, 21.5]}");
        ByteBuf first = buffers.buffer(alloc, reply);
        ByteBuf second = buffers.buffer(alloc, reply);
        ByteBuf third = buffers.buffer(alloc, reply);
        try {
            for (ByteBuf b : List.of(first, second, third)) {
                assertEquals("{\"t\": [99.5, 21.5]}", text(b));
                assertTrue(b.isDirect());
            }
            assertNotEquals(first.memoryAddress(), second.memoryAddress(), "a first sighting is a copy of its own");
            assertEquals(second.memoryAddress(), third.memoryAddress(), "later sends duplicate the kept buffer");
            second.readByte(); // a send consumes its own indices, never another's
            assertEquals(reply.length, third.readableBytes());
        } finally {
            first.release();
            second.release();
            third.release();
            buffers.release();
        }
        assertEquals(0, third.refCnt(), "released once the last send and the cache let go");
    }

    @Test
    void anEqualButNewArrayIsANewReply() {
        ByteBuf a = buffers.buffer(alloc, bytes("ACK#{'t': 21.5}"));
        ByteBuf b = buffers.buffer(alloc, bytes("ACK#{'t': 21.5}"));
        try {
            assertEquals(text(a), text(b));
            assertNotEquals(a.memoryAddress(), b.memoryAddress());
        } finally {
            a.release();
            b.release();
            buffers.release();
        }
    }

    @Test
    void anEvictedBufferOutlivesTheSendsStillHoldingIt() {
        byte[] kept = bytes("json_wn reply");
        buffers.buffer(alloc, kept).release();
        ByteBuf inFlight = buffers.buffer(alloc, kept);
        ByteBuf cached = inFlight.unwrap();
        List<ByteBuf> others = new ArrayList<>();
        for (int i = 0; i < ReplyBuffers.SLOTS; i++) { // fresh arrays take every slot: the kept one goes
            others.add(buffers.buffer(alloc, bytes("other " + i)));
        }
        assertEquals(1, cached.refCnt(), "the cache let go, the queued send still holds it");
        assertEquals("json_wn reply", text(inFlight));
        inFlight.release();
        assertEquals(0, cached.refCnt());
        ByteBuf again = buffers.buffer(alloc, kept);
        assertEquals("json_wn reply", text(again)); // seen anew: a copy
        again.release();
        others.forEach(ByteBuf::release);
        buffers.release();
    }
}
