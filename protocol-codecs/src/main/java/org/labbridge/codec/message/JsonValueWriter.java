package org.labbridge.codec.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.labbridge.codec.python.PyFormat;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.codec.python.ValueShape;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a value of the Python value model (maps, lists, tuples, scalars) to a Jackson generator without
 * recursion. Jackson's own serializers recurse several frames per level, and values routed to a bridge
 * come from peers: 990 levels of nesting pass the JSON limits and would overflow a small event-loop stack on
 * a cold JVM. Output is what Jackson writes for the same maps and lists, but for finite doubles ({@code Double}
 * values, a tree's {@code DoubleNode}s), written as Python writes them ({@link #writeDouble}); a tuple is an
 * array (as {@code json.dumps} writes it); a Jackson tree's objects and arrays are walked the same way, and
 * its other scalars and other objects are left to Jackson.
 */
final class JsonValueWriter {

    private JsonValueWriter() {
    }

    /** An open object or array: what is left of it. */
    private record Open(Iterator<?> rest, boolean map) {
    }

    static void write(JsonGenerator g, Object value) throws IOException {
        ArrayDeque<Open> stack = new ArrayDeque<>();
        Object next = value;
        while (true) {
            ValueShape shape = ValueShape.of(next); // not instanceof Map/List: see ValueShape
            if (shape == ValueShape.MAP) {
                g.writeStartObject();
                stack.push(new Open(((Map<?, ?>) next).entrySet().iterator(), true));
            } else if (shape == ValueShape.LIST) {
                g.writeStartArray();
                stack.push(new Open(((List<?>) next).iterator(), false));
            } else if (shape == ValueShape.TUPLE) {
                g.writeStartArray();
                stack.push(new Open(((PyTuple) next).items().iterator(), false));
            } else if (next instanceof ObjectNode o) {
                // a received message's tree, encoded again for another bridge: as deep as its sender chose
                g.writeStartObject();
                stack.push(new Open(o.properties().iterator(), true));
            } else if (next instanceof ArrayNode a) {
                g.writeStartArray();
                stack.push(new Open(a.iterator(), false));
            } else {
                scalar(g, next);
            }
            next = null;
            boolean more = false;
            while (!stack.isEmpty()) {
                Open top = stack.peek();
                if (top.rest.hasNext()) {
                    Object item = top.rest.next();
                    if (top.map) {
                        Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                        g.writeFieldName(key(e.getKey()));
                        next = e.getValue();
                    } else {
                        next = item;
                    }
                    more = true;
                    break;
                }
                if (top.map) {
                    g.writeEndObject();
                } else {
                    g.writeEndArray();
                }
                stack.pop();
            }
            if (!more) {
                return;
            }
        }
    }

    /** Jackson's default key serialization: a key's string form; no null key. */
    private static String key(Object key) {
        if (key == null) {
            throw new IllegalArgumentException("Null key for a Map not allowed in JSON");
        }
        return key instanceof String s ? s : key.toString();
    }

    /**
     * A finite double as Python writes it ({@code json.dumps} writes its repr: {@code 1414154338.172345},
     * {@code 1e-07}), not as Java does ({@code 1.414154338172345E9}, {@code 1.0E-7}): the same number, the text
     * a Python peer would send, and made by {@code FloatRepr}, several times faster than the JDK 17
     * {@code Double.toString} that Jackson calls (~250 ns a timestamp: most of encoding a pushed reading).
     * A non-finite one is left to the generator, whose feature decides (NaN as a string unless Python-compatible).
     */
    private static void writeDouble(JsonGenerator g, double x) throws IOException {
        if (Double.isFinite(x)) {
            g.writeNumber(PyFormat.floatRepr(x));
        } else {
            g.writeNumber(x);
        }
    }

    private static void scalar(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            writeDouble(g, d);
        } else if (v instanceof Float f) {
            g.writeNumber(f.floatValue());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof DoubleNode d) {
            writeDouble(g, d.doubleValue()); // a received message's tree, encoded again: its floats as a push's
        } else {
            g.writeObject(v);
        }
    }
}
