package org.labbridge.codec.python;

import org.labbridge.codec.text.Utf8;

/**
 * The fast path of {@link JsonValidator}: accepts a document only if it is valid (the same grammar, UTF-8
 * rules and limits as {@link ExactJsonCheck}), and otherwise says {@link #UNSURE} without saying why; the
 * exact check then runs from the start and gives the verdict and the error. So an error costs two passes
 * and the errors cannot differ, while the common case (a valid message) takes this path alone.
 *
 * <p>Why it is faster: a relay validates every message on its producer's event loop, and the exact check
 * (state in fields, helpers too large to inline, an error message to build at every exit) was a quarter
 * of the bridge daemon's CPU. Its cost is instructions per token (and C2's register allocation of one
 * large method), so here: the whole state is two locals (the open containers as bits of one
 * {@code long}, the non-finite flag); the helpers are small static methods the JIT inlines; a problem is
 * an index past any end ({@link #FAIL}), which the tests the valid path makes anyway catch; whitespace
 * is handled where it is met instead of looked for after every token, and the one space of Python's
 * separators is taken without a loop; the end is the array's length (a value the JIT reloads from the
 * array rather than keeping in a register or on the stack: 10-15 % faster; a range is copied first, and
 * none of labbridge's callers passes one). Strings and digits go byte by byte: eight bytes at a time
 * (SWAR) measured slower here, its constants taking registers that the scan's own state then spilled.
 *
 * <p>Its bounds are narrower than the limits, never wider: nesting up to {@link #MAX_DEPTH} levels and
 * number literals of at most {@code maxNumberChars} chars, sign and fraction included (a longer integer
 * can still be valid; the exact check counts its digits). Anything beyond is {@link #UNSURE}.
 */
final class JsonScan {

