package org.labbridge.codec.python;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON a push or a bridge message nearly always is, without Jackson: one object whose keys are
 * plain printable ASCII and whose values are numbers, plain strings, {@code true}/{@code false}/{@code null}
 * or arrays of those ({@code {"t": [1414154338.17, 21.5]}}). Setting up a Jackson parser (parser, context,
 * symbol table child, buffers) was most of the cost and of the garbage of reading such a short text.
 *
 * <p>Anything else, valid or not (an escape, a non-ASCII character, a nested object, NaN, a long number, a
 * syntax error), makes it answer {@code null}, and the caller reads the text with Jackson as before: this
 * reader only ever returns what {@link JsonValueReader} would, never an error of its own. The same value
 * model: {@link LinkedHashMap} (a repeated key keeps its first position and takes the last value),
 * {@link ArrayList}, {@link Integer}/{@link Long} (the smallest that fits), {@link Double}.
 *
 * <p>It reads bytes (a String's chars cost a bounds and a coder check each, most of its time): a datagram's
 * bytes directly, or a String's Latin-1 bytes, where the one char they cannot tell apart from its
 * substitute, {@code '?'}, is checked against the String.
 */
final class FlatJsonReader extends AsciiJsonCursor {

    /** Integer literals up to this many characters fit a long (with a sign: 17 digits); longer go to Jackson. */
    private static final int MAX_FAST_NUMBER = 18;

    /** The String the bytes come from (its chars beyond Latin-1 became '?'), or null for raw bytes. */
    private final String original;
    private final int base;

    private FlatJsonReader(byte[] b, int offset, int length, String original) {
        this.b = b;
        this.i = offset;
        this.base = offset;
        this.n = offset + length;
        this.original = original;
    }

    /** The value of a flat JSON object, or {@code null} when the text needs the full reader. */
    static Map<String, Object> read(String text, JsonLimits limits) {
        if (tight(limits)) {
            return null;
        }
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        return new FlatJsonReader(latin1, 0, latin1.length, text).object();
    }

    /**
     * The value of a flat JSON object of printable ASCII given as bytes (UTF-8, which it then is), or
     * {@code null} when the text needs the full reader (any byte beyond ASCII among them).
     */
    static Map<String, Object> read(byte[] bytes, int offset, int length, JsonLimits limits) {
        if (tight(limits)) {
            return null;
        }
        return new FlatJsonReader(bytes, offset, length, null).object();
    }

    /** Tight limits: Jackson's reader checks them. */
    private static boolean tight(JsonLimits limits) {
        return limits.maxNesting() < 2 || limits.maxNumberChars() < MAX_FAST_NUMBER;
    }

    /** The char at {@code j}: a byte as is (callers refuse any beyond printable ASCII). */
    private char at(int j) {
        return (char) (b[j] & 0xff);
    }

    private Map<String, Object> object() {
        skipSpace();
        if (!take('{')) {
            return null;
        }
        // Sized for its entries: the default table of 16 was the largest object a one-value push made.
        Map<String, Object> map = new LinkedHashMap<>(capacityFor(keysAhead(b, i, n)));
        skipSpace();
        if (!take('}')) {
            while (true) {
                String key = string(true);
                skipSpace();
                if (key == null || !take(':')) {
                    return null;
                }
                skipSpace();
                Object value;
                if (i < n && b[i] == '[') {
                    value = array();
                } else {
                    value = scalar();
                }
                if (value == NOT_FLAT) {
                    return null;
                }
                map.put(key, value);
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

    /** Marks a value this reader leaves to Jackson ({@code null} is JSON's null). */
    private static final Object NOT_FLAT = new Object();

    private Object array() {
        i++; // '['
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (take(']')) {
            return list;
        }
        while (true) {
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
            skipSpace();
        }
    }

    private Object scalar() {
        if (i >= n) {
            return NOT_FLAT;
        }
        char c = at(i);
        if (c == '"') {
            String str = string(false);
            return str == null ? NOT_FLAT : str;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (startsWith("true")) {
            i += 4;
            return Boolean.TRUE;
        }
        if (startsWith("false")) {
            i += 5;
            return Boolean.FALSE;
        }
        if (startsWith("null")) {
            i += 4;
            return null;
        }
        return NOT_FLAT;
    }

    private boolean startsWith(String word) {
        if (n - i < word.length()) {
            return false;
        }
        for (int j = 0; j < word.length(); j++) {
            if (b[i + j] != word.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** The most keys a map is sized for up front; a larger one grows as it fills. */
    static final int MAX_KEYS_AHEAD = 64;

    /**
     * How many keys the object at {@code b[from, to)} has, about: the {@code ':'} bytes that follow a
     * {@code '"'} (whitespace between allowed), which are each key's and one per string value that starts
     * with a ':' (a quote within a string is escaped). Counting stops at a byte this reader gives up on (an
     * escape, a nested object, a non-ASCII byte: the text goes to Jackson, and the map was for nothing) and
     * at {@link #MAX_KEYS_AHEAD}: whatever the text, the table made up front is at most a few hundred bytes.
     */
    static int keysAhead(byte[] b, int from, int to) {
        int count = 0;
        for (int j = from + 1; j < to && count < MAX_KEYS_AHEAD; j++) {
            byte c = b[j];
            if (c == '\\' || c == '{' || c < 0) {
                break;
            }
            if (c == ':') {
                int k = j - 1;
                while (k > from && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r')) {
                    k--;
                }
                if (b[k] == '"') {
                    count++;
                }
            }
        }
        return count;
    }

    /** A HashMap capacity that holds {@code entries} without growing. */
    private static int capacityFor(int entries) {
        return (int) Math.ceil(entries / 0.75);
    }

    /** A string of printable ASCII without escapes, or {@code null}; a key is the {@link AsciiKeys} instance. */
    private String string(boolean key) {
        if (!take('"')) {
            return null;
        }
        int start = i;
        while (i < n) {
            char c = at(i);
            if (c == '"') {
                int end = i++;
                return key ? AsciiKeys.key(b, start, end) : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
            }
            if (c < 0x20 || c > 0x7e || c == '\\' || (c == '?' && original != null && original.charAt(i - base) != '?')) {
                return null; // (a '?' that stood for a char beyond Latin-1)
            }
            i++;
        }
        return null;
    }

    /**
     * JSON's number grammar exactly; a literal longer than {@link #MAX_FAST_NUMBER} is left to Jackson. Found and
     * converted by {@link AsciiNumber} (the plugin's {@code json_wn} reader does the same): the values Jackson
     * gives, Clinger's exact fast path for the usual lab readings, no substring or parser per number.
     */
    private Object number() {
        int start = i;
        int end = AsciiNumber.end(b, start, n); // digits, sign, '.', 'e' are ASCII: a '?' stand-in is none of them
        if (end < 0 || end - start > MAX_FAST_NUMBER) {
            return NOT_FLAT; // not a number (a leading zero: Jackson refuses it), or a long one
        }
        i = end;
        return AsciiNumber.value(b, start, end);
    }
}
