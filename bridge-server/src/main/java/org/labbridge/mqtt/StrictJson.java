package org.labbridge.mqtt;

import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.codec.python.ValueShape;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values as strict JSON, for MQTT consumers that are not Python (Node-RED, Telegraf, Home Assistant):
 * Python's {@code json.dumps} layout, with {@code NaN}/{@code Infinity} written as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (as the bridge writes them by default).
 */
final class StrictJson {

    private StrictJson() {
    }

    /**
     * The JSON bytes of {@code value} (ASCII: non-ASCII characters are escaped).
     *
     * @throws IllegalArgumentException for a value JSON cannot carry
     */
    static byte[] bytes(Object value) {
        return PyJson.dumps(finite(value)).getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code value} with every non-finite float replaced by its name as a string (copies only when needed). */
    static Object finite(Object value) {
        switch (ValueShape.of(value)) { // not instanceof List/Map per value: see ValueShape
            case TUPLE -> {
                return finiteList(((PyTuple) value).items());
            }
            case LIST -> {
                return finiteList((List<?>) value);
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) value;
                Map<Object, Object> out = null;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Object v = finite(e.getValue());
                    if (v != e.getValue() && out == null) {
                        out = new LinkedHashMap<>(map);
                    }
                    if (out != null) {
                        out.put(e.getKey(), v);
                    }
                }
                return out == null ? map : out;
            }
            default -> {
                if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    return d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
                }
                if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
                    return finite(f.doubleValue());
                }
                return value;
            }
        }
    }

    private static Object finiteList(List<?> list) {
        List<Object> out = null;
        for (int i = 0; i < list.size(); i++) {
            Object v = finite(list.get(i));
            if (v != list.get(i) && out == null) {
                out = new ArrayList<>(list);
            }
            if (out != null) {
                out.set(i, v);
            }
        }
        return out == null ? list : out;
    }
}