    /** Not accepted here; the exact check decides. */
    static final int UNSURE = -1;
    /** Valid, with no {@code NaN}, {@code Infinity} or {@code -Infinity}. */
    static final int VALID = 0;
    /** Valid, with a {@code NaN}, {@code Infinity} or {@code -Infinity}. */
    static final int VALID_NON_FINITE = 1;
    /** The deepest nesting tracked here: one bit per level in a {@code long}, below a marker bit. */
    static final int MAX_DEPTH = 62;
    /**
     * What the helpers return for "not here": beyond any end, so that the next {@code i >= end} test,
     * which the valid path makes anyway, catches it (and no arithmetic is done on it before that test).
     */
    private static final int FAIL = Integer.MAX_VALUE;

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] INFINITY = {'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

    /** Bytes that stand in a string as they are: printable ASCII but {@code "} and {@code \}. */
    private static final boolean[] PLAIN = new boolean[256];
    /** ASCII hex digits (a {@code \}{@code uXXXX} escape takes nothing else, as in Python). */
    private static final boolean[] HEX = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
        for (int c : "0123456789abcdefABCDEF".toCharArray()) {
            HEX[c] = true;
        }
    }

    private JsonScan() {
    }

    /**
     * Scans all of {@code b}; {@code nesting} at most {@link #MAX_DEPTH}.
     *
     * @return {@link #VALID}, {@link #VALID_NON_FINITE} or {@link #UNSURE}
     */
    static int scan(byte[] b, int nesting, int maxNumberChars) {
        int r = scanFrom(b, 0, nesting, maxNumberChars);
        return r == UNSURE || end(r) != b.length ? UNSURE : r >= 0 ? VALID : VALID_NON_FINITE;
    }

    /**
     * Scans one document that starts at {@code from} (perhaps after whitespace) and the whitespace after it,
     * up to the first byte that cannot continue it (or the end of {@code b}): what follows is the caller's,
     * as a frame decoder's delimiter. Nothing in an accepted range is a control character other than
     * whitespace (space, tab, LF, CR), so a scan stops at any other (a sentinel, a delimiter).
     *
     * @return {@link #UNSURE}, or where the accepted range ends ({@link #end}) and whether it holds
     *         {@code NaN} or an infinity ({@link #nonFinite}), in one int: the end itself when it does not,
     *         {@code -2 - end} when it does
     */
    static int scanFrom(byte[] b, int from, int nesting, int maxNumberChars) {
        int end = b.length;
        // The open containers, innermost in the lowest bit (set: an object), above a 1 that marks the
        // bottom: one variable for the kinds and the depth (none open: 1; too deep: at least `tooDeep`).
        long open = 1;
        long tooDeep = 1L << nesting;
        int nonFinite = VALID;
        int i = from;
        // Whitespace is skipped where it is found rather than looked for: the byte after a token is loaded
        // once, and is whitespace rarely (the space of Python's ", " and ": " is taken with the separator).
        value:
        for (;;) {
            if (i >= end) {
                return UNSURE;
            }
            int c = b[i];
            if (c == '"') {
                i = string(b, i + 1, end);
            } else if (c == '-' || (char) (c - '0') < 10) {
                if (c == '-' && i + 1 < end && b[i + 1] == 'I') {
                    nonFinite = VALID_NON_FINITE;
                    i = word(b, i + 1, end, INFINITY);
                } else {
                    i = number(b, i, end, maxNumberChars);
                }
            } else if (c == '{' || c == '[') {
                if (open >= tooDeep) {
                    return UNSURE;
                }
                i = whitespace(b, i + 1, end);
                if (i >= end) {
                    return UNSURE;
                }
                if (b[i] == c + 2) { // '}' and ']' are two after '{' and '['
                    i++; // empty: a value like any other
                } else if (c == '{') {
                    open = open << 1 | 1;
                    i = key(b, i, end);
                    continue;
                } else {
                    open <<= 1;
                    continue;
                }
            } else {
                switch (c) {
                    case 't' -> i = word(b, i, end, TRUE);
                    case 'f' -> i = word(b, i, end, FALSE);
                    case 'n' -> i = word(b, i, end, NULL);
                    case 'N' -> {
                        nonFinite = VALID_NON_FINITE;
                        i = word(b, i, end, NAN);
                    }
                    case 'I' -> {
                        nonFinite = VALID_NON_FINITE;
                        i = word(b, i, end, INFINITY);
                    }
                    case ' ', '\t', '\n', '\r' -> {
                        i = whitespace(b, i + 1, end);
                        continue;
                    }
                    default -> {
                        return UNSURE;
                    }
                }
            }
            // After a value: close containers until the next value of one, or the end of the document.
            for (;;) {
                if (i >= end) {
                    return open == 1 && i == end ? accepted(end, nonFinite) : UNSURE;
                }
                if (open == 1) {
                    return accepted(whitespace(b, i, end), nonFinite);
                }
                c = b[i];
                if (c == ',') {
                    i = i + 1 < end && b[i + 1] == ' ' ? i + 2 : i + 1;
                    if ((open & 1) != 0) {
                        i = key(b, i, end);
                    }
                    continue value;
                }
                // '}' in an object, ']' in an array (0x20 apart)
                if (c == ']' + (((int) open & 1) << 5)) {
                    open >>>= 1;
                    i++;
                } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    i = whitespace(b, i + 1, end);
                } else {
                    return UNSURE;
                }
            }
        }
    }

    private static int accepted(int end, int nonFinite) {
        return nonFinite == VALID ? end : -2 - end;
    }

    /** Where the range of a {@link #scanFrom} result other than {@link #UNSURE} ends. */
    static int end(int result) {
        return result >= 0 ? result : -2 - result;
    }

    /** Whether a {@link #scanFrom} result other than {@link #UNSURE} holds {@code NaN} or an infinity. */
    static boolean nonFinite(int result) {
        return result < UNSURE;
    }

    /**
     * A property name (its opening quote at {@code i}, or after whitespace) and its colon: where the value
     * starts (perhaps whitespace), or {@link #FAIL}.
     */
    private static int key(byte[] b, int i, int end) {
        if (i < end && b[i] != '"') {
            i = whitespace(b, i, end);
        }
        if (i >= end || b[i] != '"') {
            return FAIL;
        }
        i = string(b, i + 1, end);
        if (i < end && b[i] != ':') {
            i = whitespace(b, i, end);
        }
        if (i >= end || b[i] != ':') {
            return FAIL;
        }
        return i + 1 < end && b[i + 1] == ' ' ? i + 2 : i + 1; // the space of Python's ": "
    }

    /**
     * The rest of a string whose opening quote is before {@code i}: the index after its closing quote, or
     * {@link #FAIL}.
     */
    private static int string(byte[] b, int i, int end) {
        for (;;) {
            while (i < end && PLAIN[b[i] & 0xFF]) {
                i++;
            }
            if (i >= end) {
                return FAIL;
            }
            int c = b[i];
            if (c == '"') {
                return i + 1;
            } else if (c == '\\') {
                i = escape(b, i + 1, end);
            } else if (c < 0) {
                i = utf8(b, i, end);
            } else {
                return FAIL; // a control character
            }
        }
    }

    /** The escape after a backslash at {@code i - 1}: the index after it, or {@link #FAIL}. */
    private static int escape(byte[] b, int i, int end) {
        if (i >= end) {
            return FAIL;
        }
        switch (b[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 1;
            }
            case 'u' -> {
                return end - i > 4 && HEX[b[i + 1] & 0xFF] && HEX[b[i + 2] & 0xFF] && HEX[b[i + 3] & 0xFF]
                        && HEX[b[i + 4] & 0xFF] ? i + 5 : FAIL;
            }
            default -> {
                return FAIL;
            }
        }
    }

    /**
     * A number at {@code start} ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?}) of at most
     * {@code maxNumberChars} chars: the index after it, or {@link #FAIL}.
     */
    private static int number(byte[] b, int start, int end, int maxNumberChars) {
        int i = start;
        if (b[i] == '-' && ++i >= end) {
            return FAIL;
        }
        int c = b[i];
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            i = digits(b, i + 1, end);
        } else {
            return FAIL;
        }
        if (i < end && b[i] == '.') {
            int first = i + 1;
            i = digits(b, first, end);
            if (i == first) {
                return FAIL;
            }
        }
        if (i < end && (b[i] | 0x20) == 'e') {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int first = i;
            i = digits(b, first, end);
            if (i == first) {
                return FAIL;
            }
        }
        return i - start <= maxNumberChars ? i : FAIL;
    }

    private static int digits(byte[] b, int i, int end) {
        while (i < end && (char) (b[i] - '0') < 10) {
            i++;
        }
        return i;
    }

    /** The literal {@code word} at {@code i}: the index after it, or {@link #FAIL}. */
    private static int word(byte[] b, int i, int end, byte[] word) {
        if (end - i < word.length) {
            return FAIL;
        }
        for (int k = 1; k < word.length; k++) { // the first byte was what chose the word
            if (b[i + k] != word[k]) {
                return FAIL;
            }
        }
        return i + word.length;
    }

    private static int whitespace(byte[] b, int i, int end) {
        while (i < end) {
            int c = b[i];
            if (c > ' ' || c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /**
     * The UTF-8 sequence of the non-ASCII byte at {@code i} (the same table as {@link ExactJsonCheck}'s: no
     * overlong forms, no surrogates, at most U+10FFFF): the index after it, or {@link #FAIL}.
     */
    private static int utf8(byte[] b, int i, int end) {
        int after = Utf8.sequenceEnd(b, i, end);
        return after >= 0 ? after : FAIL;
    }
}
