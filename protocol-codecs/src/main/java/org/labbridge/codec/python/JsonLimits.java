package org.labbridge.codec.python;

/**
 * Bounds on JSON input, so that a hostile message cannot exhaust memory or the stack.
 *
 * @param maxChars       the longest document accepted, in chars
 * @param maxNesting     the deepest nesting of arrays/objects
 * @param maxNumberChars the longest number literal (Python ints are unbounded; we are not)
 */
public record JsonLimits(int maxChars, int maxNesting, int maxNumberChars) {
    /** 1 Mi chars, 64 levels, 1000-digit numbers. */
    public static final JsonLimits DEFAULT = new JsonLimits(1 << 20, 64, 1000);

    /** Every bound must be positive: a zero or negative bound is a configuration mistake, not "unlimited". */
    public JsonLimits {
        if (maxChars <= 0 || maxNesting <= 0 || maxNumberChars <= 0) {
            throw new IllegalArgumentException("JSON limits must be positive: maxChars=" + maxChars
                    + ", maxNesting=" + maxNesting + ", maxNumberChars=" + maxNumberChars);
        }
    }
}
