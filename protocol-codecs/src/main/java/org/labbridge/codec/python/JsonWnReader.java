package org.labbridge.codec.python;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pull socket's {@code json_wn} reply straight from its bytes, for a reader of y values (the Netdata
 * plugin polls ten 50 kB replies a second at 10,000 codenames, and Jackson's tokens plus the exact conversion of
 * every x, a 17-digit time, were half of its CPU). The reply as PyExpLabSys's {@code json.dumps} writes it: one
 * object whose keys are plain printable ASCII, whose values are scalars (numbers, but integers of at most
 * {@link AsciiNumber#MAX_CHARS} chars; NaN, Infinity, -Infinity, plain strings, true, false, null) or arrays of
 * them. A point {@code [x, y]} with a number x becomes a {@link DeferredPoint}: its x is only converted when
 * asked for.
 *
 * <p>Anything else, valid or not (an escape, a byte outside printable ASCII in a string, a nested container, a
 * long integer, a syntax error, tight limits), makes {@link #read} answer {@code null}, and the caller reads the
 * reply with {@link PyJson#loads} as before: this reader only ever returns what that would (equal values, same
 * types, same order), never an error of its own.
 *
 * <p>Keys are taken from an earlier reply when their bytes are the same at the same position (a socket
 * answers the same codenames in the same order every time): no new String, its hash already computed, and the
 * caller's maps find it by identity. Not thread-safe: one reader per socket.
 */
public final class JsonWnReader extends AsciiJsonCursor {
    /** Marks a value this reader leaves to the full reader ({@code null} is JSON's null). */
    private static final Object NOT_FLAT = new Object();
    private static final byte[] NAN = "NaN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFINITY = "Infinity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final JsonLimits limits;
    /**
     * The keys of the replies read, by position: each replaced when a reply has another key there. One array
     * for the reader's life (what a reply allocates must not live on to the next one: a young GC would copy
     * it, and the plugin's old generation has little room beside its charts).
     */
    private String[] keys = new String[16];
    /** How many keys the last reply read to the end had (the map for the next one is sized for them). */
    private int lastCount;
    /** How many keys the reply being read has so far. */
    private int count;

    /** A reader for replies within {@code limits} (those {@link PyJson#loads} would be given). */
    public JsonWnReader(JsonLimits limits) {
        this.limits = limits;
    }

    /**
     * The reply {@code data[offset, offset + length)} as {@link PyJson#loads} reads it, or {@code null} when it is
     * not the usual {@code json_wn} reply (then read it with {@link PyJson#loads}). Nothing refers to
     * {@code data} afterwards: the caller may reuse it at once.
     */
    public Map<String, Object> read(byte[] data, int offset, int length) {
        if (length > limits.maxChars() || limits.maxNesting() < 2 || limits.maxNumberChars() < AsciiNumber.MAX_CHARS) {
            return null; // Jackson's reader refuses it or checks tight limits
        }
        b = data;
        n = offset + length;
        i = offset;
        count = 0;
        try {
            Map<String, Object> map = object();
            if (map != null) {
                lastCount = count;
            }
            return map;
        } finally {
            b = null;
        }
    }

    private Map<String, Object> object() {
        skipSpace();
        if (!take('{')) {
            return null;
        }
        // sized for the last reply's codenames: no rehashing while it fills
        Map<String, Object> map = new LinkedHashMap<>((int) (lastCount / 0.75f) + 1);
        skipSpace();
        if (!take('}')) {
            while (true) {
                String key = key();
                skipSpace();
                if (key == null || !take(':')) {
                    return null;
                }
                skipSpace();
                Object value = i < n && b[i] == '[' ? array() : scalar();
                if (value == NOT_FLAT) {
                    return null;
                }
                map.put(key, value); // a repeated key keeps its first position, as in a Python dict
                skipSpace();
                if (take('}')) {
                    break;
                }
                if (!take(',')) {
                    return null;
                }
                skipSpace();
            }
        }
        skipSpace();
        return i == n ? map : null;
    }

    /** A key: the String of an earlier reply's key at the same position when it has the same bytes. */
    private String key() {
        int start = i + 1;
        int end = stringEnd();
        if (end < 0) {
            return null;
        }
        int k = count++;
        if (k == keys.length) {
            keys = Arrays.copyOf(keys, k * 2);
        }
        String key = keys[k];
        if (key == null || !same(key, start, end)) {
            key = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
            keys[k] = key;
        }
        return key;
    }

    /** Whether {@code key} (ASCII, as every key read here) is {@code b[start, end)}. */
    private boolean same(String key, int start, int end) {
        if (key.length() != end - start) {
            return false;
        }
        for (int j = start; j < end; j++) {
            if (key.charAt(j - start) != b[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * An array of scalars. A first element that is a number is not converted until the array turns out to be
     * a point {@code [x, y]} (then x waits in a {@link DeferredPoint}) or anything else (then it is converted).
     */
    private Object array() {
        i++; // '['
        skipSpace();
        if (take(']')) {
            return new ArrayList<>();
        }
        List<Object> list = null; // made when the array is not a point
        if (startsNumber()) {
            int xStart = i;
            int xEnd = numberEnd();
            if (xEnd < 0) {
                return NOT_FLAT;
            }
            i = xEnd;
            skipSpace();
            Object y = NOT_FLAT;
            if (take(',')) {
                skipSpace();
                y = scalar();
                if (y == NOT_FLAT) {
                    return NOT_FLAT;
                }
                skipSpace();
                int shape = AsciiNumber.shape(b, xStart, xEnd);
                if (shape != AsciiNumber.UNPACKED && take(']')) {
                    return new DeferredPoint(AsciiNumber.units(b, xStart, xEnd), shape, y);
                }
            }
            // not a point, or its x does not fit a DeferredPoint: converted now
            list = new ArrayList<>();
            list.add(AsciiNumber.value(b, xStart, xEnd));
            if (y != NOT_FLAT) {
                list.add(y);
            }
            if (take(']')) {
                return list;
            }
            if (!take(',')) {
                return NOT_FLAT;
            }
        }
        if (list == null) {
            list = new ArrayList<>();
        }
        while (true) {
            skipSpace();
            Object v = scalar();
            if (v == NOT_FLAT) {
                return NOT_FLAT;
            }
            list.add(v);
            skipSpace();
            if (take(']')) {
                return list;
            }
            if (!take(',')) {
                return NOT_FLAT;
            }
        }
    }

    /** The end of the number literal at i, or -1 when there is none or it is not {@link AsciiNumber#convertible}. */
    private int numberEnd() {
        int end = AsciiNumber.end(b, i, n);
        return end >= 0 && AsciiNumber.convertible(b, i, end, limits.maxNumberChars()) ? end : -1;
    }

    private boolean startsNumber() {
        if (i >= n) {
            return false;
        }
        byte c = b[i];
        return (c >= '0' && c <= '9') || (c == '-' && i + 1 < n && b[i + 1] >= '0' && b[i + 1] <= '9');
    }

    private Object scalar() {
        if (i >= n) {
            return NOT_FLAT;
        }
        byte c = b[i];
        if (c == '"') {
            int start = i + 1;
            int end = stringEnd();
            return end < 0 ? NOT_FLAT : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        }
        if (startsNumber()) {
            int end = numberEnd();
            if (end < 0) {
                return NOT_FLAT;
            }
            Object v = AsciiNumber.value(b, i, end);
            i = end;
            return v;
        }
        // Python writes these three for nan, inf and -inf; Jackson (as PyJson.loads sets it up) reads them so
        if (word(NAN)) {
            return Double.NaN;
        }
        if (word(INFINITY)) {
            return Double.POSITIVE_INFINITY;
        }
        if (c == '-' && i + 1 < n && b[i + 1] == 'I') {
            i++;
            if (word(INFINITY)) {
                return Double.NEGATIVE_INFINITY;
            }
            return NOT_FLAT;
        }
        if (word(TRUE)) {
            return Boolean.TRUE;
        }
        if (word(FALSE)) {
            return Boolean.FALSE;
        }
        if (word(NULL)) {
            return null;
        }
        return NOT_FLAT;
    }

    /** Takes {@code w} if it is next (what follows it is the caller's to check). */
    private boolean word(byte[] w) {
        if (i + w.length <= n && Arrays.equals(b, i, i + w.length, w, 0, w.length)) {
            i += w.length;
            return true;
        }
        return false;
    }

    /**
     * Past a string of printable ASCII without escapes starting at the quote {@code b[i]}: its closing quote's
     * index (i is then after it), or -1.
     */
    private int stringEnd() {
        if (!take('"')) {
            return -1;
        }
        while (i < n) {
            byte c = b[i];
            if (c == '"') {
                return i++;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return -1;
            }
            i++;
        }
        return -1;
    }
}
