package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonValidator} accepts exactly the documents CPython's {@code json.loads(data.decode('utf8'))}
 * accepts (grammar, strict UTF-8, NaN/Infinity/-Infinity reported by the return value), reports the right
 * kind of error (encoding before syntax) at the right byte offset, enforces {@link JsonLimits} (also past
 * the 64 levels where it changes how it tracks containers), and honours the {@code (off, len)} range.
 */
class JsonValidatorTest {

    private static final JsonValidator DEFAULT = new JsonValidator(JsonLimits.DEFAULT);
    private static final JsonValidator SMALL = new JsonValidator(new JsonLimits(1 << 20, 3, 5));

    // ---- valid documents ------------------------------------------------------------------------------

    private static List<Case> valid() {
        return List.of(
                // scalars at the root
                ok("true", false), ok("false", false), ok("null", false), ok("0", false), ok("-0", false),
                ok("1.5e-3", false), ok("1E+2", false), ok("-12.50", false), ok("1e05", false),
                ok("1e400", false), // inf for Python, but not a NaN/Infinity literal
                ok("\"x\"", false), ok("\"\"", false),
                ok("NaN", true), ok("Infinity", true), ok("-Infinity", true),
                // whitespace around and inside
                ok(" \t\r\n1 \t\r\n", false), ok("\t{ \"a\" :\r\n[ 1 ,\t2 ] }\n", false), ok("[ ]", false),
                ok("{ }", false),
                // containers
                ok("{}", false), ok("[]", false), ok("[[]]", false), ok("[{}]", false), ok("{\"\":{}}", false),
                ok("[1,\"a\",true,false,null,{\"k\":[-1.5e+3,{}]},[[]]]", false),
                ok("{\"a\":{\"b\":{\"c\":[1,[2,[3]]]}},\"d\":\"e\"}", false),
                ok("{\"dup\":1,\"dup\":2}", false),
                // escapes
                ok("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", false), ok("\"\\u00e9\\u00E9\"", false),
                ok("\"\\uD83D\\uDE00\"", false), ok("\"\\ud800\"", false), ok("\"\\udc00x\\ud800\"", false),
                ok("{\"\\u0000\":\"\\u001f\"}", false),
                // unpaired surrogates in property names too (which Jackson 2.22 refuses, and Python takes)
                ok("{\"\\ud800\":1,\"\\udc00x\":2,\"\\ud83dB\":3}", false),
                // raw non-ASCII and DEL
                ok("\"é\"", false), ok("\"😀\"", false), ok("{\"Ångström µ°C\":\"три\"}", false),
                ok("\"\u007f\"", false),
                // the boundaries of UTF-8: U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF
                ok("\"\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff\"", false),
                // the non-finite flag, anywhere
                ok("[1,{\"a\":[NaN]}]", true), ok("{\"x\":-Infinity}", true), ok("[[[Infinity]]]", true),
                ok("[\"NaN\",\"Infinity\",{\"NaN\":\"-Infinity\"}]", false), ok("[-0.0,1e-400]", false));
    }

    private static Case ok(String text, boolean nonFinite) {
        return new Case(text.getBytes(StandardCharsets.UTF_8), nonFinite, -1);
    }

