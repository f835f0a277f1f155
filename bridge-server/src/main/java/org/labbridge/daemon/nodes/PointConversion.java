package org.labbridge.daemon.nodes;

import org.labbridge.codec.python.PyTuple;
import org.labbridge.codec.python.ValueShape;

import java.util.List;

/**
 * The graph's rule for turning a routed value into a pull-socket point: a scalar {@code v} becomes
 * {@code (now, v)}, a list {@code [x, y, ...]} of two or more elements becomes that tuple; anything else
 * (a map, an empty or one-element list) has no point and is rejected.
 */
final class PointConversion {

    private PointConversion() {
    }

    /**
     * @param value the routed value
     * @param now   the message's receive time, Unix seconds
     * @return the point, or {@code null} when the value has none
     */
    static PyTuple toPoint(Object value, double now) {
        switch (ValueShape.of(value)) { // not instanceof List/Map per value: see ValueShape
            case LIST -> {
                List<?> list = (List<?>) value;
                return list.size() >= 2 ? new PyTuple(nullSafe(list)) : null;
            }
            case TUPLE -> {
                PyTuple tuple = (PyTuple) value;
                return tuple.items().size() >= 2 ? tuple : null;
            }
            case MAP -> {
                return null;
            }
            default -> {
                return PyTuple.of(now, value);
            }
        }
    }

    /** List.copyOf refuses nulls; JSON null (Python None) is a legitimate element. */
    private static List<Object> nullSafe(List<?> list) {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
    }
}
