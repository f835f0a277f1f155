package org.labbridge.codec.python;

import org.labbridge.codec.text.Utf8;

import java.util.Arrays;

/**
 * The exact check of {@link JsonValidator}: every rule, every limit, and the precise error (message, kind,
 * offset) of a document that breaks one. This was the validator's whole implementation; it now runs only
 * when {@link JsonScan}, the fast path, does not accept a document (an error, or a document beyond the fast
 * path's bounds), so that errors stay exactly what they were. The state of one check is in fields rather
 * than locals to keep the helpers' signatures short; re-usable, one thread at a time.
 */
final class ExactJsonCheck {
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] INFINITY = {'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

    private final int maxNesting;
    private final int maxNumberChars;
    private byte[] b;
    private int off;
    private int end;
    /** Container kinds by depth, one bit each (set = object): a long up to 64 levels, then an array. */
    private long shallow;
    private long[] deep;
    private int depth;
    private boolean nonFinite;

    ExactJsonCheck(int maxNesting, int maxNumberChars) {
        this.maxNesting = maxNesting;
        this.maxNumberChars = maxNumberChars;
    }

    boolean check(byte[] bytes, int from, int to) throws InvalidJsonException {
        b = bytes;
        off = from;
        end = to;
        shallow = 0;
        deep = null;
        depth = 0;
        nonFinite = false;
        try {
            return run();
        } finally {
            b = null; // a re-used checker must not pin the last document
            deep = null;
        }
    }

    private boolean run() throws InvalidJsonException {
        int i = skipWhitespace(off);
        value:
        for (;;) {
            if (i >= end) {
                throw fail(depth == 0 && i == skipWhitespace(off) ? "empty message" : "expecting a value", i);
            }
            switch (b[i]) {
                case '{' -> {
                    open(true, i);
                    i = skipWhitespace(i + 1);
                    if (i < end && b[i] == '}') {
                        depth--;
                        i++;
                    } else {
                        i = key(i);
                        continue value;
                    }
                }
                case '[' -> {
                    open(false, i);
                    i = skipWhitespace(i + 1);
                    if (i < end && b[i] == ']') {
                        depth--;
                        i++;
                    } else {
                        continue value;
                    }
                }
                case '"' -> i = string(i + 1);
                case 't' -> i = literal(i, i, TRUE);
                case 'f' -> i = literal(i, i, FALSE);
                case 'n' -> i = literal(i, i, NULL);
                case 'N' -> i = nonFinite(i, i, NAN);
                case 'I' -> i = nonFinite(i, i, INFINITY);
                case '-' -> i = i + 1 < end && b[i + 1] == 'I' ? nonFinite(i, i + 1, INFINITY) : number(i);
                case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> i = number(i);
                default -> throw fail("expecting a value", i);
            }
            // After a value: close containers until the next value of one, or the end.
            for (;;) {
                i = skipWhitespace(i);
                if (depth == 0) {
                    if (i != end) {
                        throw fail("data after the JSON value", i);
                    }
                    return nonFinite;
                }
                boolean inObject = isObject();
                if (i >= end) {
                    throw fail(inObject ? "unterminated object" : "unterminated array", i);
                }
                byte c = b[i];
                if (c == ',') {
                    i = skipWhitespace(i + 1);
                    if (inObject) {
                        i = key(i);
                    }
                    continue value;
                }
                if (c != (inObject ? '}' : ']')) {
                    throw fail(inObject ? "expecting ',' or '}'" : "expecting ',' or ']'", i);
                }
                depth--;
                i++;
            }
        }
    }

    private void open(boolean object, int at) throws InvalidJsonException {
        if (depth >= maxNesting) {
            throw fail("nesting deeper than " + maxNesting + " levels", at);
        }
        int d = depth++;
        if (d < 64) {
            shallow = object ? shallow | (1L << d) : shallow & ~(1L << d);
            return;
        }
        if (deep == null || (d >> 6) >= deep.length) {
            // grown as deep as the document goes, not to the limit (a limit may be huge)
            deep = Arrays.copyOf(deep == null ? new long[0] : deep, Math.max(4, 2 * (d >> 6)));
        }
        long bit = 1L << (d & 63);
        deep[d >> 6] = object ? deep[d >> 6] | bit : deep[d >> 6] & ~bit;
    }

    private boolean isObject() {
        int d = depth - 1;
        return d < 64 ? (shallow & (1L << d)) != 0 : (deep[d >> 6] & (1L << (d & 63))) != 0;
    }

    /** A property name and its colon; returns where the value starts. */
    private int key(int i) throws InvalidJsonException {
        if (i >= end || b[i] != '"') {
            throw fail("expecting a property name in double quotes", i);
        }
        i = skipWhitespace(string(i + 1));
        if (i >= end || b[i] != ':') {
            throw fail("expecting ':'", i);
        }
        return skipWhitespace(i + 1);
    }

    /** The rest of a string whose opening quote is before {@code i}; returns the index after the closing quote. */
    private int string(int i) throws InvalidJsonException {
        int start = i - 1;
        for (;;) {
            if (i >= end) {
                throw fail("unterminated string starting", start);
            }
            byte c = b[i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                i++; // the common case: printable ASCII
            } else if (c == '"') {
                return i + 1;
            } else if (c == '\\') {
                i = escape(i + 1);
            } else if (c < 0) {
                i = utf8Sequence(b, i, end, off);
            } else {
                throw fail(String.format("invalid control character 0x%02x in a string", c), i);
            }
        }
    }

    private int escape(int i) throws InvalidJsonException {
        if (i >= end) {
            throw fail("unterminated string", i);
        }
        switch (b[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 1;
            }
            case 'u' -> {
                for (int k = 1; k <= 4; k++) {
                    if (i + k >= end || Character.digit(b[i + k], 16) < 0) {
                        throw fail("invalid \\uXXXX escape", i - 1);
                    }
                }
                return i + 5;
            }
            default -> throw fail("invalid \\escape", i - 1);
        }
    }

    private int number(int i) throws InvalidJsonException {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        int digitsStart = i;
        if (i < end && b[i] == '0') {
            i++;
        } else if (i < end && b[i] >= '1' && b[i] <= '9') {
            i = digits(i + 1);
        } else {
            throw fail("expecting a value", start);
        }
        int intDigits = i - digitsStart;
        boolean integer = true;
        if (i < end && b[i] == '.') {
            i = requiredDigits(i + 1, "a digit after '.'");
            integer = false;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            i = requiredDigits(i, "a digit in the exponent");
            integer = false;
        }
        if (integer ? intDigits > maxNumberChars : i - start > maxNumberChars) {
            throw fail((integer ? "integer of " + intDigits + " digits" : "number of " + (i - start) + " chars")
                    + " exceeds the limit of " + maxNumberChars, start);
        }
        return i;
    }

    private int requiredDigits(int i, String expected) throws InvalidJsonException {
        if (i >= end || b[i] < '0' || b[i] > '9') {
            throw fail("expecting " + expected, i);
        }
        return digits(i + 1);
    }

    private int digits(int i) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** The literal {@code word} at {@code at} ({@code start}: where the value began, for the error). */
    private int literal(int start, int at, byte[] word) throws InvalidJsonException {
        if (end - at < word.length || !Arrays.equals(b, at, at + word.length, word, 0, word.length)) {
            throw fail("expecting a value", start);
        }
        return at + word.length;
    }

    /** NaN, Infinity or -Infinity ({@code start} is the sign's index, {@code at} the word's). */
    private int nonFinite(int start, int at, byte[] word) throws InvalidJsonException {
        nonFinite = true; // only read if the whole document is valid
        return literal(start, at, word);
    }

    private int skipWhitespace(int i) {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * A syntax error at {@code at}, unless the bytes are not valid UTF-8 anywhere: then that is the
     * error (a receiver decodes before it parses, so that is what it would have reported).
     */
    private InvalidJsonException fail(String message, int at) {
        int i = off;
        try {
            while (i < end) {
                i = b[i] >= 0 ? i + 1 : utf8Sequence(b, i, end, off);
            }
        } catch (InvalidJsonException encoding) {
            return encoding;
        }
        return new InvalidJsonException(false, message, at - off);
    }

    /**
     * Checks the UTF-8 sequence starting with the non-ASCII byte at {@code i} ({@link Utf8#sequenceEnd}:
     * Unicode's table of well-formed sequences); returns the index after it, or says what is wrong where.
     */
    static int utf8Sequence(byte[] b, int i, int end, int off) throws InvalidJsonException {
        int after = Utf8.sequenceEnd(b, i, end);
        if (after >= 0) {
            return after;
        }
        int bad = -1 - after;
        int lead = b[i] & 0xFF;
        String message;
        if (bad == i + 1) {
            message = String.format("invalid UTF-8: byte 0x%02x after 0x%02x", b[bad] & 0xFF, lead);
        } else if (bad > i) {
            message = String.format("invalid UTF-8: byte 0x%02x in a character", b[bad] & 0xFF);
        } else if (lead < 0xC2 || lead > 0xF4) {
            message = String.format("invalid UTF-8: byte 0x%02x cannot start a character", lead);
        } else {
            message = "invalid UTF-8: truncated character";
        }
        throw new InvalidJsonException(true, message, bad - off);
    }
}
