package org.labbridge.codec.plugind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The checker must catch every rule it claims to check, or the tests that use it prove nothing. */
class PluginsdCheckerTest {
    private static final String CHART = "CHART a.b '' 't' 'u' 'f' 'c' line 1 1 '' 'p' 'm'\nDIMENSION d 'd' absolute 1 1000 ''\n";

    @Test
    void acceptsAValidSession() {
        PluginsdChecker c = new PluginsdChecker().feed(CHART + "BEGIN a.b\nSET d = 5\nSET d = \nEND\n"
                + "BEGIN a.b 1000000\nSET d = -3\nEND\nCHART a.b '' 't' 'u' 'f' 'c' line 1 1 '' 'p' 'm'\n"
                + "CLABEL 'k' 'v' 1\nCLABEL_COMMIT\nFUNCTION GLOBAL 'f' 10 'h'\n"
                + "FUNCTION_RESULT_BEGIN tx-1 200 application/json 0\n{\n \"a\": 1\n}\nFUNCTION_RESULT_END\n");
        c.assertValid();
        assertEquals(1, c.functionResults());
        assertEquals(2, c.ends());
    }

    @Test
    void catchesEveryBrokenRule() {
        assertBad("# comment\n", "unknown keyword");
        assertBad("HOST_DEFINE x\n", "not known to this agent");
        assertBad("DIMENSION d\n", "without its CHART");
        assertBad(CHART + "BEGIN a.b\nEND\nDIMENSION e\n", "without its CHART");
        assertBad("BEGIN x.y\nEND\n", "undeclared chart");
        assertBad(CHART + "BEGIN a.b\nSET e = 1\nEND\n", "not declared");
        assertBad(CHART + "SET d = 1\n", "outside BEGIN");
        assertBad("END\n", "END outside");
        assertBad(CHART + "BEGIN a.b 100\nEND\n", "first collection");
        assertBad(CHART + "BEGIN a.b\nSET d = 1.5\nEND\n", "plain int64");
        assertBad(CHART + "BEGIN a.b\nSET d = 010\nEND\n", "plain int64");
        assertBad(CHART + "BEGIN a.b\nSET d = +1\nEND\n", "plain int64");
        assertBad(CHART + "BEGIN a.b\nSET d = 99999999999999999999\nEND\n", "plain int64");
        assertBad("CLABEL 'k' 'v' 1\n", "CHART right before");
        assertBad(CHART + "CLABEL 'k' 1\n", "exactly 3 fields");
        assertBad("CHART a.b 'x' 'it's' 'u' 'f' 'c' line 1 1 '' 'p' 'm' 'extra'\n", "a text field was split");
        assertBad("CHART a.b 'x' 't' 'u' " + "w ".repeat(20) + "\n", "words");
        assertBad("CHART a.b 't' '" + "x".repeat(16_000) + "' 'u'\n", "bytes");
        assertBad(CHART + "BEGIN a.b\nCHART a.c '' 't' 'u'\nEND\n", "inside BEGIN");
        assertBad(CHART + "BEGIN a.b\nFUNCTION_RESULT_BEGIN tx 200 application/json 0\n{}\nFUNCTION_RESULT_END\nEND\n",
                "inside BEGIN");
        assertBad(CHART + "FUNCTION_RESULT_BEGIN tx 200 application/json 0\n{\nBEGIN a.b\n}\nFUNCTION_RESULT_END\n",
                "not one JSON document");
        assertBad(CHART + "BEGIN a.b\nSET d = 1\n", "never ENDed");
        assertBad("CHART a b 't' 'u'\n", "type.id");
        assertBad("\n\n", "blank line");
    }

    private static void assertBad(String output, String expected) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> new PluginsdChecker().feed(output).assertValid(), output);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
