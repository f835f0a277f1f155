package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Small text replies (a push's {@code ACK#}) written one after the other into one kept direct buffer, each
 * sent as a {@link ByteBuf#retainedSlice retained slice} of it: a pooled buffer allocated and freed per reply
 * (the allocator's magazines and free-segment queues) was the largest cost a push's reply had over a pull's.
 *
 * <p>Confined to the channel's event loop. The kept buffer is released (its reference) when it is full and
 * a new one takes over, or in {@link #release()}; every slice holds its own reference until its datagram
 * is sent, so the memory of a full buffer goes back when its last slice is gone. Memory: the queued
 * replies plus one buffer of {@link #CHUNK} bytes.
 */
final class TextSlices {

    /** Bytes of one kept buffer. */
    static final int CHUNK = 16 * 1024;
    /** Replies longer than this get a buffer of their own (rare: an ACK of a large push). */
    static final int MAX_SLICE = 1024;

    private ByteBuf chunk;

    /** A buffer holding {@code text} as the {@code utf8Length} bytes of its UTF-8, owned by the caller. */
    ByteBuf buffer(ByteBufAllocator alloc, CharSequence text, int utf8Length) {
        if (utf8Length > MAX_SLICE) {
            ByteBuf own = alloc.ioBuffer(utf8Length);
            ByteBufUtil.reserveAndWriteUtf8(own, text, utf8Length);
            return own;
        }
        ByteBuf c = chunk;
        if (c == null || c.writableBytes() < utf8Length) {
            if (c != null) {
                c.release(); // the queued slices keep it until they are sent
            }
            c = alloc.directBuffer(CHUNK, CHUNK);
            chunk = c;
        }
        int start = c.writerIndex();
        ByteBufUtil.reserveAndWriteUtf8(c, text, utf8Length);
        return c.retainedSlice(start, utf8Length);
    }

    /** The kept buffer, or null (for tests). */
    ByteBuf kept() {
        return chunk;
    }

    /** Releases the kept buffer (the channel is gone); later calls start over. */
    void release() {
        ByteBuf c = chunk;
        chunk = null;
        if (c != null) {
            c.release();
        }
    }
}
