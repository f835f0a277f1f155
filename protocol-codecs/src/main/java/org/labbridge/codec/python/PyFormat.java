package org.labbridge.codec.python;

import java.math.BigInteger;

/**
 * Python's {@code repr()} and {@code str()} of values in the labbridge value model (see package docs).
 *
 * <p>Everything appends to a caller's {@link StringBuilder}: these run once per UDP reply, so the float and
 * string paths do not allocate beyond the builder's own growth.
 */
public final class PyFormat {
    private PyFormat() {
    }

    /** {@code repr(float)}: shortest round-trip digits, Python's notation rules. */
    public static String floatRepr(double value) {
        StringBuilder sb = new StringBuilder(24);
        appendFloatRepr(sb, value);
        return sb.toString();
    }

    /** Appends {@code repr(float)} to {@code out}. */
    public static void appendFloatRepr(StringBuilder out, double value) {
        FloatRepr.append(out, value);
    }

    /**
     * {@code repr(value)}.
     *
     * @throws IllegalArgumentException for a value outside the model (Python would print an object address)
     */
    public static String repr(Object value) {
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, value);
        return sb.toString();
    }

    /** Appends {@code repr(value)} to {@code out} (any nesting depth: see {@link NestedText}). */
    public static void appendRepr(StringBuilder out, Object value) {
        REPR.append(out, value);
    }

    private static final NestedText REPR = new NestedText() {
        @Override
        void scalar(StringBuilder out, Object value) {
            appendScalarRepr(out, value);
        }

        @Override
        void key(StringBuilder out, Object key) {
            appendRepr(out, key);
        }

        @Override
        char tupleOpen() {
            return '(';
        }

        @Override
        String tupleClose(int size) {
            return size == 1 ? ",)" : ")"; // (1,) — a one-element tuple keeps its comma
        }
    };

    private static void appendScalarRepr(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof String s) {
            StrRepr.append(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof Double d) {
            FloatRepr.append(out, d);
        } else if (value instanceof Float f) {
            FloatRepr.append(out, f.doubleValue());
        } else if (isInt(value)) {
            appendInt(out, value);
        } else {
            throw new IllegalArgumentException("no Python repr for " + value.getClass().getName());
        }
    }

    /** {@code str(value)}: like repr, but a top-level string is printed as is. */
    public static String str(Object value) {
        StringBuilder sb = new StringBuilder();
        appendStr(sb, value);
        return sb.toString();
    }

    /** Appends {@code str(value)} to {@code out}. */
    public static void appendStr(StringBuilder out, Object value) {
        if (value instanceof String s) {
            out.append(s);
        } else {
            appendRepr(out, value);
        }
    }

    /** Python ints of the value model (Short and Byte included: they can only mean int). */
    static boolean isInt(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte;
    }

    /** Appends an {@link #isInt} value in decimal, without a temporary String for the common boxed types. */
    static void appendInt(StringBuilder out, Object value) {
        if (value instanceof Integer i) {
            out.append(i.intValue());
        } else if (value instanceof Long l) {
            out.append(l.longValue());
        } else {
            out.append(value.toString());
        }
    }
}
