package org.labbridge.codec.python;

/**
 * Bounds on JSON input, so that a hostile message cannot exhaust memory or the stack.
 *
 * @param maxChars       the longest document accepted, in chars
 * @param maxNesting     the deepest nesting of arrays/objects
 * @param maxNumberChars the longest number literal
 */
public record JsonLimits(int maxChars, int maxNesting, int maxNumberChars) {
    /**
     * Python's bounds, as near as a fixed bound gets: 4300-digit integers ({@code sys.get_int_max_str_digits()},
     * exactly Python's) and 990 levels (CPython's decoder recurses and stops near its recursion limit of
     * 1000: 995 levels with Python 3.11 at the top level, fewer from inside a call, and deeper from 3.12 on;
     * 990 is what a Python peer reliably reads); 1 Mi chars per document. Nothing in labbridge recurses per
     * level of nesting (reading, {@code json.dumps}, {@code repr}, the bridge encoding all keep their own
     * stack), so the limit is about what peers read, not about labbridge's thread stacks.
     */
    public static final JsonLimits DEFAULT = new JsonLimits(1 << 20, 990, 4300);

    /** Every bound must be positive: a zero or negative bound is a configuration mistake, not "unlimited". */
    public JsonLimits {
        if (maxChars <= 0 || maxNesting <= 0 || maxNumberChars <= 0) {
            throw new IllegalArgumentException("JSON limits must be positive: maxChars=" + maxChars
                    + ", maxNesting=" + maxNesting + ", maxNumberChars=" + maxNumberChars);
        }
    }
}
