package org.labbridge.client.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundQueueTest {

    private final List<String> drops = new ArrayList<>();

    private static ByteBuf frame(String s) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private OutboundQueue queue(OverflowPolicy p) {
        return new OutboundQueue(3, 1000, p, (reason, n) -> drops.add(reason + ":" + n));
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    @Test
    void dropOldestKeepsTheNewest() {
        OutboundQueue q = queue(OverflowPolicy.DROP_OLDEST);
        assertTrue(q.offer(frame("a")), "the first offer asks for a drain");
        assertFalse(q.offer(frame("b")), "one drain per batch");
        q.offer(frame("c"));
        q.offer(frame("d"));
        assertEquals(List.of("drop_oldest:1"), drops);
        EmbeddedChannel ch = new EmbeddedChannel();
        assertEquals(3, q.drain(ch, false, b -> { }));
        assertEquals("bcd", written(ch));
        assertEquals(0, q.size());
        assertFalse(ch.finish());
    }

    @Test
    void dropNewestKeepsTheOldestAndBatchesCountAsTheirMessages() {
        OutboundQueue q = queue(OverflowPolicy.DROP_NEWEST);
        q.offer(frame("ab"), 2);
        q.offer(frame("cd"), 2); // 4 > 3 messages
        q.offer(frame("e"));
        assertEquals(List.of("drop_newest:2"), drops);
        assertEquals(3, q.size());
        EmbeddedChannel ch = new EmbeddedChannel();
        assertEquals(3, q.drain(ch, false, b -> { }));
        assertEquals("abe", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void byteBoundAndCloseReleaseEverything() {
        OutboundQueue q = new OutboundQueue(100, 4, OverflowPolicy.DROP_OLDEST, (r, n) -> drops.add(r + ":" + n));
        q.offer(frame("12"));
        q.offer(frame("34"));
        q.offer(frame("5")); // 5 bytes > 4: the oldest goes
        assertEquals(List.of("drop_oldest:1"), drops);
        assertEquals(3, q.bytes());
        assertEquals(2, q.close());
        q.offer(frame("late"));
        assertEquals(List.of("drop_oldest:1", "closed:1"), drops);
    }

    @Test
    void anUnwritableChannelKeepsTheRestQueuedInOrder() {
        OutboundQueue q = new OutboundQueue(10, 1 << 20, OverflowPolicy.DROP_OLDEST, (r, n) -> drops.add(r));
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(2, 4));
        q.offer(frame("aaaa"));
        q.offer(frame("bbbb"));
        q.offer(frame("cccc"));
        // writes stop once the outbound buffer is above the high mark (EmbeddedChannel writes on flush)
        int first = q.drain(ch, false, b -> { });
        assertTrue(first >= 1 && first < 3, "stopped when unwritable: " + first);
        q.offer(frame("dddd"));
        int rest = q.drain(ch, true, b -> { });
        assertEquals(4, first + rest);
        assertEquals("aaaabbbbccccdddd", written(ch));
        assertTrue(drops.isEmpty());
        assertFalse(ch.finish());
    }

    @Test
    void roomInAWritableConnectionIsUsedBeyondTheBoundsThenTheBoundsApplyAgain() {
        OutboundQueue q = queue(OverflowPolicy.DROP_NEWEST); // 3 messages, 1000 bytes
        q.offer(frame("abc"), 3);
        q.offer(frame("de"), 2, 10); // beyond 3 messages, but the connection has room: kept
        q.offer(frame("x".repeat(1100)), 1, 10); // beyond bytes + room: dropped by the policy
        q.offer(frame("f"), 1, 0); // no room (unwritable): the bounds apply
        assertEquals(List.of("drop_newest:1", "drop_newest:1"), drops);
        assertEquals(5, q.size());
        EmbeddedChannel ch = new EmbeddedChannel();
        assertEquals(5, q.drain(ch, false, b -> { }));
        assertEquals("abcde", written(ch));
        assertFalse(ch.finish());
    }

    @Test
    void theWrittenListenerIsToldWhatReachedTheSocketOnceInOrder() throws Exception {
        OutboundQueue q = new OutboundQueue(10, 1 << 20, OverflowPolicy.DROP_OLDEST, (r, n) -> drops.add(r));
        List<Integer> told = new ArrayList<>();
        q.onWritten(told::add);
        // A connection that takes the writes but never completes them, then dies: nothing was written.
        List<Object> held = new ArrayList<>();
        List<io.netty.channel.ChannelPromise> promises = new ArrayList<>();
        EmbeddedChannel dying = new EmbeddedChannel(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise p) {
                held.add(msg);
                promises.add(p);
            }
        });
        q.offer(frame("a"));
        q.offer(frame("b"));
        assertEquals(2, q.drain(dying, false, b -> { }));
        assertEquals(List.of(), told, "not on the socket yet");
        dying.close();
        for (int i = 0; i < held.size(); i++) {
            io.netty.util.ReferenceCountUtil.release(held.get(i));
            if (promises.get(i).isVoid()) {
                assertTrue(q.writeFailed(dying, new java.io.IOException("connection reset")));
            } else {
                promises.get(i).setFailure(new java.io.IOException("connection reset"));
            }
        }
        assertEquals(2, q.takeBackUnsent(true), "both queued again");
        assertEquals(List.of(), told, "a failed write is not told");
        q.offer(frame("c"));
        EmbeddedChannel next = new EmbeddedChannel();
        assertEquals(3, q.drain(next, false, b -> { }));
        assertEquals("abc", written(next));
        assertEquals(List.of(3), told, "told once each, when they reached a socket");
        assertFalse(next.finish());
    }

    @Test
    void anOfferAfterAPollAsksForAWakeUpAgain() {
        OutboundQueue q = queue(OverflowPolicy.DROP_OLDEST);
        assertTrue(q.offer(frame("a")), "the first offer asks for a wake-up");
        assertFalse(q.offer(frame("b")), "one per batch");
        ByteBuf a = q.poll();
        assertEquals("a", a.toString(StandardCharsets.UTF_8));
        a.release();
        assertTrue(q.offer(frame("c")), "the consumer looked: the next offer wakes it again");
        assertEquals(2, q.close());
    }
}
