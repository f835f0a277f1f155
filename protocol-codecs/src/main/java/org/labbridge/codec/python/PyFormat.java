package org.labbridge.codec.python;

/**
 * Python's {@code repr()} and {@code str()} of values in the labbridge value model (see package docs).
 *
 * <p>STUB: naive implementation until the shortest-repr formatter lands; signatures are final.
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

    /** {@code repr(value)}. */
    public static String repr(Object value) {
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, value);
        return sb.toString();
    }

    /** Appends {@code repr(value)} to {@code out}. */
    public static void appendRepr(StringBuilder out, Object value) {
        out.append(value); // STUB
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
}
