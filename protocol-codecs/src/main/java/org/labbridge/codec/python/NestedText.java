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
        int mark = out.length();
        if (appendShallow(out, value, true)) {
            return;
        }
        out.setLength(mark); // deeper than two levels: written again with the stack
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
     * Writes a container of scalars and containers of scalars (what a push or a pull point usually is:
     * {@code {'t': (1.5, 21.5)}}) directly, without the stack, its entries and iterators: this runs once per
     * UDP reply. Maps are walked with {@link Map#forEach}, which an unmodifiable view passes to its map: no
     * wrapper per entry.
     *
     * @param top whether containers may hold containers (two levels at most: bounded recursion)
     * @return false, having written part of it, when the value is deeper: the caller starts over
     */
    private boolean appendShallow(StringBuilder out, Object container, boolean top) {
        ValueShape shape = ValueShape.of(container);
        if (shape == ValueShape.MAP) {
            out.append('{');
            MapWriter w = new MapWriter(out, top);
            ((Map<?, ?>) container).forEach(w);
            out.append('}');
            return w.shallow;
        }
        boolean tuple = shape == ValueShape.TUPLE;
        List<?> items = tuple ? ((PyTuple) container).items() : (List<?>) container;
        out.append(tuple ? tupleOpen() : '[');
        boolean first = true;
        for (Object v : items) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            if (!item(out, v, top)) {
                return false;
            }
        }
        out.append(tuple ? tupleClose(items.size()) : "]");
        return true;
    }

    private boolean item(StringBuilder out, Object v, boolean top) {
        if (!isContainer(v)) {
            scalar(out, v);
            return true;
        }
        return top && appendShallow(out, v, false);
    }

    /** The entries of one map, for {@link #appendShallow}. */
    private final class MapWriter implements java.util.function.BiConsumer<Object, Object> {
        private final StringBuilder out;
        private final boolean top;
        private boolean first = true;
        boolean shallow = true;

        MapWriter(StringBuilder out, boolean top) {
            this.out = out;
            this.top = top;
        }

        @Override
        public void accept(Object k, Object v) {
            if (!shallow) {
                return; // too deep: the caller writes it again with the stack
            }
            if (!first) {
                out.append(", ");
            }
            first = false;
            key(out, k);
            out.append(": ");
            shallow = item(out, v, top);
        }
    }

    private Open open(StringBuilder out, Object container) {
        ValueShape shape = ValueShape.of(container);
        if (shape == ValueShape.TUPLE) {
            PyTuple t = (PyTuple) container;
            out.append(tupleOpen());
            return new Open(t.items().iterator(), false, tupleClose(t.items().size()));
        }
        if (shape == ValueShape.LIST) {
            out.append('[');
            return new Open(((List<?>) container).iterator(), false, "]");
        }
        out.append('{');
        return new Open(((Map<?, ?>) container).entrySet().iterator(), true, "}");
    }

    static boolean isContainer(Object value) {
        return ValueShape.isContainer(value); // not three instanceof checks: see ValueShape
    }
}
