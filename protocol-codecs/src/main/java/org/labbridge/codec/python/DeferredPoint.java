package org.labbridge.codec.python;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A point {@code [x, y]} of a {@code json_wn} reply whose x is converted only when asked for: PyExpLabSys's x is
 * the time ({@code time.time()}, a 17-digit literal that takes the slow way through any exact double parser),
 * and a reader of y values never asks. Equal to the {@link java.util.ArrayList} the full reader makes of the same
 * text ({@link java.util.List#equals}), and unmodifiable. It keeps the reply's bytes (a copy, never written) until
 * it is dropped.
 */
final class DeferredPoint extends AbstractList<Object> implements RandomAccess {
    private final byte[] text;
    private final int xStart;
    private final int xEnd;
    private final Object y;

    /** {@code text[xStart, xEnd)}: a literal {@link AsciiNumber#end} accepted. */
    DeferredPoint(byte[] text, int xStart, int xEnd, Object y) {
        this.text = text;
        this.xStart = xStart;
        this.xEnd = xEnd;
        this.y = y;
    }

    @Override
    public Object get(int index) {
        if (index == 1) {
            return y;
        }
        if (index == 0) {
            return AsciiNumber.value(text, xStart, xEnd);
        }
        throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length 2");
    }

    @Override
    public int size() {
        return 2;
    }
}
