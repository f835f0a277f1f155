package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Direct buffers of the replies a socket sends over and over, so that a repeated reply costs no copy.
 *
 * <p>A pull socket answers {@code json_wn} from the byte array cached in its state snapshot: the same array
 * object until the snapshot changes. Copying it into a fresh direct buffer for every datagram was most of the
 * per-byte cost of large replies (allocation plus memcpy of up to 64 KB per request). Here a reply array seen
 * a second time (by identity) is copied once into a direct buffer kept for it, and every send gets a
 * {@link ByteBuf#retainedDuplicate() retained duplicate}: the kernel reads the same memory each time. An array
 * seen once (an {@code ACK#}, a status) costs one identity check per slot and is never kept as a buffer.
 *
 * <p>Confined to the channel's event loop (no locking): a kept buffer is released only there, when a new
 * array takes its slot or in {@link #release()}, while a datagram still queued for sending holds its own
 * reference. Memory: at most {@link #SLOTS} buffers of at most one datagram each.
 */
final class ReplyBuffers {

    /** Distinct repeated replies kept at once (e.g. {@code json_wn} and {@code raw} polled alternately). */
    static final int SLOTS = 4;

    private final byte[][] arrays = new byte[SLOTS][];
    private final ByteBuf[] buffers = new ByteBuf[SLOTS];
    private int next;

    /**
     * A buffer holding {@code reply}, owned by the caller (who passes it on to the channel, which releases it).
     */
    ByteBuf buffer(ByteBufAllocator alloc, byte[] reply) {
        for (int i = 0; i < SLOTS; i++) {
            if (arrays[i] == reply) {
                ByteBuf kept = buffers[i];
                if (kept == null) { // the second sighting: it repeats, keep it
                    kept = alloc.directBuffer(reply.length, reply.length).writeBytes(reply);
                    buffers[i] = kept;
                }
                return kept.retainedDuplicate();
            }
        }
        int slot = next;
        next = (slot + 1) % SLOTS;
        arrays[slot] = reply;
        ByteBuf old = buffers[slot];
        buffers[slot] = null;
        if (old != null) {
            old.release();
        }
        return alloc.ioBuffer(reply.length).writeBytes(reply);
    }

    /** Releases every kept buffer (the channel is gone); later calls start over. */
    void release() {
        for (int i = 0; i < SLOTS; i++) {
            arrays[i] = null;
            ByteBuf b = buffers[i];
            buffers[i] = null;
            if (b != null) {
                b.release();
            }
        }
    }
}
