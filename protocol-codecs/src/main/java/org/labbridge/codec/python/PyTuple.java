package org.labbridge.codec.python;

import java.util.List;

/**
 * A Python tuple in the Java value model. Pull-socket points are tuples: {@code repr} prints
 * {@code (1.0, 2.0)}, JSON prints {@code [1.0, 2.0]}.
 *
 * @param items the elements, in order (immutable copy)
 */
public record PyTuple(List<Object> items) {
    public PyTuple {
        items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    public static PyTuple of(Object... items) {
        return new PyTuple(java.util.Arrays.asList(items));
    }
}
