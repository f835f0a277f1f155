package org.labbridge.codec.python;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A point {@code [x, y]} of a {@code json_wn} reply whose x is converted only when asked for: PyExpLabSys's x is
 * the time ({@code time.time()}, a 17-digit literal that takes the slow way through any exact double parser),
 * and a reader of y values never asks. Equal to the {@link java.util.ArrayList} the full reader makes of the same
 * text ({@link java.util.List#equals}), and unmodifiable. x is kept as its digits and their
 * {@link AsciiNumber#shape}, not as text: nothing of the reply's bytes stays alive with the point.
 */
final class DeferredPoint extends AbstractList<Object> implements RandomAccess {
    private final long xUnits;
    private final int xShape;
    private final Object y;

    /** x as {@link AsciiNumber#units} and {@link AsciiNumber#shape} (not {@link AsciiNumber#UNPACKED}). */
    DeferredPoint(long xUnits, int xShape, Object y) {
        this.xUnits = xUnits;
        this.xShape = xShape;
        this.y = y;
    }

    @Override
    public Object get(int index) {
        if (index == 1) {
            return y;
        }
        if (index == 0) {
            return AsciiNumber.value(xUnits, xShape);
        }
        throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length 2");
    }

    @Override
    public int size() {
        return 2;
    }
}
