package org.labbridge.codec.python;


/**
 * Python's {@code json.dumps} (default arguments) and a lenient {@code json.loads} built on Jackson.
 *
 * <p>{@code loads} maps JSON onto the value model of the package docs: objects become
 * {@link java.util.LinkedHashMap} (a duplicate key keeps its first position and takes the last value, as a
 * Python dict does), arrays {@link java.util.ArrayList}, integers {@link Integer}, {@link Long} or
 * {@link java.math.BigInteger} (the smallest that fits), other numbers {@link Double}.
 */
public final class PyJson {
    private PyJson() {
    }

    /**
     * {@code json.dumps(value)}: {@code ", "}/{@code ": "}, ASCII-only, NaN/Infinity, ints stay ints.
     *
     * @throws IllegalArgumentException for a value or a map key Python's encoder would refuse
     */
    public static String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        appendDumps(sb, value);
        return sb.toString();
    }

    /** Appends {@code json.dumps(value)} to {@code out} (any nesting depth: see {@link NestedText}). */
    public static void appendDumps(StringBuilder out, Object value) {
        DUMPS.append(out, value);
    }

    private static final NestedText DUMPS = new NestedText() {
        @Override
        void scalar(StringBuilder out, Object value) {
            appendScalar(out, value);
        }

        @Override
        void key(StringBuilder out, Object key) {
            appendKey(out, key);
        }

        @Override
        char tupleOpen() {
            return '[';
        }

        @Override
        String tupleClose(int size) {
            return "]";
        }
    };

    private static void appendScalar(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Double d) {
            appendFloat(out, d);
        } else if (value instanceof Float f) {
            appendFloat(out, f.doubleValue());
        } else if (PyFormat.isInt(value)) {
            PyFormat.appendInt(out, value);
        } else {
            throw new IllegalArgumentException("Object of type " + value.getClass().getName()
                    + " is not JSON serializable");
        }
    }

    /**
     * {@code json.loads(text)} with Python's leniency: surrounding whitespace, NaN, Infinity, -Infinity,
     * 1E400 = inf, duplicate keys (last wins), integers of any size. Limits (size, nesting) come from
     * {@link JsonLimits#DEFAULT}.
     *
     * @throws PyJsonException when the text is not JSON (or exceeds the limits)
     */
    public static Object loads(String text) throws PyJsonException {
        return loads(text, JsonLimits.DEFAULT);
    }

    /** {@link #loads(String)} with explicit limits. */
    public static Object loads(String text, JsonLimits limits) throws PyJsonException {
        return JsonValueReader.read(text, limits);
    }

    /**
     * {@link #loads(String, JsonLimits)} straight from bytes (UTF-8; UTF-16/32 are detected like Python's
     * {@code json.loads(bytes)}), sparing the caller a String copy. Here {@link JsonLimits#maxChars()} bounds
     * the byte length, which is never less than the char length.
     */
    public static Object loads(byte[] utf8, int offset, int length, JsonLimits limits) throws PyJsonException {
        return JsonValueReader.read(utf8, offset, length, limits);
    }

    /**
     * {@link #loads(String, JsonLimits)} of the UTF-8 text in {@code utf8} when that text is a flat object of
     * printable ASCII (see {@link FlatJsonReader}), read without decoding it to a String; {@code null} when
     * it is not (an error included), and the caller decodes and calls {@code loads} as before.
     */
    public static java.util.Map<String, Object> loadsFlat(byte[] utf8, int offset, int length, JsonLimits limits) {
        if (length > limits.maxChars()) {
            return null; // loads explains the limit
        }
        return FlatJsonReader.read(utf8, offset, length, limits);
    }

    /** Python's float encoding: repr, except the non-finite values JavaScript spells differently. */
    private static void appendFloat(StringBuilder out, double d) {
        if (Double.isNaN(d)) {
            out.append("NaN");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "Infinity" : "-Infinity");
        } else {
            FloatRepr.append(out, d);
        }
    }

    /** Like the json encoder: str keys as is; float, bool, None and int keys become strings. */
    private static void appendKey(StringBuilder out, Object key) {
        if (key instanceof String s) {
            appendString(out, s);
            return;
        }
        out.append('"');
        if (key == null) {
            out.append("null");
        } else if (key instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (key instanceof Double d) {
            appendFloat(out, d);
        } else if (key instanceof Float f) {
            appendFloat(out, f.doubleValue());
        } else if (PyFormat.isInt(key)) {
            PyFormat.appendInt(out, key);
        } else {
            throw new IllegalArgumentException("keys must be str, int, float, bool or None, not "
                    + key.getClass().getName());
        }
        out.append('"');
    }

    /** ensure_ascii=True: short escapes where JSON has them, {@code \}{@code u00xx} for the rest. */
    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else {
                        // Non-BMP text is already two surrogate chars in Java: each gets its own escape.
                        StrRepr.hexEscape(out, 'u', c, 4);
                    }
                }
            }
        }
        out.append('"');
    }
}
