package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** repr()/str() of the value model; expected strings were printed by CPython 3. */
class PyFormatTest {

    @Test
    void scalars() {
        assertEquals("None", PyFormat.repr(null));
        assertEquals("True", PyFormat.repr(true));
        assertEquals("False", PyFormat.repr(false));
        assertEquals("47", PyFormat.repr(47));
        assertEquals("-9223372036854775808", PyFormat.repr(Long.MIN_VALUE));
        assertEquals("123456789012345678901234567890",
                PyFormat.repr(new BigInteger("123456789012345678901234567890")));
        assertEquals("7", PyFormat.repr((short) 7));
        assertEquals("47.0", PyFormat.repr(47.0));
        assertEquals("1e+16", PyFormat.repr(1e16));
        assertEquals("nan", PyFormat.repr(Double.NaN));
        assertEquals("-inf", PyFormat.repr(Double.NEGATIVE_INFINITY));
        assertEquals("0.10000000149011612", PyFormat.repr(0.1f));
    }

    @Test
    void stringQuotesAndEscapes() {
        assertEquals("'plain'", PyFormat.repr("plain"));
        assertEquals("''", PyFormat.repr(""));
        assertEquals("\"it's\"", PyFormat.repr("it's"));
        assertEquals("'say \"hi\"'", PyFormat.repr("say \"hi\""));
        assertEquals("'both \\' \"'", PyFormat.repr("both ' \""));
        assertEquals("'\\\\'", PyFormat.repr("\\"));
        assertEquals("'a\\tb\\nc\\rd'", PyFormat.repr("a\tb\nc\rd"));
        assertEquals("'\\x00\\x1f\\x7f'", PyFormat.repr("\u0000\u001f\u007f"));
    }

    @Test
    void nonAsciiPrintableKeptOthersEscaped() {
        // CPython: repr('\xa0\u200b\u2028\ue000😀\U000e0001\x80\xff\u0378\u3000 \x00\x1f')
        String s = "\u00a0\u200b\u2028\ue000\ud83d\ude00\udb40\udc01\u0080\u00ff\u0378\u3000 \u0000\u001f";
        assertEquals("'\\xa0\\u200b\\u2028\\ue000\ud83d\ude00\\U000e0001\\x80\u00ff\\u0378\\u3000 \\x00\\x1f'",
                PyFormat.repr(s));
        assertEquals("'\u00e9\u4e2d'", PyFormat.repr("\u00e9\u4e2d"));
        assertEquals("'\\ud800'", PyFormat.repr("\ud800"), "a lone surrogate is category Cs");
        assertEquals("'\\udc00x'", PyFormat.repr("\udc00x"));
    }

    @Test
    void containers() {
        assertEquals("[1, 2]", PyFormat.repr(List.of(1, 2)));
        assertEquals("[]", PyFormat.repr(List.of()));
        assertEquals("(1,)", PyFormat.repr(PyTuple.of(1)));
        assertEquals("(1, 2)", PyFormat.repr(PyTuple.of(1, 2)));
        assertEquals("()", PyFormat.repr(PyTuple.of()));
        assertEquals("(1.0, None)", PyFormat.repr(PyTuple.of(1.0, null)));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", Arrays.asList(PyTuple.of(1.5, "x"), null));
        map.put(3, Map.of());
        assertEquals("{'a': 1, 'b': [(1.5, 'x'), None], 3: {}}", PyFormat.repr(map));
    }

    /**
     * A push's dict ({@code {'t': (1.5, 21.5)}}: scalars and containers of scalars) takes a direct writer, a
     * deeper value the stack writer: both must print the same text, at any depth and for JSON too.
     */
    @Test
    void shallowValuesPrintAsNestedOnesDo() {
        Map<Object, Object> shallow = new LinkedHashMap<>();
        shallow.put("t", PyTuple.of(1.5, 21.5));
        shallow.put("one", PyTuple.of(1));
        shallow.put("none", PyTuple.of());
        shallow.put("l", Arrays.asList(1, "x", null, true));
        shallow.put("m", Map.of("k", 2.5));
        shallow.put(7, "v");
        String repr = "{'t': (1.5, 21.5), 'one': (1,), 'none': (), 'l': [1, 'x', None, True], 'm': {'k': 2.5}, 7: 'v'}";
        assertEquals(repr, PyFormat.repr(shallow));
        assertEquals("[" + repr + "]", PyFormat.repr(List.of(shallow)), "one level deeper: the stack writer");
        assertEquals("{'d': " + repr + "}", PyFormat.repr(Map.of("d", shallow)));
        String json = "{\"t\": [1.5, 21.5], \"one\": [1], \"none\": [], \"l\": [1, \"x\", null, true], "
                + "\"m\": {\"k\": 2.5}, \"7\": \"v\"}";
        assertEquals(json, PyJson.dumps(shallow));
        assertEquals("[" + json + "]", PyJson.dumps(List.of(shallow)));
        assertEquals("(1, [2, (3,)])", PyFormat.repr(PyTuple.of(1, List.of(2, PyTuple.of(3)))), "tuple, list, tuple");
        assertThrows(IllegalArgumentException.class, () -> PyFormat.repr(Map.of("k", List.of(new Object()))));
    }

    @Test
    void strDiffersOnlyForTopLevelString() {
        assertEquals("top", PyFormat.str("top"));
        assertEquals("it's \"q\"", PyFormat.str("it's \"q\""));
        assertEquals("[1, 'a', (1,), ()]", PyFormat.str(List.of(1, "a", PyTuple.of(1), PyTuple.of())));
        assertEquals("{'k': 'v'}", PyFormat.str(Map.of("k", "v")));
        assertEquals("None", PyFormat.str(null));
        assertEquals("1.5e-05", PyFormat.str(1.5e-5));
        assertEquals("True", PyFormat.str(true));
        StringBuilder sb = new StringBuilder("RET#");
        PyFormat.appendStr(sb, "OLD_DATA");
        PyFormat.appendRepr(sb.append(' '), "x");
        assertEquals("RET#OLD_DATA 'x'", sb.toString());
    }

    @Test
    void valuesOutsideTheModelAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PyFormat.repr(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PyFormat.repr(List.of(new StringBuilder())));
    }

    /** The hot path: a float repr appended to a reused builder allocates nothing at all. */
    @Test
    void floatReprDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        double[] values = {21.5, 1414154338.172345, 47.0, 1e-5, 1e16, 0.30000000000000004, 5e-324, Double.NaN};
        StringBuilder sb = new StringBuilder(64);
        long sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm up (and let the JIT settle)
            sb.setLength(0);
            PyFormat.appendFloatRepr(sb, values[i % values.length]);
            sink += sb.length();
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            sb.setLength(0);
            PyFormat.appendFloatRepr(sb, values[i % values.length]);
            sink += sb.length();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(sink > 0);
        // One object per call would be >= 1.6 MB; the slack covers the measuring itself.
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 100k float reprs");
        List<String> out = new ArrayList<>();
        out.add(PyFormat.floatRepr(21.5));
        out.add(PyFormat.floatRepr(1414154338.172345));
        assertEquals(List.of("21.5", "1414154338.172345"), out);
    }
}
