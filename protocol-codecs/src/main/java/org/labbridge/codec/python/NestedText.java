package org.labbridge.codec.python;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a value of the model as text ({@code json.dumps}, {@code repr}) without recursion: nesting comes
 * from peers (990 levels pass the JSON limits), and a recursive writer would need a stack frame or more per
 * level on whatever thread formats the reply, an event loop with a small stack among them. Open containers
 * are kept on a heap-allocated stack instead, so any depth costs a few bytes per level.
 */
abstract class NestedText {

    /** An open container: what is left of it and how it ends. */
    private static final class Open {
        final Iterator<?> rest;
        final boolean map;
        final String close;
        boolean first = true;

        Open(Iterator<?> rest, boolean map, String close) {
            this.rest = rest;
            this.map = map;
            this.close = close;
        }
    }

    /** Appends a value that is not a {@link PyTuple}, {@link List} or {@link Map}. */
    abstract void scalar(StringBuilder out, Object value);

    /** Appends a map key. */
    abstract void key(StringBuilder out, Object key);

    /** How a tuple opens. */
    abstract char tupleOpen();

    /** How a tuple of {@code size} items closes (Python's repr writes {@code (1,)}). */
    abstract String tupleClose(int size);

    final void append(StringBuilder out, Object value) {
        if (!isContainer(value)) {
            scalar(out, value); // the common case allocates no stack
            return;
        }
        ArrayDeque<Open> stack = new ArrayDeque<>();
        Object next = value;
        while (true) {
            if (isContainer(next)) {
                stack.push(open(out, next));
            } else {
                scalar(out, next);
            }
            next = null;
            boolean more = false;
            while (!stack.isEmpty()) {
                Open top = stack.peek();
                if (top.rest.hasNext()) {
                    if (!top.first) {
                        out.append(", ");
                    }
                    top.first = false;
                    Object item = top.rest.next();
                    if (top.map) {
                        Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                        key(out, e.getKey());
                        out.append(": ");
                        next = e.getValue();
                    } else {
                        next = item;
                    }
                    more = true;
                    break;
                }
                out.append(top.close);
                stack.pop();
            }
            if (!more) {
                return;
            }
        }
    }

    private Open open(StringBuilder out, Object container) {
        if (container instanceof PyTuple t) {
            out.append(tupleOpen());
            return new Open(t.items().iterator(), false, tupleClose(t.items().size()));
        }
        if (container instanceof List<?> list) {
            out.append('[');
            return new Open(list.iterator(), false, "]");
        }
        out.append('{');
        return new Open(((Map<?, ?>) container).entrySet().iterator(), true, "}");
    }

    static boolean isContainer(Object value) {
        return value instanceof PyTuple || value instanceof List<?> || value instanceof Map<?, ?>;
    }
}
