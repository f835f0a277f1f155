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
}
