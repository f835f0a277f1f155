package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line of the JSON vector files (CPython's own output), copied from shared/spec/vectors. */
class PyVectorsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void jsonRoundtripVectors() throws Exception {
        List<JsonNode> lines = lines("/vectors/json-roundtrip.jsonl");
        assertEquals(16, lines.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode line : lines) {
            String input = line.get("input").asText();
            Object value = PyJson.loads(input);
            check(failures, input + " dumps", line.get("json_dumps").asText(), PyJson.dumps(value));
            check(failures, input + " repr", line.get("python_repr").asText(), PyFormat.repr(value));
            // dumps output is JSON again and must survive a second trip unchanged.
            check(failures, input + " dumps twice", line.get("json_dumps").asText(),
                    PyJson.dumps(PyJson.loads(PyJson.dumps(value))));
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void pythonReprVectors() throws Exception {
        List<JsonNode> lines = lines("/vectors/python-repr.jsonl");
        assertEquals(20, lines.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode line : lines) {
            String json = line.get("value_json").asText();
            check(failures, json, line.get("python_repr").asText(), PyFormat.repr(PyJson.loads(json)));
        }
        assertEquals(List.of(), failures);
    }

    private static void check(List<String> failures, String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            failures.add(what + ": expected <" + expected + "> got <" + actual + ">");
        }
    }

    private List<JsonNode> lines(String resource) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " on the test classpath");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(MAPPER.readTree(line));
                }
            }
        }
        return out;
    }
}
