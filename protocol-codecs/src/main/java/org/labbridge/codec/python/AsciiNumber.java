package org.labbridge.codec.python;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.charset.StandardCharsets;

/**
 * JSON number literals in ASCII bytes, found and converted to exactly the values {@link JsonValueReader} gives
 * them: {@link Integer} or {@link Long} (the smallest that fits) for an integer, else {@link Double}, correctly
 * rounded like Jackson's fast double parser (and {@link Double#parseDouble}). Integers only of at most
 * {@link #MAX_CHARS} chars (a long holds all their digits; longer ones are Jackson's to type).
 */
final class AsciiNumber {
    /** The longest integer literal taken here (with a sign, 17 digits: always a long). */
    static final int MAX_CHARS = 18;

    /** 10^0 .. 10^22: each exactly a double. */
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private AsciiNumber() {
    }

    /**
     * The end of the number literal starting at {@code b[i]}, by JSON's grammar exactly (no leading zero, no
     * {@code +}, digits after {@code .} and {@code e}), or -1 when none starts there. What follows the literal
     * is the caller's to check.
     */
    static int end(byte[] b, int i, int n) {
        int start = i;
        if (i < n && b[i] == '-') {
            i++;
        }
        if (i < n && b[i] == '0') {
            i++;
            if (i < n && isDigit(b[i])) {
                return -1;
            }
        } else {
            int digits = i;
            i = digits(b, i, n);
            if (i == digits) {
                return -1;
            }
        }
        if (i < n && b[i] == '.') {
            int digits = ++i;
            i = digits(b, i, n);
            if (i == digits) {
                return -1;
            }
        }
        if (i < n && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int digits = i;
            i = digits(b, i, n);
            if (i == digits) {
                return -1;
            }
        }
        return i;
    }

    /**
     * Whether {@link #value} converts the literal {@code b[start, end)} as Jackson would: an integer of at most
     * {@link #MAX_CHARS} chars, or any other number of at most {@code maxChars} (beyond, Jackson's reader refuses).
     */
    static boolean convertible(byte[] b, int start, int end, int maxChars) {
        int length = end - start;
        if (length <= MAX_CHARS) {
            return true;
        }
        if (length > maxChars) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (b[i] == '.' || b[i] == 'e' || b[i] == 'E') {
                return true;
            }
        }
        return false;
    }

    /**
     * The value of the literal {@code b[start, end)}, one that {@link #end} found and {@link #convertible}
     * accepts.
     */
    static Object value(byte[] b, int start, int end) {
        int shape = shape(b, start, end);
        return shape == UNPACKED ? jackson(b, start, end) : value(units(b, start, end), shape);
    }

    /**
     * The value of a literal from its {@link #units} and {@link #shape}. A double of at most 2^53 units times a
     * power of ten up to 10^22 is one exact division or multiplication of two exact doubles, so correctly rounded
     * (Clinger's fast path, which Jackson's parser takes too): the readings of a lab are nearly all like that.
     * Others (17-digit times, large exponents) go to Jackson's own parser, as units E exponent: the same decimal
     * value, so the same correctly rounded double as the literal.
     */
    static Object value(long units, int shape) {
        boolean negative = (shape & NEGATIVE) != 0;
        if ((shape & INTEGER) != 0) {
            long v = negative ? -units : units;
            return v == (int) v ? (Object) (int) v : (Object) v;
        }
        int exponent = shape >> 2;
        if (units <= 1L << 53 && exponent >= -22 && exponent <= 22) {
            double d = exponent < 0 ? units / POWERS[-exponent] : units * POWERS[exponent];
            return negative ? -d : d;
        }
        return NumberInput.parseDouble((negative ? "-" : "") + units + "E" + exponent, true);
    }

    /** A literal's decimal digits (sign, point and exponent left out) as a long: at most 18 of them fit. */
    static long units(byte[] b, int start, int end) {
        long units = 0;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (isDigit(c)) {
                units = units * 10 + (c - '0');
            } else if (c == 'e' || c == 'E') {
                break;
            }
        }
        return units;
    }

    private static final int INTEGER = 1;
    private static final int NEGATIVE = 2;
    /** {@link #shape} of a literal that does not fit the pair: longer than {@link #MAX_CHARS}, or a huge exponent. */
    static final int UNPACKED = Integer.MIN_VALUE;

    /**
     * The rest of a literal besides its {@link #units}, packed in an int: the power of ten the units are to be
     * multiplied by (times 4), whether it is negative (2), whether it is an integer (1); or {@link #UNPACKED}.
     */
    static int shape(byte[] b, int start, int end) {
        if (end - start > MAX_CHARS) {
            return UNPACKED;
        }
        int i = start;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        i = digits(b, i, end);
        if (i == end) {
            return INTEGER | (negative ? NEGATIVE : 0);
        }
        long exponent = 0;
        if (b[i] == '.') {
            int fraction = ++i;
            i = digits(b, i, end);
            exponent = fraction - i;
        }
        if (i < end) { // 'e' or 'E'
            i++;
            boolean negativeExponent = b[i] == '-';
            if (b[i] == '-' || b[i] == '+') {
                i++;
            }
            long e = 0;
            while (i < end) {
                e = e * 10 + (b[i++] - '0'); // at most 16 digits: no overflow
            }
            exponent += negativeExponent ? -e : e;
        }
        if (exponent < -100_000_000 || exponent > 100_000_000) {
            return UNPACKED;
        }
        return (int) exponent << 2 | (negative ? NEGATIVE : 0);
    }

    private static Double jackson(byte[] b, int start, int end) {
        return NumberInput.parseDouble(new String(b, start, end - start, StandardCharsets.ISO_8859_1), true);
    }

    private static int digits(byte[] b, int i, int n) {
        while (i < n && isDigit(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
