package org.labbridge.codec.pyexplabsys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The §4 table and parsing rules. */
class PushRequestTest {

    private static String error(String request) {
        PushRequest r = PushRequest.parse(request);
        assertTrue(r.isError(), request);
        return PushReplies.error(r.error());
    }

    private static String ack(String request) {
        PushRequest r = PushRequest.parse(request);
        assertFalse(r.isError(), () -> request + " -> " + r.error());
        return PushReplies.ack(r.data());
    }

    @Test
    void plainCommands() {
        assertEquals(PushCommand.NAME, PushRequest.parse("name").command());
        assertEquals(PushCommand.STATUS, PushRequest.parse("status").command());
        assertEquals(PushCommand.COMMANDS, PushRequest.parse("commands").command());
        assertEquals("RET#[\"json_wn#\", \"raw_wn#\", \"name\", \"status\", \"commands\"]", PushReplies.commands());
        assertEquals("RET#my push", PushReplies.name("my push"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NAME", "name ", "json_wn", "raw_wn", "json#{}", "JSON_WN#{}", "#", "#{}", "foo#bar",
            "json_wn {}", "raw_wn;a:int:1"})
    void unknown(String request) {
        assertEquals("ERROR#UNKNOWN_COMMMAND", error(request));
        assertEquals(PushCommand.UNKNOWN, PushRequest.parse(request).command());
    }

    @Test
    void docExamplesAck() {
        assertEquals("ACK#{'greeting': 'Live long and prosper', 'number': 47}",
                ack("json_wn#{\"greeting\": \"Live long and prosper\", \"number\": 47}"));
        assertEquals("ACK#{'greeting': 'Live long and prosper', 'numbers': [47, 42]}",
                ack("raw_wn#greeting:str:Live long and prosper;numbers:int:47,42"));
        assertEquals("ACK#{'a': 1e+16, 'b': True, 'c': nan, 'n': None}",
                ack("json_wn#{\"a\": 1e16, \"b\": true, \"c\": NaN, \"n\": null}"));
    }

    @Test
    void jsonLeniencyLikePython() {
        assertEquals("ACK#{'t': 21.5}", ack("json_wn#  {\"t\": 21.5}\n "));
        assertEquals("ACK#{'a': inf, 'b': -inf, 'c': inf}",
                ack("json_wn#{\"a\": Infinity, \"b\": -Infinity, \"c\": 1E400}"));
        assertEquals("ACK#{'a': 2}", ack("json_wn#{\"a\": 1, \"a\": 2}"));
        assertEquals("ACK#{'big': 123456789012345678901234567890}",
                ack("json_wn#{\"big\": 123456789012345678901234567890}"));
        assertEquals(new BigInteger("123456789012345678901234567890"),
                PushRequest.parse("json_wn#{\"big\": 123456789012345678901234567890}").data().get("big"));
        assertEquals("ACK#{'a#b,c;d:e&f': 1, '': 2}", ack("json_wn#{\"a#b,c;d:e&f\": 1, \"\": 2}"));
        assertEquals("ACK#{}", ack("json_wn#{}"));
        assertEquals("ACK#{'n': 47, 'f': 47.0}", ack("json_wn#{\"n\": 47, \"f\": 47.0}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "json_wn#[1, 2]|ERROR#The object '[1, 2]' returned after decoding the JSON string is not a dict",
            "json_wn#5|ERROR#The object '5' returned after decoding the JSON string is not a dict",
            "json_wn#null|ERROR#The object 'None' returned after decoding the JSON string is not a dict",
            "json_wn#true|ERROR#The object 'True' returned after decoding the JSON string is not a dict",
            "json_wn#\"nonsense\"|ERROR#The object 'nonsense' returned after decoding the JSON string is not a dict",
            "json_wn#1.5e300|ERROR#The object '1.5e+300' returned after decoding the JSON string is not a dict",
            "json_wn#[\"a\", [1.0, null]]|ERROR#The object '['a', [1.0, None]]' returned after decoding the JSON string is not a dict"})
    void notADict(String request, String reply) {
        assertEquals(reply, error(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nonsense", "{", "{'a': 1}", "{\"a\": 1,}", "{\"a\" 1}", "[1, 2", "{} {}", "nan"})
    void notJson(String payload) {
        assertEquals("ERROR#The string '" + payload + "' could not be decoded as JSON", error("json_wn#" + payload));
        assertEquals(PushCommand.JSON_WN, PushRequest.parse("json_wn#" + payload).command());
    }

    @Test
    void rawErrorsVerbatim() {
        assertEquals("ERROR#The data part 'a:int' did not match the expected format of 3 parts divided by ':'",
                error("raw_wn#a:int"));
        assertEquals("ERROR#The data type 'double' is unknown. Only dict_keys(['int', 'float', 'str', 'bool']) are "
                + "allowed", error("raw_wn#a:double:1"));
        assertEquals("ERROR#Unable to convert values to 'int'. Error is: invalid literal for int() with base 10: "
                + "'1.5'", error("raw_wn#a:int:1.5"));
        assertEquals("ERROR#Unable to convert values to 'float'. Error is: could not convert string to float: 'abc'",
                error("raw_wn#a:float:abc"));
        assertEquals("ERROR#Unable to convert values to 'bool'. Error is: Cannot translate the string 'yes' to a "
                + "boolean. Only the strings 'True' or 'False' are allowed", error("raw_wn#a:bool:yes"));
        assertEquals(PushCommand.RAW_WN, PushRequest.parse("raw_wn#a:bool:yes").command());
        assertEquals("ERROR#The data part '' did not match the expected format of 3 parts divided by ':'",
                error("raw_wn#"));
    }

    @Test
    void rawTypes() {
        assertEquals("ACK#{'i': 1000, 'f': [0.5, 5.0, nan, inf], 'b': False, 's': ''}",
                ack("raw_wn#i:int: 1_000 ;f:float:.5,5.,NaN,Infinity;b:bool:False;s:str:"));
    }

    @Test
    void splitOnFirstHash() {
        // §8: Python answers ERROR#UNKNOWN_COMMMAND to any payload holding a '#'; labbridge accepts it.
        assertEquals("ACK#{'a': '#'}", ack("json_wn#{\"a\": \"#\"}"));
        assertEquals("ACK#{'tag': 'x#y'}", ack("raw_wn#tag:str:x#y"));
        assertEquals("ERROR#The string '#' could not be decoded as JSON", error("json_wn##"));
    }

    @Test
    void nonAsciiAndQuotesInAck() {
        assertEquals("ACK#{'unit': '\u00b0C', 'quote': \"it's\"}",
                ack("json_wn#{\"unit\": \"\\u00b0C\", \"quote\": \"it's\"}"));
        assertEquals("ACK#{'s': 'a\\tb\\n'}", ack("json_wn#{\"s\": \"a\\tb\\n\"}"));
    }

    @Test
    void dataIsInsertionOrdered() {
        Map<String, Object> d = PushRequest.parse("json_wn#{\"z\": 1, \"a\": 2, \"m\": [1, 2]}").data();
        assertEquals(List.of("z", "a", "m"), List.copyOf(d.keySet()));
        assertNull(PushRequest.parse("json_wn#{\"z\": 1}").error());
    }

    /**
     * The byte path takes only {@code json_wn#} with a flat ASCII object, and answers exactly what the String
     * path answers (same ACK text, same key order); everything else is left to the String path.
     */
    @ParameterizedTest
    @ValueSource(strings = {"json_wn#{\"t\": 21.5}", "json_wn#{\"a\": [1414154338.172345, 1.013e-7], \"b\": -0}",
        "json_wn#{}", "json_wn# {\"x\": \"y?\", \"x\": null, \"z\": [true, false]} ", "json_wn#{\"n\": 123456789012345678}",
        "json_wn#{\"t\": 1e400}", "json_wn#{\"t\": 0.1, \"u\": 1E-7, \"v\": 2.5e+3}"})
    void flatJsonFromBytesAcksAsTheStringPathDoes(String request) {
        byte[] utf8 = ("#" + request).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        PushRequest fast = PushRequest.parseFlatJson(utf8, 1, utf8.length - 1, org.labbridge.codec.python.JsonLimits.DEFAULT);
        assertEquals(PushCommand.JSON_WN, fast.command());
        assertEquals(ack(request), PushReplies.ack(fast.data()));
        assertEquals(List.copyOf(PushRequest.parse(request).data().keySet()), List.copyOf(fast.data().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json_wn#", "json_wn#{", "json_wn#[1]", "json_wn#{\"a\": {\"b\": 1}}", "json_wn#{\"\u00e9\": 1}",
        "json_wn#{\"a\": \"\\n\"}", "raw_wn#a:float:1", "name", "json_wn", "JSON_WN#{}", "json_wn#{\"a\": NaN}",
        "json_wn#{\"a\": 1}#", "json_wn#{\"a\": 1,}"})
    void everythingElseIsLeftToTheStringPath(String request) {
        byte[] utf8 = request.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertNull(PushRequest.parseFlatJson(utf8, 0, utf8.length, org.labbridge.codec.python.JsonLimits.DEFAULT), request);
    }
}