    @Test
    void acceptsWhatPythonAccepts() {
        List<String> failures = new ArrayList<>();
        for (Case c : valid()) {
            try {
                boolean nonFinite = DEFAULT.validate(c.doc);
                if (nonFinite != c.nonFinite) {
                    failures.add(c + ": non-finite flag " + nonFinite);
                }
            } catch (InvalidJsonException e) {
                failures.add(c + ": refused, " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
    }

    // ---- not JSON -------------------------------------------------------------------------------------

    private static List<Case> notJson() {
        return List.of(
                bad("", 0), bad("   ", 3), bad("01", 1), bad("-01", 2), bad("1.", 2), bad(".5", 0), bad("+1", 0),
                bad("-", 0), bad("-a", 0), bad("1e", 2), bad("1e+", 3), bad("1.e5", 2), bad("0x1", 1),
                bad("[1,]", 3), bad("[,1]", 1), bad("{\"a\" 1}", 5), bad("{\"a\":1,}", 7), bad("{a:1}", 1),
                bad("{'a':1}", 1), bad("[1 2]", 3), bad("{\"a\":1 \"b\":2}", 7), bad("{\"a\"}", 4),
                bad("truex", 4), bad("tru", 0), bad("nul", 0), bad("nulL", 0), bad("True", 0),
                bad("INF", 0), bad("-INF", 0), bad("+Infinity", 0), bad("-NaN", 0), bad("nan", 0),
                bad("infinity", 0), bad("Infinit", 0), bad("-Infinit", 0), bad("NaNa", 3), bad("[NaN1]", 4),
                // raw control characters in strings
                bad("\"a\u0000b\"", 2), bad("\"a\nb\"", 2), bad("\"\u001f\"", 1), bad("{\"\t\":1}", 2),
                // escapes
                bad("\"\\x\"", 1), bad("\"\\u12\"", 1), bad("\"\\u12G4\"", 1), bad("\"ab\\uD83D\\uDEX0\"", 9),
                bad("\"\\'\"", 1), bad("\"\\", 2), bad("\"\\u00e", 1),
                // unterminated
                bad("\"abc", 0), bad("[\"abc", 1), bad("[1, 2", 5), bad("{\"a\":1", 6), bad("[", 1), bad("{", 1),
                bad("{\"a\":", 5), bad("{\"a\"", 4), bad("[[[]]", 5),
                // brackets
                bad("]", 0), bad("}", 0), bad("[}", 1), bad("{]", 1), bad("[1]]", 3), bad("[1}", 2),
                bad("{\"a\":1]", 6), bad(",", 0), bad(":", 0),
                // what precedes or follows the document
                bad("\ufeff{}", 0), bad("\u0000{}", 0), bad("{}\u0000", 2), bad("{} {}", 3), bad("1 2", 2),
                bad("[1] x", 4), bad("//c\n1", 0), bad("\u00a0{}", 0),
                // whitespace is space, tab, LF, CR only (Python's rule): no VT, FF, NEL, NBSP
                bad("\u000b{}", 0), bad("{}\u000c", 2), bad("[1,\u000c2]", 3), bad("[1,\u00852]", 3));
    }

    private static Case bad(String text, int offset) {
        return new Case(text.getBytes(StandardCharsets.UTF_8), false, offset);
    }

    @Test
    void refusesWhatPythonRefuses() {
        assertEquals(List.of(), refusals(notJson(), false));
    }

    // ---- not UTF-8 ------------------------------------------------------------------------------------

    private static List<Case> notUtf8() {
        return List.of(
                // inside a string
                enc("\"\\x80\"", 1), enc("\"a\\xbf\"", 2), enc("\"\\xc0\\xaf\"", 1), enc("\"\\xc1\\xbf\"", 1),
                enc("\"\\xe0\\x80\\xaf\"", 2), enc("\"\\xe0\\x9f\\xbf\"", 2), enc("\"\\xed\\xa0\\x80\"", 2),
                enc("\"\\xed\\xbf\\xbf\"", 2), enc("\"\\xf0\\x8f\\xbf\\xbf\"", 2),
                enc("\"\\xf4\\x90\\x80\\x80\"", 2), enc("\"\\xf5\\x80\\x80\\x80\"", 1), enc("\"\\xf8\"", 1),
                enc("\"\\xfe\"", 1), enc("\"\\xff\"", 1), enc("\"\\xe2\\x82x\"", 3), enc("\"\\xf0\\x9f\\x98x\"", 4),
                // a sequence cut short by the string's end, or by the document's
                enc("\"\\xc3\"", 2), enc("\"\\xe2\\x82\"", 3), enc("\"\\xc3", 1), enc("\"\\xe2\\x82", 1),
                enc("\"\\xf0\\x9f\\x98", 1), enc("[\"\\xf0", 2),
                // outside a string, where it is also a syntax error: the encoding is reported
                enc("\\xff{}", 0), enc("{}\\xff", 2), enc("{}\\xc3", 2), enc("[1,\\xe9]", 3), enc("\\xc3\\xa9\\xff", 2),
                enc("\\x80", 0), enc("[1,,\"\\xff\"]", 5), enc("{\"a\" 1, \"b\": \"\\xed\\xa0\\x80\"}", 15),
                enc("\"\\u12\\xff\"", 5), enc("\"\\x01\\xff\"", 2), enc("\\xef\\xbb\\xbf{\\xff}", 4));
    }

    /** {@code \xNN} in {@code spec} is that byte; everything else is ASCII. */
    private static Case enc(String spec, int offset) {
        return new Case(hexEscaped(spec), false, offset);
    }

    @Test
    void refusesBadUtf8AsSuchEvenAfterASyntaxError() {
        assertEquals(List.of(), refusals(notUtf8(), true));
    }

    /** A table row: the document, and the non-finite flag if valid, else the offset of the error. */
    private record Case(byte[] doc, boolean nonFinite, int offset) {
        @Override
        public String toString() {
            return show(doc);
        }
    }

    /** What is wrong with the validator's refusals of {@code cases}. */
    private static List<String> refusals(List<Case> cases, boolean badEncoding) {
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            try {
                failures.add(c + ": accepted, non-finite " + DEFAULT.validate(c.doc));
            } catch (InvalidJsonException e) {
                if (e.badEncoding() != badEncoding || e.offset() != c.offset
                        || !e.getMessage().endsWith(" at byte " + c.offset)
                        || e.getMessage().startsWith("invalid UTF-8") != badEncoding) {
                    failures.add(c + ": expected " + (badEncoding ? "bad encoding" : "bad JSON") + " at byte "
                            + c.offset + ", got " + (e.badEncoding() ? "bad encoding" : "bad JSON") + ": "
                            + e.getMessage());
                }
            }
        }
        return failures;
    }

    // ---- limits ---------------------------------------------------------------------------------------

    @Test
    void nestingLimit() throws InvalidJsonException {
        assertFalse(SMALL.validate(ascii("[[[]]]")));
        assertFalse(SMALL.validate(ascii("{\"a\":{\"b\":[1,\"x\",null]},\"c\":[[]]}")));
        assertLimit(SMALL, "[[[[]]]]", 3, "nesting deeper than 3 levels");
        assertLimit(SMALL, "{\"a\":{\"b\":[{}]}}", 11, "nesting deeper than 3 levels");
        assertLimit(SMALL, "[1,[2,[3,[4]]]]", 9, "nesting deeper than 3 levels");
        // Siblings do not add up.
        assertFalse(SMALL.validate(ascii("[[[]],[[]],[{}],{\"a\":[]}]")));
    }

    @Test
    void numberLimit() throws InvalidJsonException {
        assertFalse(SMALL.validate(ascii("12345")));
        assertFalse(SMALL.validate(ascii("-12345"))); // an integer's sign is not a digit
        assertFalse(SMALL.validate(ascii("[99999,-99999]")));
        assertLimit(SMALL, "123456", 0, "integer of 6 digits exceeds the limit of 5");
        assertLimit(SMALL, "-123456", 0, "integer of 6 digits exceeds the limit of 5");
        assertLimit(SMALL, "[1,123456]", 3, "integer of 6 digits exceeds the limit of 5");
        assertFalse(SMALL.validate(ascii("1.234")));
        assertFalse(SMALL.validate(ascii("1e234")));
        assertFalse(SMALL.validate(ascii("-1.23")));
        assertLimit(SMALL, "1.2345", 0, "number of 6 chars exceeds the limit of 5");
        assertLimit(SMALL, "1e+234", 0, "number of 6 chars exceeds the limit of 5");
        // Other literals count every char, the sign included.
        assertLimit(SMALL, "-1.234", 0, "number of 6 chars exceeds the limit of 5");
        // Not numbers: no limit.
        assertTrue(SMALL.validate(ascii("-Infinity")));
        assertFalse(SMALL.validate(ascii("\"1234567890\"")));
    }

    @Test
    void defaultLimitsArePythons() throws InvalidJsonException {
        assertFalse(DEFAULT.validate(ascii("[".repeat(990) + "]".repeat(990))));
        assertLimit(DEFAULT, "[".repeat(991) + "]".repeat(991), 990, "nesting deeper than 990 levels");
        assertFalse(DEFAULT.validate(ascii("{\"a\":".repeat(990) + "1" + "}".repeat(990))));
        assertLimit(DEFAULT, "{\"a\":".repeat(991) + "1" + "}".repeat(991), 990 * 5,
                "nesting deeper than 990 levels");
        // sys.get_int_max_str_digits() == 4300
        assertFalse(DEFAULT.validate(ascii("1".repeat(4300))));
        assertFalse(DEFAULT.validate(ascii("-" + "1".repeat(4300))));
        assertLimit(DEFAULT, "1".repeat(4301), 0, "integer of 4301 digits exceeds the limit of 4300");
        assertLimit(DEFAULT, "[0," + "1".repeat(4301) + "]", 3, "integer of 4301 digits exceeds the limit of 4300");
    }

    /** {@code {"a":[{"a":[ ... 1 ... ]}]}}: objects at even depths, arrays at odd ones. */
    private static String alternating(int depth, int swappedLevel) {
        StringBuilder sb = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            sb.append(level % 2 == 0 ? "{\"a\":" : "[");
        }
        sb.append('1');
        for (int level = depth - 1; level >= 0; level--) {
            boolean object = level % 2 == 0;
            sb.append(object != (level == swappedLevel) ? '}' : ']');
        }
        return sb.toString();
    }

    @Test
    void deepAlternatingNestingIsTrackedPastSixtyFourLevels() throws InvalidJsonException {
        for (int depth : new int[] {63, 64, 65, 66, 127, 128, 129, 200, 990}) {
            assertFalse(DEFAULT.validate(ascii(alternating(depth, -1))), "depth " + depth);
        }
        // With limits just past a 64-level word, and exactly at one.
        for (int max : new int[] {64, 65, 128, 129}) {
            JsonValidator v = new JsonValidator(new JsonLimits(1 << 20, max, 100));
            assertFalse(v.validate(ascii(alternating(max, -1))), "depth " + max);
            assertLimit(v, alternating(max + 1, -1), innermostOpen(max + 1), "nesting deeper than " + max
                    + " levels");
        }
    }

    /** Where the opening bracket of the deepest level of {@link #alternating} is. */
    private static int innermostOpen(int depth) {
        return alternating(depth, -1).lastIndexOf(depth % 2 == 1 ? '{' : '[');
    }

    @Test
    void aSwappedClosingBracketIsFoundAtAnyDepth() {
        for (int level : new int[] {0, 1, 62, 63, 64, 65, 99, 100, 101, 127, 128, 129, 198, 199}) {
            String doc = alternating(200, level);
            // Closing brackets come after the 200 openings and the '1', innermost (level 199) first.
            int at = doc.indexOf('1') + 1 + (199 - level);
            String expected = level % 2 == 0 ? "expecting ',' or '}'" : "expecting ',' or ']'";
            InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(ascii(doc)),
                    "swapped at level " + level);
            assertFalse(e.badEncoding());
            assertEquals(expected + " at byte " + at, e.getMessage(), "swapped at level " + level);
        }
    }

