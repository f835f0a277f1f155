package org.labbridge.codec.python;

/**
 * Python's {@code json.dumps} (default arguments) and a lenient {@code json.loads} built on Jackson.
 *
 * <p>STUB: signatures are final, implementation pending.
 */
public final class PyJson {
    private PyJson() {
    }

    /** {@code json.dumps(value)}: {@code ", "}/{@code ": "}, ASCII-only, NaN/Infinity, ints stay ints. */
    public static String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        appendDumps(sb, value);
        return sb.toString();
    }

    /** Appends {@code json.dumps(value)} to {@code out}. */
    public static void appendDumps(StringBuilder out, Object value) {
        out.append(value); // STUB
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
        throw new PyJsonException("STUB"); // STUB
    }
}
