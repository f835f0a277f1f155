package org.labbridge.codec.message;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * A heap copy of the bytes a frame decoder is working through, for a scan that reads a whole read's
 * frames from one array (Java code reads a {@code byte[]} several times faster than a pooled direct
 * {@link ByteBuf}, whose every access goes through bounds and reference-count checks).
 *
 * <p>One per thread, lent to one decode call at a time ({@link #acquire}, {@link #release}): the copy is
 * valid only while the buffer does not change, which within one call it does not, so no connection
 * keeps one (memory is per event-loop thread: at most {@link #MAX_BYTES} each). The byte after the copy
 * is a 0 (a control character no accepted JSON holds), so that a scan stops there without a bound check.
 */
final class ReadWindow {

    /** The most bytes copied at once: a frame that does not fit is framed the usual way. */
    static final int MAX_BYTES = 128 * 1024;

    private static final FastThreadLocal<ReadWindow> WINDOWS = new FastThreadLocal<>() {
        @Override
        protected ReadWindow initialValue() {
            return new ReadWindow();
        }
    };

    private byte[] bytes = new byte[4096];
    /** The buffer index of {@code bytes[0]}, or -1: nothing copied in this call. */
    private int base = -1;
    private int length;
    private boolean lent;

    private ReadWindow() {
    }

    /** This thread's window, or {@code null} when a decode call further up this thread's stack has it. */
    static ReadWindow acquire() {
        ReadWindow w = WINDOWS.get();
        if (w.lent) {
            return null;
        }
        w.lent = true;
        w.base = -1;
        return w;
    }

    /** Ends the loan: the copy is no longer valid. */
    void release() {
        lent = false;
        base = -1;
    }

    /** The array the copy is in, followed by a 0 at {@link #limit}; its contents beyond that are stale. */
    byte[] bytes() {
        return bytes;
    }

    /** How many bytes were copied: the index of the 0 after them. */
    int limit() {
        return length;
    }

    /** The buffer index of {@code bytes()[0]}. */
    int base() {
        return base;
    }

    /**
     * Where {@code index} of {@code in} is in the copy: copied first (what is readable from it, up to
     * {@link #MAX_BYTES}) when it is not in the copy yet.
     */
    int positionOf(ByteBuf in, int index) {
        int p = index - base;
        if (base >= 0 && p >= 0 && p < length) {
            return p;
        }
        int n = Math.min(in.writerIndex() - index, MAX_BYTES);
        if (bytes.length < n + 1) {
            bytes = new byte[Math.min(Integer.highestOneBit(n) << 1, MAX_BYTES + 1)];
        }
        in.getBytes(index, bytes, 0, n);
        bytes[n] = 0;
        base = index;
        length = n;
        return 0;
    }
}
