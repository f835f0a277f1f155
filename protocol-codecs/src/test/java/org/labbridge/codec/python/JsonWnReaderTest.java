package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The json_wn reader returns exactly what {@link PyJson#loads} returns (same keys in the same order, same
 * element types and values, x of a deferred point included, bit for bit) for every reply it takes, and leaves
 * everything else to it: checked on generated replies (Python's {@code json.dumps} of random readings: any
 * double's bits, NaN and infinities, int boundaries, strings, nested values, non-ASCII names), on hand-written
 * edge cases, and on mutated replies and the validator's mutated corpus.
 */
class JsonWnReaderTest {

    /** Types, order and values of the reference; lists by their elements (a point is not an ArrayList). */
    static String typed(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder(m.getClass().getSimpleName()).append('{');
            m.forEach((k, x) -> sb.append(typed(k)).append(':').append(typed(x)).append(','));
            return sb.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("List[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(typed(l.get(i))).append(',');
            }
            return sb.append(']').toString();
        }
        if (v instanceof Double d) {
            return "Double(" + Double.doubleToRawLongBits(d) + ")";
        }
        return v == null ? "null" : v.getClass().getSimpleName() + "(" + v + ")";
    }

    /** When the reader takes {@code text}, PyJson reads it to the same value; returns whether it took it. */
    private static boolean agrees(JsonWnReader reader, byte[] text) {
        Map<String, Object> fast;
        try {
            fast = reader.read(text, 0, text.length);
        } catch (RuntimeException e) {
            throw new AssertionError("the reader threw on " + show(text), e);
        }
        if (fast == null) {
            return false;
        }
        try {
            Object reference = PyJson.loads(text, 0, text.length, JsonLimits.DEFAULT);
            assertEquals(typed(reference), typed(fast), show(text));
            assertEquals(reference, fast, show(text));
            assertEquals(reference.hashCode(), fast.hashCode(), show(text));
            assertEquals(typed(PyJson.loads(new String(text, StandardCharsets.UTF_8))), typed(fast), show(text));
        } catch (PyJsonException e) {
            fail("the reader read what PyJson refuses: " + show(text) + " (" + e.getMessage() + ")");
        }
        return true;
    }

    private static boolean agrees(String text) {
        return agrees(new JsonWnReader(JsonLimits.DEFAULT), text.getBytes(StandardCharsets.UTF_8));
    }

    private static String show(byte[] text) {
        String s = new String(text, StandardCharsets.ISO_8859_1);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    @Test
    void takesWhatAPullSocketUsuallyAnswers() {
        assertTrue(agrees("{\"temperature\": [1414154338.172345, 21.5], \"pressure\": [1733461234.1234567, 1.013e-7],"
                + " \"old\": \"OLD_DATA\"}"));
        assertTrue(agrees("{\"nan\": [1.5, NaN], \"inf\": [1, Infinity], \"ninf\": [1e9, -Infinity], \"s\": NaN}"));
        assertTrue(agrees(" \t\r\n{ \"k\" :\t[ 1 ,2 ] , \"\" : \"\" }\r\n "));
        assertTrue(agrees("{\"dup\": [1, 2], \"x\": 2, \"dup\": [true, false, null]}"));
        assertTrue(agrees("{\"i\": [2147483647, 2147483648], \"n\": [-2147483648, -2147483649], \"z\": [-0, -0.0]}"));
        assertTrue(agrees("{\"a\": [999999999999999999, -99999999999999999], \"c\": [1e400, -1e400], \"e\": [1E-7, 5e-324]}"));
        assertTrue(agrees("{\"exp\": [1e22, 1e23], \"f\": [9007199254740993, 9007199254740993.0], \"g\": [1E+0, 12.5e-3]}"));
        assertTrue(agrees("{\"one\": [1.5], \"three\": [1.5, 2, 3], \"none\": [], \"sx\": [\"t\", 1], \"nx\": [NaN, 1]}"));
        assertTrue(agrees("{\"x\": [null, 1], \"y\": [1, \"OLD_DATA\"], \"b\": [true, 1.25], \"w\": [-Infinity, 0]}"));
        assertTrue(agrees("{\"long\": [1.2345678901234567890, 0.12345678901234568], \"e\": [1, 1.0000000000000000000e-400]}"));
        assertTrue(agrees("{\"sub\": [2.2250738585072012e-308, 4.9406564584124654e-324], \"big\": [1, 1.7976931348623157e308]}"));
        // times of every form: kept as digits and shape, or (too long, huge exponent) converted at once
        assertTrue(agrees("{\"a\": [1.5e3, 1], \"b\": [-0.0, 1], \"c\": [123456789012345678, 1], \"d\": [-12345678901234567, 1],"
                + " \"e\": [1e-400, 1], \"f\": [1e999999999, 1], \"g\": [-1E-999999999, 1], \"h\": [1.0000000000000000001, 2],"
                + " \"i\": [12345678901234567e5, 1], \"j\": [1e308, 1], \"k\": [17976931348623157e292, 1], \"l\": [0.1e-5, 1]}"));
        assertTrue(agrees("{}"));
        assertTrue(agrees("{\"s\": \"plain ASCII ~!\"}"));
    }

    @Test
    void aPointsTimeIsConvertedWhenAskedFor() {
        Map<String, Object> m = read(new JsonWnReader(JsonLimits.DEFAULT),
                "{\"t\": [1733461234.1234567, 21.5], \"i\": [1733461234, 1]}");
        assertNotNull(m);
        List<?> t = (List<?>) m.get("t");
        assertEquals(DeferredPoint.class, t.getClass(), "x waits");
        assertEquals(1733461234.1234567, t.get(0));
        assertEquals(21.5, t.get(1));
        assertEquals(1733461234, ((List<?>) m.get("i")).get(0));
        assertEquals(List.of(1733461234.1234567, 21.5), t);
        assertEquals(List.of(1733461234.1234567, 21.5).hashCode(), t.hashCode());
        assertEquals("[1.7334612341234567E9, 21.5]", t.toString());
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) t).set(0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(-1));
    }

    @Test
    void leavesEverythingElseToPyJson() {
        for (String text : List.of("[1, 2]", "1", "\"s\"", "{\"a\": {\"b\": 1}}", "{\"a\": [[1]]}", "{\"a\": [{}]}",
                "{\"a\": [1, [2]]}", "{\"a\": [1, {}]}", "{\"a\": {}}", "{\"a\": [1.5, 2, []]}",
                "{\"a\": 01}", "{\"a\": [01, 1]}", "{\"a\": 1.}", "{\"a\": [1., 1]}", "{\"a\": .5}", "{\"a\": [-, 1]}",
                "{\"a\": +1}", "{\"a\": [+1, 1]}", "{\"a\": 1e}", "{\"a\": -}", "{\"a\": 1234567890123456789}",
                "{\"a\": [1234567890123456789, 1]}", "{\"a\": [1, 12345678901234567890]}",
                "{\"a\": INF}", "{\"a\": -NaN}", "{\"a\": +Infinity}", "{\"a\": -Inf}", "{\"a\": nan}", "{\"a\": [1, NaNa]}",
                "{\"\\u00e9\": 1}", "{\"a\": \"\\n\"}", "{\"a\": [1, \"\\\"\"]}", "{\"é\": 1}", "{\"a\": \"é\"}",
                "{\"a\": \"\u007f\"}", "{\"a\": \"\u0001\"}", "{\"a\": 1,}", "{\"a\": [1, 2,]}", "{\"a\": [1,, 2]}",
                "{\"a\": [,1]}", "{\"a\": 1} x", "{\"a\": 1}{}", "{\"a\" 1}", "{a: 1}", "{\"a\": tru}", "{\"a\": truex}",
                "{\"a\": [1 2]}", "{\"a\": [1, 2 3]}", "{\"a\": [1, 2", "{\"a\": [1", "{\"a\": [", "{\"a\": 1", "{\"a\"",
                "{", "", "   ", "\ufeff{}", "{\"a\": 1\u000b}", "{\"a\": [1,\u000b2]}", "{\"a\": 1}\u0000",
                "UNKNOWN_COMMMAND", "{\"a\": [1.5e400e, 1]}", "{\"a\": [1e+, 1]}", "{\"a\": [0x10, 1]}")) {
            assertNull(read(new JsonWnReader(JsonLimits.DEFAULT), text), text);
        }
        byte[] t = bytes("{\"t\": [1, 2]}");
        assertNull(new JsonWnReader(new JsonLimits(1 << 20, 1, 4300)).read(t, 0, t.length), "tight limits: PyJson checks");
        assertNull(new JsonWnReader(new JsonLimits(1 << 20, 990, 5)).read(t, 0, t.length));
        assertNull(read(new JsonWnReader(new JsonLimits(1 << 20, 990, 21)), "{\"t\": [1, 1.23456789012345678901]}"),
                "a number past the limit: PyJson's error");
        assertNotNull(read(new JsonWnReader(new JsonLimits(1 << 20, 990, 21)), "{\"t\": [1, 1.2345678901234567890]}"));
        assertNull(new JsonWnReader(new JsonLimits(10, 990, 4300)).read(t, 0, t.length), "too long: PyJson's error");
    }

    @Test
    void readsARangeOfTheBufferAndCopiesIt() {
        byte[] buffer = bytes("xx{\"t\": [1733461234.1234567, 21.5]}yy");
        Map<String, Object> m = new JsonWnReader(JsonLimits.DEFAULT).read(buffer, 2, buffer.length - 4);
        Arrays.fill(buffer, (byte) '9'); // the receive buffer is reused by the next request
        assertEquals(List.of(1733461234.1234567, 21.5), m.get("t"));
    }

    @Test
    void keysOfTheLastReplyAreReusedWhereTheyAreTheSame() {
        JsonWnReader reader = new JsonWnReader(JsonLimits.DEFAULT);
        Map<String, Object> first = read(reader, "{\"a\": [1, 2], \"bb\": [1, 3], \"c\": 4}");
        Map<String, Object> second = read(reader, "{\"a\": [5, 6], \"bc\": [1, 3], \"c\": 5, \"d\": 6}");
        List<String> k1 = List.copyOf(first.keySet());
        List<String> k2 = List.copyOf(second.keySet());
        assertEquals(List.of("a", "bc", "c", "d"), k2);
        assertSame(k1.get(0), k2.get(0));
        assertSame(k1.get(2), k2.get(2));
        assertEquals(Map.of("a", List.of(5, 6), "bc", List.of(1, 3), "c", 5, "d", 6), second);
        // keys are kept by position, also through a reply the reader leaves to PyJson
        assertNull(read(reader, "{\"a\": {}}"));
        Map<String, Object> third = read(reader, "{\"a\": 1, \"bc\": 2}");
        assertSame(k2.get(0), List.copyOf(third.keySet()).get(0));
        assertSame(k2.get(1), List.copyOf(third.keySet()).get(1));
        // fewer, then many more keys than last time
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            many.put("k" + i, List.of(1.5, i));
        }
        byte[] text = bytes(PyJson.dumps(many));
        assertTrue(agrees(reader, text));
        assertTrue(agrees(reader, text));
    }

    @Test
    void agreesWithPyJsonOnGeneratedReplies() {
        Random random = new Random(15);
        JsonWnReader reader = new JsonWnReader(JsonLimits.DEFAULT);
        int taken = 0;
        int replies = 3000;
        for (int r = 0; r < replies; r++) {
            Map<String, Object> reply = new LinkedHashMap<>();
            int codenames = random.nextInt(r % 10 == 0 ? 300 : 12);
            double now = 1.7e9 + random.nextDouble() * 1e8;
            boolean usual = random.nextBoolean(); // else now and then a name or reading that PyJson must read
            for (int c = 0; c < codenames; c++) {
                reply.put(usual ? "cn" + c : name(random, c),
                        random.nextInt(8) == 0 ? reading(random, usual) : point(random, now, usual));
            }
            String text = PyJson.dumps(reply);
            if (random.nextInt(4) == 0) {
                text = text.replace(", ", random.nextBoolean() ? "," : " ,\n\t").replace(": ", random.nextBoolean() ? ":" : " :\r ");
            }
            if (agrees(reader, bytes(text))) {
                taken++;
            }
        }
        assertTrue(taken > replies / 3, "half the generated replies are the usual kind: " + taken);
    }

    /** Codenames as labs name them, a few with escapes or non-ASCII letters (which json.dumps escapes). */
    private static String name(Random random, int c) {
        return switch (random.nextInt(40)) {
            case 0 -> "temp\u00e9rature" + c;
            case 1 -> "quote\"" + c;
            case 2 -> "back\\slash" + c;
            case 3 -> "tab\t" + c;
            case 4 -> "\u4e2d\u6587" + c;
            case 5 -> "emoji\ud83d\ude00" + c;
            case 6 -> "dup";
            default -> "cn" + c;
        };
    }

    private static List<Object> point(Random random, double now, boolean usual) {
        List<Object> p = new ArrayList<>();
        p.add(switch (random.nextInt(10)) {
            case 0 -> (long) now;
            case 1 -> Math.round(now * 1000);
            case 2 -> reading(random, usual);
            default -> now + random.nextInt(1_000_000) / 1e6 + random.nextDouble() * 1e-6;
        });
        p.add(reading(random, usual));
        if (random.nextInt(30) == 0) {
            p.add(reading(random, usual));
        }
        return p;
    }

    /** A reading: {@code usual} = none of those the reader leaves to PyJson (long integers, escapes, nesting). */
    private static Object reading(Random random, boolean usual) {
        int kind = random.nextInt(26);
        if (usual && (kind == 8 || kind == 14 || kind >= 24 || (kind == 5 && random.nextBoolean()))) {
            kind = 16;
        }
        return switch (kind) {
            case 0 -> Double.longBitsToDouble(random.nextLong()); // any bits: subnormals, huge, NaN payloads
            case 1 -> Double.NaN;
            case 2 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 3 -> random.nextBoolean() ? 0.0 : -0.0;
            case 4 -> random.nextInt();
            case 5 -> random.nextLong(); // 19 digits and more: a long integer is PyJson's (Long or BigInteger)
            case 6 -> (long) (random.nextGaussian() * 1e17);
            case 7 -> random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE + (long) random.nextInt(3) - 1;
            case 8 -> new java.math.BigInteger(90, random);
            case 9 -> "OLD_DATA";
            case 10 -> random.nextBoolean() ? Boolean.TRUE : null;
            case 11 -> random.nextDouble() * Math.pow(10, random.nextInt(60) - 30);
            case 12 -> Math.round(random.nextGaussian() * 1e6) / 1000.0;
            case 13 -> (double) random.nextInt(1000) * Math.pow(10, random.nextInt(46) - 23);
            case 14 -> "text \u00e9" + random.nextInt(10);
            case 15 -> 9007199254740992.0 + random.nextInt(5);
            case 24 -> List.of(1, 2.5);
            case 25 -> Map.of("nested", 1.5);
            default -> Math.round(Math.sin(random.nextDouble() * 100) * 100_000) / 1000.0; // the bench's readings
        };
    }

    @Test
    void agreesWithPyJsonOnMutatedReplies() {
        Random random = new Random(150);
        JsonWnReader reader = new JsonWnReader(JsonLimits.DEFAULT);
        byte[] seed = bytes("{\"cn0000\": [1733461234.1234567, 84.147], \"cn0001\": [1733461234.1234567, -0.5e-3],"
                + " \"o\": \"OLD_DATA\", \"n\": [1, NaN], \"i\": [-Infinity, 12], \"b\": [true, null, false]}");
        byte[] alphabet = bytes("{}[],:\" -+.eE0123456789NaInfityrulsx\t\n\\");
        int taken = 0;
        for (int m = 0; m < 30_000; m++) {
            byte[] text = seed.clone();
            for (int k = random.nextInt(3); k >= 0; k--) {
                int at = random.nextInt(text.length);
                switch (random.nextInt(3)) {
                    case 0 -> text[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> text = splice(text, at, 1, new byte[0]);
                    default -> text = splice(text, at, 0, new byte[] {alphabet[random.nextInt(alphabet.length)]});
                }
            }
            if (agrees(reader, text)) {
                taken++;
            }
        }
        assertTrue(taken > 1000, "many mutations are still replies to compare: " + taken);
    }

    @Test
    void agreesWithPyJsonOnTheValidatorsMutatedCorpus() {
        JsonWnReader reader = new JsonWnReader(JsonLimits.DEFAULT);
        int taken = 0;
        for (byte[] input : JsonValidatorDifferentialTest.Corpus.generate(15, 20_000)) {
            if (agrees(reader, input)) {
                taken++;
            }
        }
        assertTrue(taken > 100, "the corpus has flat documents to compare: " + taken);
    }

    private static byte[] splice(byte[] text, int at, int remove, byte[] insert) {
        byte[] out = new byte[text.length - remove + insert.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(text, at + remove, out, at + insert.length, text.length - at - remove);
        return out;
    }

    private static Map<String, Object> read(JsonWnReader reader, String text) {
        byte[] b = bytes(text);
        return reader.read(b, 0, b.length);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
