package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PullReplies;
import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.codec.text.Utf8;

import java.util.List;

/**
 * Running byte counts of a pull socket's whole-socket replies, kept up to date per set so that a set is
 * checked against {@link StateLimits#maxStateBytes()} without encoding the replies: a set costs the encoding
 * of its own points, not of the whole state. Each point counts as the larger of its text and
 * {@code OLD_DATA}, so a point going stale never makes a reply larger than counted.
 *
 * <p>"reg" sums cover registered codenames (what {@code codenames_*}, {@code raw}, {@code json},
 * {@code raw_wn} list); "all" sums cover every codename ({@code json_wn}).
 */
record ReplySizes(int regCount, long regNameRaw, long regNameJson, long regRawPoint, long regJsonPoint,
                  int allCount, long allNameJson, long allJsonPoint) {

    static final ReplySizes EMPTY = new ReplySizes(0, 0, 0, 0, 0, 0, 0, 0);

    private static final int OLD_DATA_RAW = PyExpLabSys.OLD_DATA.length();
    private static final int OLD_DATA_JSON = OLD_DATA_RAW + 2;
    /** The longest repr of a finite float, {@code -2.2250738585072014e-308} (a long has at most 20 digits). */
    private static final int MAX_NUMBER_TEXT = 24;
    /** The longest JSON text of a point of two finite numbers, {@code [x, y]}. */
    static final int MAX_NUMBER_POINT_JSON = 2 + MAX_NUMBER_TEXT + 2 + MAX_NUMBER_TEXT;
    /** The longest raw text of a point of two finite numbers, {@code x,y}. */
    static final int MAX_NUMBER_POINT_RAW = MAX_NUMBER_TEXT + 1 + MAX_NUMBER_TEXT;

    /** The sizes one codename and its point contribute. */
    record Entry(boolean registered, int nameRaw, int nameJson, int rawPoint, int jsonPoint) {

        static Entry of(String codename, boolean registered, PyTuple point) {
            return sized(registered, utf8Length(codename), PyJson.dumps(codename).length(), point);
        }

        Entry withPoint(PyTuple point) {
            return sized(registered, nameRaw, nameJson, point);
        }

        /**
         * This runs for every set of a point (every routed push, per value), so the common point, {@code (x, y)}
         * of two finite numbers, is formatted once: its raw text {@code x,y} ({@code str}) and its JSON text
         * {@code [x, y]} ({@code json.dumps}) print each number the same way (Python's float repr, or the
         * int's digits), so the JSON one is 3 bytes longer. Any other point is formatted both ways.
         */
        private static Entry sized(boolean registered, int nameRaw, int nameJson, PyTuple point) {
            if (isNumberPair(point)) {
                StringBuilder sb = new StringBuilder(48);
                PullReplies.appendRawPoint(sb, point); // ASCII: one byte per char
                return new Entry(registered, nameRaw, nameJson, Math.max(OLD_DATA_RAW, sb.length()),
                        Math.max(OLD_DATA_JSON, sb.length() + 3));
            }
            return new Entry(registered, nameRaw, nameJson, rawPointBytes(point), jsonPointBytes(point));
        }

        /**
         * At most how many bytes any reply grows when this entry's point is replaced by {@code point}, or -1
         * when {@code point} is not two finite numbers (then only formatting it tells).
         */
        int growthBound(PyTuple point) {
            if (!isNumberPair(point)) {
                return -1;
            }
            return Math.max(0, Math.max(MAX_NUMBER_POINT_RAW - rawPoint, MAX_NUMBER_POINT_JSON - jsonPoint));
        }

        /** Whether {@code point} is {@code (x, y)} of two finite floats or ints (longs, ints). */
        private static boolean isNumberPair(PyTuple point) {
            List<Object> items = point.items();
            return items.size() == 2 && isFiniteNumber(items.get(0)) && isFiniteNumber(items.get(1));
        }

        private static boolean isFiniteNumber(Object v) {
            Class<?> type = v == null ? null : v.getClass();
            return type == Double.class ? Double.isFinite((Double) v) : type == Long.class || type == Integer.class;
        }
    }

    /** The bytes of a point in {@code raw} replies (UTF-8: raw replies print strings as they are). */
    static int rawPointBytes(PyTuple point) {
        StringBuilder sb = new StringBuilder(32);
        PullReplies.appendRawPoint(sb, point);
        return Math.max(OLD_DATA_RAW, utf8Length(sb));
    }

    /** The bytes of a point in JSON replies (ASCII: {@code json.dumps} escapes the rest). */
    static int jsonPointBytes(PyTuple point) {
        return Math.max(OLD_DATA_JSON, PyJson.dumps(point).length());
    }

    ReplySizes plus(Entry e) {
        return add(e, 1);
    }

    ReplySizes minus(Entry e) {
        return add(e, -1);
    }

    private ReplySizes add(Entry e, int sign) {
        int r = e.registered ? sign : 0;
        return new ReplySizes(regCount + r, regNameRaw + (long) r * e.nameRaw, regNameJson + (long) r * e.nameJson,
                regRawPoint + (long) r * e.rawPoint, regJsonPoint + (long) r * e.jsonPoint,
                allCount + sign, allNameJson + (long) sign * e.nameJson, allJsonPoint + (long) sign * e.jsonPoint);
    }

    long codenamesRaw() {
        return regNameRaw + separators(regCount);
    }

    long codenamesJson() {
        return 2 + regNameJson + 2 * separators(regCount);
    }

    long raw() {
        return regRawPoint + separators(regCount);
    }

    long json() {
        return 2 + regJsonPoint + 2 * separators(regCount);
    }

    /** {@code cn:x,y} joined by {@code ;}. */
    long rawWithNames() {
        return regNameRaw + regCount + regRawPoint + separators(regCount);
    }

    /** <code>{"cn": [x, y], ...}</code>. */
    long jsonWithNames() {
        return 2 + allNameJson + 2L * allCount + allJsonPoint + 2 * separators(allCount);
    }

    /** The largest whole-socket reply this state can produce, stale points or not. */
    long largest() {
        return Math.max(Math.max(Math.max(codenamesRaw(), codenamesJson()), Math.max(raw(), json())),
                Math.max(rawWithNames(), jsonWithNames()));
    }

    private static long separators(int count) {
        return Math.max(0, count - 1);
    }

    /** The length of {@code s} encoded as UTF-8 by {@code getBytes}, without encoding it. */
    static int utf8Length(CharSequence s) {
        return Utf8.encodedLength(s);
    }
}
