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
        if (isShallow(value)) {
            appendShallow(out, value);
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

    /**
     * Whether a container holds only scalars and containers of scalars: what a push or a pull point usually
     * is ({@code {'t': [1.5, 21.5]}}). Such a value is written directly, without the stack, its entries and
     * iterators: these run once per UDP reply.
     */
    private static boolean isShallow(Object container) {
        if (container instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                if (isContainer(v) && !holdsOnlyScalars(v)) {
                    return false;
                }
            }
            return true;
        }
        return holdsOnlyScalars(container);
    }

    private static boolean holdsOnlyScalars(Object container) {
        if (container instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                if (isContainer(v)) {
                    return false;
                }
            }
            return true;
        }
        for (Object v : items(container)) {
            if (isContainer(v)) {
                return false;
            }
        }
        return true;
    }

    private static List<?> items(Object sequence) {
        return sequence instanceof PyTuple t ? t.items() : (List<?>) sequence;
    }

    /** Writes a container of {@link #isShallow} (two levels at most: bounded recursion). */
    private void appendShallow(StringBuilder out, Object container) {
        if (container instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                key(out, e.getKey());
                out.append(": ");
                Object v = e.getValue();
                if (isContainer(v)) {
                    appendShallow(out, v);
                } else {
                    scalar(out, v);
                }
            }
            out.append('}');
            return;
        }
        List<?> items = items(container);
        boolean tuple = container instanceof PyTuple;
        out.append(tuple ? tupleOpen() : '[');
        boolean first = true;
        for (Object v : items) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            if (isContainer(v)) {
                appendShallow(out, v);
            } else {
                scalar(out, v);
            }
        }
        out.append(tuple ? tupleClose(items.size()) : "]");
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
