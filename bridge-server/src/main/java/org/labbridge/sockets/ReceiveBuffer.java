package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;

/**
 * The receive buffer of an epoll datagram channel that reads with {@code recvmmsg}: one direct buffer of
 * {@code slots × slotSize} bytes, allocated once and reused for every read while no packet of the previous
 * read still holds a slice of it (checked through its reference count, so reuse is never unsafe: a buffer
 * still in use is dropped and a new one allocated).
 *
 * <p>Why: the kernel fills up to {@code slots} datagrams per system call, as the C limit server does, while
 * each slot can still hold a whole 65,507-byte datagram. Allocating that much per read would cost far more
 * than the system calls saved; reusing it costs nothing. Memory: {@code slots × slotSize} per socket
 * (1 MiB with the defaults), held until {@link #release()}.
 */
final class ReceiveBuffer extends DefaultMaxMessagesRecvByteBufAllocator {

    private final int capacity;
    private ByteBuf cached; // only touched on the channel's event loop

    ReceiveBuffer(int slots, int slotSize, int maxMessagesPerRead) {
        super(maxMessagesPerRead);
        this.capacity = slots * slotSize;
    }

    @Override
    public Handle newHandle() {
        return new MaxMessageHandle() {
            @Override
            public int guess() {
                return capacity;
            }

            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                ByteBuf c = cached;
                if (c != null && c.refCnt() == 1) {
                    return c.retain().clear();
                }
                if (c != null) {
                    c.release(); // still sliced by a packet in use: its holders free it
                }
                cached = alloc.directBuffer(capacity);
                return cached.retain();
            }
        };
    }

    /** Frees the buffer; call on the event loop once the channel is closed. */
    void release() {
        if (cached != null) {
            cached.release();
            cached = null;
        }
    }
}
