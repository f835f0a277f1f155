package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reused recvmmsg buffer: reused only when nothing else holds it; batches end on a partial read. */
class ReceiveBufferTest {

    @Test
    void reusedOnlyWhenFree() {
        ReceiveBuffer rb = new ReceiveBuffer(4, 100, 64);
        RecvByteBufAllocator.Handle h = rb.newHandle();
        assertEquals(400, h.guess());
        ByteBuf first = h.allocate(ByteBufAllocator.DEFAULT);
        assertEquals(400, first.capacity());
        first.writeBytes(new byte[150]);
        ByteBuf slice = first.retainedSlice(0, 100); // a packet still being processed
        first.release(); // the channel's own reference
        ByteBuf second = h.allocate(ByteBufAllocator.DEFAULT);
        assertNotSame(first, second); // never handed out while a slice lives
        assertEquals(0, second.writerIndex());
        slice.release(); // the old buffer is freed by its last holder
        assertEquals(0, first.refCnt());
        second.release();
        ByteBuf third = h.allocate(ByteBufAllocator.DEFAULT);
        assertSame(second, third); // free again: reused, cleared
        assertEquals(0, third.writerIndex());
        third.release();
        rb.release();
        assertEquals(0, third.refCnt());
    }

    @Test
    void aReadThatLeftSlotsEmptyEndsTheBatch() {
        ReceiveBuffer rb = new ReceiveBuffer(4, 100, 64);
        RecvByteBufAllocator.ExtendedHandle h = (RecvByteBufAllocator.ExtendedHandle) rb.newHandle();
        h.reset(new io.netty.channel.DefaultChannelConfig(new io.netty.channel.embedded.EmbeddedChannel()));
        h.attemptedBytesRead(400);
        h.lastBytesRead(400); // 4 datagrams: every slot full
        h.incMessagesRead(4);
        assertTrue(h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        h.lastBytesRead(200); // 2 of 4 slots: the socket is drained
        h.incMessagesRead(2);
        assertFalse(h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        rb.release();
    }

    @Test
    void oneDatagramPerReadSwitchesToOneSlotReadsAndProbesAgain() {
        ReceiveBuffer rb = new ReceiveBuffer(4, 100, 64);
        RecvByteBufAllocator.ExtendedHandle h = (RecvByteBufAllocator.ExtendedHandle) rb.newHandle();
        h.reset(new io.netty.channel.DefaultChannelConfig(new io.netty.channel.embedded.EmbeddedChannel()));
        ByteBuf b = h.allocate(ByteBufAllocator.DEFAULT);
        assertEquals(400, b.writableBytes()); // all slots: recvmmsg
        b.release();
        h.lastBytesRead(100); // one datagram
        assertFalse(h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        for (int i = 0; i < ReceiveBuffer.PROBE_EVERY; i++) {
            assertEquals(100, h.guess());
            b = h.allocate(ByteBufAllocator.DEFAULT);
            assertEquals(100, b.writableBytes()); // one slot: Netty uses recvmsg
            assertEquals(0, b.writerIndex());
            b.release();
            h.lastBytesRead(42); // level-triggered: the wake-up ends after each one-slot read
            assertFalse(h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        }
        assertEquals(400, h.guess()); // the probe offers every slot again
        b = h.allocate(ByteBufAllocator.DEFAULT);
        assertEquals(400, b.writableBytes());
        b.release();
        h.lastBytesRead(300); // load grew: stays on recvmmsg
        assertEquals(400, h.guess());
        h.lastBytesRead(400);
        h.incMessagesRead(4);
        assertTrue(h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        rb.release();
    }
}