    @Test
    void deepNestingDoesNotLeakStateBetweenCalls() throws InvalidJsonException {
        // One validator, used for a deep document and then for shallow ones: every call starts afresh.
        JsonValidator v = new JsonValidator(JsonLimits.DEFAULT);
        assertFalse(v.validate(ascii(alternating(300, -1))));
        assertThrows(InvalidJsonException.class, () -> v.validate(ascii(alternating(300, 150))));
        assertFalse(v.validate(ascii("[{}]")));
        assertThrows(InvalidJsonException.class, () -> v.validate(ascii("[}")));
    }

    private static void assertLimit(JsonValidator v, String doc, int offset, String message) {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> v.validate(ascii(doc)));
        assertFalse(e.badEncoding(), e.getMessage());
        assertEquals(message + " at byte " + offset, e.getMessage());
        assertEquals(offset, e.offset());
    }

    @Test
    void badUtf8IsNamedByTheByteThatBreaksIt() {
        String[][] cases = {
            {"[\"\\xff\"]", "invalid UTF-8: byte 0xff cannot start a character at byte 2"},
            {"[\"\\x80\"]", "invalid UTF-8: byte 0x80 cannot start a character at byte 2"},
            {"[\"\\xc3(\"]", "invalid UTF-8: byte 0x28 after 0xc3 at byte 3"},
            {"[\"\\xe0\\x80\\x80\"]", "invalid UTF-8: byte 0x80 after 0xe0 at byte 3"}, // overlong
            {"[\"\\xed\\xa0\\x80\"]", "invalid UTF-8: byte 0xa0 after 0xed at byte 3"}, // a surrogate
            {"[\"\\xf4\\x90\\x80\\x80\"]", "invalid UTF-8: byte 0x90 after 0xf4 at byte 3"}, // > U+10FFFF
            {"[\"\\xe2\\x82(\"]", "invalid UTF-8: byte 0x28 in a character at byte 4"},
            {"[\"\\xf0\\x9f\\x98\"]", "invalid UTF-8: byte 0x22 in a character at byte 5"},
            {"[\"\\xf0\\x9f", "invalid UTF-8: truncated character at byte 2"},
            {"[1, 2] \\xc3", "invalid UTF-8: truncated character at byte 7"}, // after a syntax error's place
        };
        for (String[] c : cases) {
            byte[] b = hexEscaped(c[0]);
            InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(b), c[0]);
            assertTrue(e.badEncoding(), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }

    // ---- ranges ---------------------------------------------------------------------------------------

    @Test
    void checksOnlyTheGivenRange() throws InvalidJsonException {
        byte[] doc = "{\"k\": [\"é\", NaN]}".getBytes(StandardCharsets.UTF_8);
        for (byte[] around : new byte[][] {{}, {'x'}, {(byte) 0xff, (byte) 0xc3}, {'[', '{', '"'}, {' ', ']'}}) {
            byte[] b = concat(around, doc, around);
            assertTrue(DEFAULT.validate(b, around.length, doc.length), show(b));
        }
        byte[] b = hexEscaped("\\xff[1,]\\xff");
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(b, 1, 4));
        assertFalse(e.badEncoding(), "the 0xff bytes lie outside the range");
        assertEquals(3, e.offset(), "relative to off");
        assertTrue(e.getMessage().endsWith(" at byte 3"), e.getMessage());

        byte[] c = hexEscaped("[[]\"\\xff\"]");
        e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(c, 3, 3));
        assertTrue(e.badEncoding());
        assertEquals(1, e.offset());

        // The range ends inside what would be valid beyond it, or starts after what would not be.
        byte[] d = "[\"é\"] 1".getBytes(StandardCharsets.UTF_8); // [ " c3 a9 " ] sp 1
        assertFalse(DEFAULT.validate(d, 0, 6));
        assertFalse(DEFAULT.validate(d, 6, 2));
        assertFalse(DEFAULT.validate(d, 7, 1));
        e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(d, 0, 3)); // [" then 0xc3
        assertTrue(e.badEncoding());
        assertEquals("invalid UTF-8: truncated character at byte 2", e.getMessage());
        e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(d, 3, 5)); // 0xa9 first
        assertTrue(e.badEncoding());
        assertEquals(0, e.offset());
        e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(d, 0, 4)); // ["é
        assertFalse(e.badEncoding());
        assertEquals("unterminated string starting at byte 1", e.getMessage());
        e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(d, 0, 8));
        assertEquals("data after the JSON value at byte 7", e.getMessage());
        e = assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(d, 6, 0));
        assertEquals("empty message at byte 0", e.getMessage());
        byte[] t = "xtruex".getBytes(StandardCharsets.US_ASCII);
        assertFalse(DEFAULT.validate(t, 1, 4));
        assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(t, 1, 3)); // "tru", 'e' beyond the range
        byte[] n = "-Infinity".getBytes(StandardCharsets.US_ASCII);
        assertTrue(DEFAULT.validate(n, 1, 8));
        assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(n, 0, 8)); // "-Infinit"
        assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(n, 0, 1)); // "-"
        byte[] s = "\"\\u00e9\"".getBytes(StandardCharsets.US_ASCII); // a \\u escape
        assertThrows(InvalidJsonException.class, () -> DEFAULT.validate(s, 0, 6)); // the range cuts the escape short
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hexEscaped(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '\\' && i + 1 < spec.length() && spec.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(spec.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    @Test
    void aReusedCheckerStartsEveryDocumentAfresh() throws InvalidJsonException {
        JsonValidator.Checker checker = DEFAULT.checker();
        byte[] deep = ("{\"a\":" + "[".repeat(100) + "{\"b\":NaN}" + "]".repeat(100) + "}").getBytes(StandardCharsets.UTF_8);
        assertTrue(checker.validate(deep, 0, deep.length), "non-finite, 101 levels");
        // left 100 levels deep, inside an object: the next document must not inherit that
        byte[] cut = ("{\"a\":" + "[".repeat(100) + "{").getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidJsonException.class, () -> checker.validate(cut, 0, cut.length));
        byte[] flat = "[1, 2]".getBytes(StandardCharsets.UTF_8);
        assertFalse(checker.validate(flat, 0, flat.length), "no NaN carried over");
        byte[] closeObject = "}".getBytes(StandardCharsets.UTF_8);
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> checker.validate(closeObject, 0, closeObject.length));
        assertEquals("expecting a value at byte 0", e.getMessage());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Between angle brackets: printable ASCII as is, every other byte (and the backslash) as {@code \xNN}. */
    static String show(byte[] b) {
        StringBuilder sb = new StringBuilder("<");
        for (byte x : b) {
            int c = x & 0xff;
            sb.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('>').toString();
    }
}
