package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** json.dumps / json.loads behaviour; expected strings were printed by CPython 3. */
class PyJsonTest {

    @Test
    void dumpsScalarsAndContainers() {
        assertEquals("null", PyJson.dumps(null));
        assertEquals("true", PyJson.dumps(true));
        assertEquals("47", PyJson.dumps(47));
        assertEquals("47.0", PyJson.dumps(47.0));
        assertEquals("1e-05", PyJson.dumps(1e-5));
        assertEquals("[NaN, Infinity, -Infinity, -0.0]",
                PyJson.dumps(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0)));
        assertEquals("123456789012345678901234567890",
                PyJson.dumps(new BigInteger("123456789012345678901234567890")));
        assertEquals("[[1, 2], []]", PyJson.dumps(List.of(PyTuple.of(1, 2), PyTuple.of())));
        assertEquals("{}", PyJson.dumps(Map.of()));
        assertEquals("[0.10000000149011612]", PyJson.dumps(List.of(0.1f)));
    }

    @Test
    void dumpsEscapesToAscii() {
        // CPython: json.dumps('x\u00e9\U0001F600\x7f\b\f/"\\\n\r\t\x00')
        assertEquals("\"x\\u00e9\\ud83d\\ude00\\u007f\\b\\f/\\\"\\\\\\n\\r\\t\\u0000\\u4e2d\"",
                PyJson.dumps("x\u00e9\ud83d\ude00\u007f\b\f/\"\\\n\r\t\u0000\u4e2d"));
    }

    @Test
    void dumpsKeysLikePythonsEncoder() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1, 2);
        map.put(1.5, 3);
        map.put(true, 4);
        map.put(null, 5);
        map.put(Double.NaN, 6);
        map.put(new BigInteger("99999999999999999999"), 7);
        map.put("s", 8);
        assertEquals("{\"1\": 2, \"1.5\": 3, \"true\": 4, \"null\": 5, \"NaN\": 6, \"99999999999999999999\": 7, "
                + "\"s\": 8}", PyJson.dumps(map));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PyJson.dumps(Map.of(PyTuple.of(1), 1)));
        assertTrue(e.getMessage().startsWith("keys must be str, int, float, bool or None"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PyJson.dumps(new Object()));
    }

    @Test
    void appendDumpsAppends() {
        StringBuilder sb = new StringBuilder("RET#");
        PyJson.appendDumps(sb, Map.of("a", List.of(1.0, "b")));
        assertEquals("RET#{\"a\": [1.0, \"b\"]}", sb.toString());
    }

    @Test
    void loadsModelTypes() throws PyJsonException {
        Object v = PyJson.loads(" [1, 2147483648, 9223372036854775808, -0, 1.0e2, -12.50, 1E400, 1e-400, \"s\", "
                + "true, false, null, {}] \n");
        List<?> list = assertInstanceOf(ArrayList.class, v);
        assertEquals(Integer.valueOf(1), list.get(0));
        assertEquals(Long.valueOf(2147483648L), list.get(1));
        assertEquals(new BigInteger("9223372036854775808"), list.get(2));
        assertEquals(Integer.valueOf(0), list.get(3));
        assertEquals(100.0, list.get(4));
        assertEquals(-12.5, list.get(5));
        assertEquals(Double.POSITIVE_INFINITY, list.get(6));
        assertEquals(0.0, list.get(7));
        assertEquals("s", list.get(8));
        assertEquals(Boolean.TRUE, list.get(9));
        assertEquals(Boolean.FALSE, list.get(10));
        assertNull(list.get(11));
        assertInstanceOf(LinkedHashMap.class, list.get(12));
        assertEquals("[1, 2147483648, 9223372036854775808, 0, 100.0, -12.5, inf, 0.0, 's', True, False, None, {}]",
                PyFormat.repr(v));
        assertEquals(Long.valueOf(Long.MIN_VALUE), PyJson.loads("-9223372036854775808"));
        assertEquals(new BigInteger("-9223372036854775809"), PyJson.loads("-9223372036854775809"));
    }

    @Test
    void duplicateKeyKeepsFirstPositionLastValue() throws PyJsonException {
        // CPython: json.loads('{"dup":1,"x":0,"dup":2}') == {'dup': 2, 'x': 0}
        assertEquals("{'dup': 2, 'x': 0}", PyFormat.repr(PyJson.loads("{\"dup\":1,\"x\":0,\"dup\":2}")));
    }

    @Test
    void nonFiniteSpellingsOfPythonOnly() throws PyJsonException {
        assertEquals("[nan, inf, -inf]", PyFormat.repr(PyJson.loads("[NaN, Infinity, -Infinity]")));
        for (String bad : List.of("INF", "-INF", "+INF", "+Infinity", "nan", "inf")) {
            assertThrows(PyJsonException.class, () -> PyJson.loads(bad), bad);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "nonsense", "{", "[1,", "[1,]", "{\"a\":1,}", "{'a': 1}", "[1] x", "1 2",
        "{}{}", "01", ".5", "\"a\tb\"", "[1 2]", "{\"a\" 1}", "tru", "// c\n1", "\"abc"})
    void invalidTextIsRefusedWithAMessage(String text) {
        PyJsonException e = assertThrows(PyJsonException.class, () -> PyJson.loads(text));
        assertTrue(e.getMessage().startsWith("invalid JSON: "), e.getMessage());
    }

    @Test
    void limitsAreEnforced() throws PyJsonException {
        JsonLimits small = new JsonLimits(20, 3, 5);
        assertEquals(List.of(List.of(List.of())), PyJson.loads("[[[]]]", small));
        PyJsonException e = assertThrows(PyJsonException.class, () -> PyJson.loads("[[[[]]]]", small));
        assertTrue(e.getMessage().contains("nesting exceeds the limit of 3"), e.getMessage());
        e = assertThrows(PyJsonException.class, () -> PyJson.loads("{\"a\":{\"b\":{\"c\":{}}}}", small));
        assertTrue(e.getMessage().contains("nesting exceeds the limit of 3"), e.getMessage());
        e = assertThrows(PyJsonException.class, () -> PyJson.loads("[1, 2, 3, 4, 5, 6, 7, 8]", small));
        assertTrue(e.getMessage().contains("exceeds the limit of 20"), e.getMessage());
        assertEquals(-1234, PyJson.loads("-1234", small));
        e = assertThrows(PyJsonException.class, () -> PyJson.loads("123456", small));
        assertTrue(e.getMessage().contains("integer of 6 digits exceeds the limit of 5"), e.getMessage());
        assertEquals(-12345, PyJson.loads("-12345", small), "an integer's sign is not a digit (as in Python)");
        e = assertThrows(PyJsonException.class, () -> PyJson.loads("1.2345", small));
        assertTrue(e.getMessage().contains("number of 6 chars exceeds the limit of 5"), e.getMessage());

        // The defaults are Python's own: what json.loads accepts is accepted (an existing client must not
        // notice the server changed), what it refuses is refused.
        String deep = "[".repeat(991) + "]".repeat(991);
        assertThrows(PyJsonException.class, () -> PyJson.loads(deep));
        assertEquals(1, ((List<?>) PyJson.loads("[".repeat(990) + "1" + "]".repeat(990))).size());
        String longNumber = "1".repeat(4301);
        assertThrows(PyJsonException.class, () -> PyJson.loads(longNumber));
        assertEquals(new BigInteger("1".repeat(4300)), PyJson.loads("1".repeat(4300)));
        // Per-call limits do not leak into the shared parser: wider limits than Jackson's defaults work.
        String hugeNumber = "9".repeat(5000);
        assertEquals(new BigInteger(hugeNumber), PyJson.loads(hugeNumber, new JsonLimits(10_000, 2000, 6000)));
        String veryDeep = "[".repeat(1500) + "]".repeat(1500);
        assertInstanceOf(List.class, PyJson.loads(veryDeep, new JsonLimits(10_000, 2000, 6000)));
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new JsonLimits(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new JsonLimits(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new JsonLimits(1, 1, 0));
    }

    @Test
    void loadsFromBytes() throws PyJsonException {
        byte[] data = "xx{\"k\": \"\u00e9\", \"n\": [1.5]}yy".getBytes(StandardCharsets.UTF_8);
        Object v = PyJson.loads(data, 2, data.length - 4, JsonLimits.DEFAULT);
        assertEquals("{'k': '\u00e9', 'n': [1.5]}", PyFormat.repr(v));
        assertThrows(PyJsonException.class, () -> PyJson.loads(data, 0, data.length, JsonLimits.DEFAULT));
        PyJsonException e = assertThrows(PyJsonException.class,
                () -> PyJson.loads(data, 2, data.length - 4, new JsonLimits(10, 64, 10)));
        assertTrue(e.getMessage().contains("bytes exceeds the limit of 10"), e.getMessage());
    }

    @Test
    void floatsReadAsDoubleParseDoubleReadsThem() throws PyJsonException {
        // the reader uses Jackson's fast double parser: it must give the very double Double.parseDouble gives
        java.util.Random r = new java.util.Random(15);
        StringBuilder json = new StringBuilder("[");
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String literal = switch (i % 4) {
                case 0 -> Double.toString(Double.longBitsToDouble(r.nextLong() & 0x7fef_ffff_ffff_ffffL));
                case 1 -> PyJson.dumps(1.7e9 + r.nextDouble() * 1e8); // a time.time() timestamp, as Python writes it
                case 2 -> r.nextInt(1_000_000) + "." + r.nextInt(1_000_000) + "e" + (r.nextInt(600) - 300);
                default -> "0." + Long.toUnsignedString(r.nextLong()) + Long.toUnsignedString(r.nextLong()); // > 17 digits
            };
            literals.add(literal);
            json.append(i == 0 ? "" : ", ").append(literal);
        }
        List<?> parsed = (List<?>) PyJson.loads(json.append(']').toString());
        for (int i = 0; i < literals.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(literals.get(i))),
                    Double.doubleToRawLongBits((Double) parsed.get(i)), literals.get(i));
        }
    }

    @Test
    void errorMessageLocatesTheProblem() {
        PyJsonException e = assertThrows(PyJsonException.class, () -> PyJson.loads("{\"a\": 1}\n  x"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
