package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

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
 *
 * <p>Light load: Netty's native {@code recvmmsg} costs an extra {@code getsockopt(IP_RECVORIGDSTADDR)} system
 * call on every read, while a read offered a single slot uses plain {@code recvmsg}. So while reads return one
 * datagram each (one request in flight), reads offer one slot; every {@link #PROBE_EVERY}th read offers all
 * slots again, and stays there while the kernel fills more than one. The channel must be level-triggered
 * ({@code EpollMode.LEVEL_TRIGGERED}): a one-slot read ends the wake-up without draining the socket, and epoll
 * reports what is left at once.
 */
final class ReceiveBuffer extends DefaultMaxMessagesRecvByteBufAllocator {

    /** One-slot reads between two all-slot reads that check whether load has grown. */
    static final int PROBE_EVERY = 8;

    private final int slots;
    private final int slotSize;
    private final int capacity;
    private ByteBuf cached; // only touched on the channel's event loop

    ReceiveBuffer(int slots, int slotSize, int maxMessagesPerRead) {
        super(maxMessagesPerRead);
        this.slots = slots;
        this.slotSize = slotSize;
        this.capacity = slots * slotSize;
    }

    @Override
    public Handle newHandle() {
        return new MaxMessageHandle() {
            private boolean lastReadFull = true;
            private boolean multi = true; // offer all slots (recvmmsg) or one (recvmsg)
            private int singleReads;

            @Override
            public int guess() {
                return multi ? capacity : slotSize;
            }

            @Override
            public void lastBytesRead(int bytes) {
                if (multi) {
                    // recvmmsg reports (datagrams received × slot size): every slot filled means maybe more
                    int datagrams = bytes <= 0 ? 0 : bytes / slotSize;
                    lastReadFull = datagrams >= slots;
                    if (datagrams == 1) {
                        multi = false; // one at a time: the cheaper recvmsg until the next probe
                        singleReads = 0;
                    }
                } else {
                    lastReadFull = false; // level-triggered: epoll reports at once what this read left
                    if (bytes > 0 && ++singleReads >= PROBE_EVERY) {
                        multi = true;
                    }
                }
                super.lastBytesRead(bytes);
            }

            @Override
            public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
                // Netty keeps reading datagrams until a read fails with EAGAIN: one wasted read per wake-up.
                // A read that left slots empty drained the socket, so stop there.
                return lastReadFull && super.continueReading(maybeMoreDataSupplier);
            }

            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                ByteBuf c = cached;
                if (c == null || c.refCnt() != 1) {
                    if (c != null) {
                        c.release(); // still sliced by a packet in use: its holders free it
                    }
                    c = cached = alloc.directBuffer(capacity);
                }
                // Netty reads into the writable bytes: fewer than two slots make it use recvmsg (which
                // expects writerIndex 0, hence a one-slot slice rather than a moved writerIndex)
                return multi ? c.retain().clear() : c.retainedSlice(0, slotSize).clear();
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
