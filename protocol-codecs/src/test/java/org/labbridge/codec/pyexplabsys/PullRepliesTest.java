package org.labbridge.codec.pyexplabsys;

import org.junit.jupiter.api.Test;
import org.labbridge.codec.python.PyTuple;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The §3 table, example: temperature=(1414154338.172345, 21.5), pressure stale. */
class PullRepliesTest {

    private static final PyTuple TEMPERATURE = PyTuple.of(1414154338.172345, 21.5);
    private static final List<String> NAMES = List.of("temperature", "pressure");
    private static final List<PyTuple> POINTS = Arrays.asList(TEMPERATURE, null);

    @Test
    void specTableRows() {
        assertEquals("temperature,pressure", PullReplies.codenamesRaw(NAMES));
        assertEquals("[\"temperature\", \"pressure\"]", PullReplies.codenamesJson(NAMES));
        assertEquals("1414154338.172345,21.5;OLD_DATA", PullReplies.raw(POINTS));
        assertEquals("[[1414154338.172345, 21.5], \"OLD_DATA\"]", PullReplies.json(POINTS));
        assertEquals("temperature:1414154338.172345,21.5;pressure:OLD_DATA", PullReplies.rawWithNames(NAMES, POINTS));
        assertEquals("{\"temperature\": [1414154338.172345, 21.5], \"pressure\": \"OLD_DATA\"}",
                PullReplies.jsonWithNames(NAMES, POINTS));
        assertEquals("1414154338.172345,21.5", PullReplies.singleRaw(TEMPERATURE));
        assertEquals("OLD_DATA", PullReplies.singleRaw(null));
        assertEquals("[1414154338.172345, 21.5]", PullReplies.singleJson(TEMPERATURE));
        assertEquals("\"OLD_DATA\"", PullReplies.singleJson(null));
    }

    @Test
    void rawUsesOnlyXAndYJsonTheWholeTuple() {
        PyTuple p = PyTuple.of(1.0, 2.0, 3.0);
        assertEquals("1.0,2.0", PullReplies.singleRaw(p));
        assertEquals("[1.0, 2.0, 3.0]", PullReplies.singleJson(p));
    }

    @Test
    void rawPrintsPythonStrAndEscapesNothing() {
        assertEquals("1e+16,None", PullReplies.singleRaw(PyTuple.of(1e16, null)));
        assertEquals("0.0001,1e-05", PullReplies.singleRaw(PyTuple.of(1e-4, 1e-5)));
        assertEquals("47,True", PullReplies.singleRaw(PyTuple.of(47, true)));
        assertEquals("a,b;c,d:e", PullReplies.singleRaw(PyTuple.of("a,b;c", "d:e")));
        assertEquals("nan,-inf", PullReplies.singleRaw(PyTuple.of(Double.NaN, Double.NEGATIVE_INFINITY)));
        assertEquals("[NaN, -Infinity]", PullReplies.singleJson(PyTuple.of(Double.NaN, Double.NEGATIVE_INFINITY)));
        assertEquals("1.0,\u00e9\u00b0C", PullReplies.singleRaw(PyTuple.of(1.0, "\u00e9\u00b0C")));
        assertEquals("[1.0, \"\\u00e9\\u00b0C\"]", PullReplies.singleJson(PyTuple.of(1.0, "\u00e9\u00b0C")));
    }

    @Test
    void defaultPoint() {
        assertEquals("0.0,0.0", PullReplies.singleRaw(PyTuple.of(0.0, 0.0)));
        assertEquals("[0.0, 0.0]", PullReplies.singleJson(PyTuple.of(0.0, 0.0)));
    }

    @Test
    void emptySocket() {
        assertEquals("", PullReplies.raw(List.of()));
        assertEquals("[]", PullReplies.json(List.of()));
        assertEquals("{}", PullReplies.jsonWithNames(List.of(), List.of()));
        assertEquals("", PullReplies.codenamesRaw(List.of()));
    }

    @Test
    void pointsShorterThanTwoAreRejected() {
        assertEquals("A point must have at least 2 elements (x, y); got 1: (1.0,)",
                assertThrows(IllegalArgumentException.class, () -> PullReplies.checkPoint(PyTuple.of(1.0)))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> PullReplies.checkPoint(PyTuple.of()));
        assertEquals(TEMPERATURE, PullReplies.checkPoint(TEMPERATURE));
    }
}
