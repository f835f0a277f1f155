package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shortcut reader returns exactly what Jackson's reader returns (same types, same order, same values) for
 * every text it takes, and leaves everything else to Jackson: checked on generated flat documents and on the
 * validator's 20,000 mutated documents.
 */
class FlatJsonReaderTest {

    /** Types, order and values: {@code equals} alone ignores map order and says 1 == 1L is false only by luck. */
    private static String typed(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, x) -> sb.append(typed(k)).append(':').append(typed(x)).append(','));
            return sb.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder(l.getClass().getSimpleName()).append('[');
            l.forEach(x -> sb.append(typed(x)).append(','));
            return sb.append(']').toString();
        }
        if (v instanceof Double d) {
            return "Double(" + Double.doubleToRawLongBits(d) + ")";
        }
        return v == null ? "null" : v.getClass().getSimpleName() + "(" + v + ")";
    }

    /** When the shortcut takes {@code text}, Jackson reads it to the same value; returns whether it took it. */
    private static boolean agrees(String text) {
        Map<String, Object> fast = FlatJsonReader.read(text, JsonLimits.DEFAULT);
        byte[] utf8 = ("xy" + text + "z").getBytes(StandardCharsets.UTF_8);
        Map<String, Object> fromBytes = FlatJsonReader.read(utf8, 2, utf8.length - 3, JsonLimits.DEFAULT);
        assertEquals(fast == null ? "null" : typed(fast), fromBytes == null ? "null" : typed(fromBytes),
                "the String and the bytes of " + text);
        if (fast == null) {
            return false;
        }
        try {
            Object reference = JsonValueReader.readWithJackson(text, JsonLimits.DEFAULT);
            assertEquals(typed(reference), typed(fast), text);
            assertEquals(reference.getClass(), fast.getClass(), text);
        } catch (PyJsonException e) {
            fail("the shortcut read what Jackson refuses: " + text + " (" + e.getMessage() + ")");
        }
        return true;
    }

    @Test
    void takesWhatAPushUsuallyIs() {
        assertTrue(agrees("{\"t\": 21.5}"));
        assertTrue(agrees("{\"temperature\": [1414154338.172345, 21.5], \"pressure\": [1414154338.172345, 1.013e-7]}"));
        assertTrue(agrees(" \t\r\n{ \"k\" :\t[ 1 ,2 ] , \"\" : \"\" }\r\n "));
        assertTrue(agrees("{\"dup\": 1, \"x\": 2, \"dup\": [true, false, null]}"));
        assertTrue(agrees("{\"i\": 2147483647, \"j\": 2147483648, \"n\": -2147483648, \"m\": -2147483649, \"z\": -0}"));
        assertTrue(agrees("{\"a\": 999999999999999999, \"b\": -99999999999999999, \"c\": 1e400, \"d\": -0.0, \"e\": 1E-7}"));
        assertTrue(agrees("{}"));
        assertTrue(agrees("{\"l\": [], \"s\": \"plain ASCII ~!\"}"));
        Map<String, Object> m = FlatJsonReader.read("{\"b\": 1, \"a\": 2, \"b\": 3}", JsonLimits.DEFAULT);
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()), "a repeated key keeps its first position");
        assertEquals(3, m.get("b"));
    }

    @Test
    void leavesEverythingElseToJackson() {
        for (String text : List.of("[1, 2]", "1", "\"s\"", "{\"a\": {\"b\": 1}}", "{\"a\": [[1]]}", "{\"a\": [{}]}",
                "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": -Infinity}", "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}",
                "{\"a\": +1}", "{\"a\": 1e}", "{\"a\": -}", "{\"a\": 1234567890123456789}", "{\"a\": 1.2345678901234567890}",
                "{\"\\u00e9\": 1}", "{\"a\": \"\\n\"}", "{\"é\": 1}", "{\"a\": \"\u007f\"}", "{\"a\": \"\u0001\"}",
                "{\"a\": 1,}", "{\"a\": 1} x", "{\"a\": 1}{}", "{\"a\" 1}", "{a: 1}", "{\"a\": tru}", "{\"a\": truex}",
                "{\"a\": [1,]}", "{\"a\": [1 2]}", "{\"a\": 1", "", "   ", "\ufeff{}", "{\"a\": 1\u000b}")) {
            assertNull(FlatJsonReader.read(text, JsonLimits.DEFAULT), text);
            assertFalse(agrees(text), text); // the bytes too
        }
        // A String's chars beyond Latin-1 become '?' in its bytes: never taken for a real '?'.
        assertNull(FlatJsonReader.read("{\"a\u20ac\": 1}", JsonLimits.DEFAULT));
        assertNull(FlatJsonReader.read("{\"a\": \"\ud83d\ude00\"}", JsonLimits.DEFAULT));
        assertTrue(agrees("{\"a?\": \"?\"}"));
        assertNull(FlatJsonReader.read("{\"t\": 1}", new JsonLimits(1 << 20, 1, 4300)), "tight limits: Jackson checks");
        assertNull(FlatJsonReader.read("{\"t\": 1}", new JsonLimits(1 << 20, 990, 5)));
    }

    @Test
    void agreesWithJacksonOnGeneratedFlatDocuments() {
        Random random = new Random(15);
        String[] keys = {"t", "", "temperature", "a b", "0", "~!@#$%^&*()", "dup", "dup"};
        String[] numbers = {"0", "-0", "1", "-1", "0.0", "-0.0", "21.5", "1e5", "1E+5", "1e-5", "-12.25E+2", "1e400",
            "-1e400", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775", "1.79e308",
            "4.9e-324", "0.300000000000001", "123456789012345678", "-12345678901234567", "5e-324", "1e-400"};
        String[] others = {"true", "false", "null", "\"\"", "\"x\"", "\"with space\"", "[]"};
        String[] space = {"", " ", "  ", "\t", "\n", "\r\n"};
        int taken = 0;
        for (int doc = 0; doc < 5000; doc++) {
            StringBuilder sb = new StringBuilder(space[random.nextInt(space.length)]).append('{');
            int members = random.nextInt(5);
            for (int m = 0; m < members; m++) {
                if (m > 0) {
                    sb.append(space[random.nextInt(space.length)]).append(',');
                }
                sb.append(space[random.nextInt(space.length)]).append('"').append(keys[random.nextInt(keys.length)])
                        .append('"').append(space[random.nextInt(space.length)]).append(':')
                        .append(space[random.nextInt(space.length)]);
                if (random.nextInt(3) == 0) {
                    sb.append('[');
                    int items = random.nextInt(4);
                    for (int k = 0; k < items; k++) {
                        sb.append(k > 0 ? ", " : "").append(scalar(random, numbers, others));
                    }
                    sb.append(']');
                } else {
                    sb.append(scalar(random, numbers, others));
                }
            }
            sb.append(space[random.nextInt(space.length)]).append('}').append(space[random.nextInt(space.length)]);
            assertTrue(agrees(sb.toString()), sb.toString());
            taken++;
        }
        assertEquals(5000, taken);
    }

    /**
     * Numbers are read without a parser where the digits and the power of ten are exact doubles: every
     * literal of up to 18 characters (the shortcut's range) must still give Jackson's value and
     * {@link Double#parseDouble}'s bits, and integers {@link Long#parseLong}'s value, on both sides of the
     * fast path's bounds (15 digits, powers of ten up to 22, exponents of 1 to 3 digits and beyond).
     */
    @Test
    void numbersReadWithoutAParserKeepTheirBits() {
        Random random = new Random(20261206);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder literal = new StringBuilder();
            if (random.nextInt(4) == 0) {
                literal.append('-');
            }
            int intDigits = 1 + random.nextInt(random.nextBoolean() ? 4 : 17);
            literal.append(intDigits == 1 ? (char) ('0' + random.nextInt(10)) : (char) ('1' + random.nextInt(9)));
            for (int d = 1; d < intDigits; d++) {
                literal.append((char) ('0' + random.nextInt(10)));
            }
            boolean integer = true;
            if (random.nextInt(5) > 0) {
                integer = false;
                literal.append('.');
                for (int d = 1 + random.nextInt(random.nextBoolean() ? 6 : 16); d > 0; d--) {
                    literal.append((char) ('0' + random.nextInt(10)));
                }
            }
            if (random.nextInt(3) == 0) {
                integer = false;
                literal.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)]);
                int exponent = random.nextInt(4) == 0 ? random.nextInt(400) : random.nextInt(30);
                literal.append(random.nextInt(10) == 0 ? String.format("%04d", exponent) : String.valueOf(exponent));
            }
            String text = "{\"v\": " + literal + "}";
            Map<String, Object> fast = FlatJsonReader.read(text, JsonLimits.DEFAULT);
            if (literal.length() > 18) {
                assertNull(fast, text);
                continue;
            }
            assertTrue(agrees(text), text);
            if (integer) {
                assertEquals(Long.parseLong(literal.toString()), ((Number) fast.get("v")).longValue(), text);
            } else {
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(literal.toString())),
                        Double.doubleToRawLongBits((Double) fast.get("v")), text);
            }
        }
    }

    private static String scalar(Random random, String[] numbers, String[] others) {
        String s = random.nextBoolean() ? numbers[random.nextInt(numbers.length)] : others[random.nextInt(others.length)];
        return s.equals("[]") ? "0" : s;
    }

    @Test
    void agreesWithJacksonOnTheValidatorsMutatedCorpus() {
        int taken = 0;
        for (byte[] input : JsonValidatorDifferentialTest.Corpus.generate(15, 20_000)) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input)).toString();
            } catch (CharacterCodingException e) {
                continue; // a push socket refuses it before parsing
            }
            if (agrees(text)) {
                taken++;
            }
        }
        assertTrue(taken > 100, "the corpus has flat documents to compare: " + taken);
    }

    @Test
    void sizesTheMapForItsKeysWhateverTheColonsInStrings() {
        assertEquals(1, keysAhead("{\"t\": 21.5}"));
        assertEquals(2, keysAhead("{\"a\" :\t1, \"b\"\n: \"12:30:00\"}"));
        assertEquals(0, keysAhead("{}"));
        // a string value that starts with ':' counts once, however many colons it holds (2 keys + 2 such values)
        assertEquals(4, keysAhead("{\"a\": \"::::::::\", \"b\": [\":x\", 1]}"));
        // a hostile text of quoted colons: the table made up front stays small (the reader then gives up)
        assertEquals(FlatJsonReader.MAX_KEYS_AHEAD, keysAhead("{\"a\":1," + "\":".repeat(32_000) + "}"));
        // counting stops where the reader will give up: an escape, a nested object, a byte beyond ASCII
        assertEquals(1, keysAhead("{\"a\": \"\\u0041\", \"b\": 1, \"c\": 2}"));
        assertEquals(1, keysAhead("{\"a\": {\"x\": 1, \"y\": 2}}"));
        assertEquals(1, keysAhead("{\"a\": \"\u00e9\", \"b\": 1}"));
        Random random = new Random(15);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder("{");
            int entries = random.nextInt(30);
            for (int e = 0; e < entries; e++) {
                text.append(e == 0 ? "" : ", ").append('"').append("k:").append(e).append("\": ")
                        .append(random.nextBoolean() ? "\"" + ":".repeat(random.nextInt(5)) + "\"" : "1.5");
            }
            String doc = text.append('}').toString();
            int counted = keysAhead(doc);
            assertTrue(counted >= entries && counted <= 2 * entries, doc + ": " + counted);
            assertEquals(entries, FlatJsonReader.read(doc, JsonLimits.DEFAULT).size(), doc);
        }
    }

    private static int keysAhead(String doc) {
        byte[] b = doc.getBytes(StandardCharsets.UTF_8);
        return FlatJsonReader.keysAhead(b, 1, b.length);
    }
}
