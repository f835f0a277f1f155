package org.labbridge.codec.python;

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
 */
final class FlatJsonReader {

    /** Integer literals up to this many characters fit a long (with a sign: 17 digits); longer go to Jackson. */
    private static final int MAX_FAST_NUMBER = 18;

    private final String s;
    private final int n;
    private int i;

    private FlatJsonReader(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** The value of a flat JSON object, or {@code null} when the text needs the full reader. */
    static Map<String, Object> read(String text, JsonLimits limits) {
        if (limits.maxNesting() < 2 || limits.maxNumberChars() < MAX_FAST_NUMBER) {
            return null; // tight limits: Jackson's reader checks them
        }
        return new FlatJsonReader(text).object();
    }

    private Map<String, Object> object() {
        skipSpace();
        if (!take('{')) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (!take('}')) {
            while (true) {
                String key = string();
                skipSpace();
                if (key == null || !take(':')) {
                    return null;
                }
                skipSpace();
                Object value;
                if (i < n && s.charAt(i) == '[') {
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
        char c = s.charAt(i);
        if (c == '"') {
            String str = string();
            return str == null ? NOT_FLAT : str;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        return NOT_FLAT;
    }

    /** A string of printable ASCII without escapes, or {@code null}. */
    private String string() {
        if (!take('"')) {
            return null;
        }
        int start = i;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return s.substring(start, i++);
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return null;
            }
            i++;
        }
        return null;
    }

    /** JSON's number grammar exactly; a literal longer than {@link #MAX_FAST_NUMBER} is left to Jackson. */
    private Object number() {
        int start = i;
        take('-');
        if (take('0')) {
            if (i < n && isDigit(s.charAt(i))) {
                return NOT_FLAT; // a leading zero: Jackson refuses it
            }
        } else if (!digits()) {
            return NOT_FLAT;
        }
        boolean integer = true;
        if (take('.')) {
            integer = false;
            if (!digits()) {
                return NOT_FLAT;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integer = false;
            i++;
            if (!take('+')) {
                take('-');
            }
            if (!digits()) {
                return NOT_FLAT;
            }
        }
        if (i - start > MAX_FAST_NUMBER) {
            return NOT_FLAT;
        }
        String literal = s.substring(start, i);
        if (!integer) {
            return Double.parseDouble(literal); // 1E400 -> Infinity, as Jackson and Python's float()
        }
        long v = Long.parseLong(literal);
        return v == (int) v ? (Object) (int) v : (Object) v;
    }

    private boolean digits() {
        int start = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        return i > start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean take(char c) {
        if (i < n && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }
}
