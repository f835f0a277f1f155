package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.plugind.PluginsdChecker;
import org.labbridge.codec.plugind.NetdataVersion;

class FunctionRequestsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T01:00:00Z"), ZoneOffset.UTC);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicBoolean quit = new AtomicBoolean();
    private final List<JobStatus> jobs = List.of(
            new JobStatus("oven", SourceKind.PULL, "127.0.0.1:9000", "ok", "Oven 'A' ünit", Instant.parse("2026-11-22T00:59:59Z"),
                    null, null, 3, JobStatus.names(List.of("temperature", "pressure", "it's"))),
            new JobStatus("far", SourceKind.BRIDGE, "10.0.0.1:45454", "down", null, null,
                    Instant.parse("2026-11-22T00:59:58Z"), "connection refused\n\"x\"", 0, ""));
    private final FunctionRequests requests = new FunctionRequests(
            new PluginOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8)), NetdataVersion.BASELINE,
            () -> jobs, 1, CLOCK, () -> quit.set(true));

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sourcesTable() throws Exception {
        requests.onLine("FUNCTION 3f2a-01 10 \"labbridge-sources\"");
        String out = out();
        new PluginsdChecker().feed(out).assertValid();
        assertTrue(out.startsWith("FUNCTION_RESULT_BEGIN 3f2a-01 200 application/json 1795309200\n"), out);
        assertTrue(out.endsWith("\nFUNCTION_RESULT_END\n"), out);
        String body = out.substring(out.indexOf('\n') + 1, out.lastIndexOf("FUNCTION_RESULT_END"));
        assertTrue(body.chars().allMatch(c -> c < 0x80), "ASCII only");
        JsonNode json = new ObjectMapper().readTree(body);
        assertEquals(200, json.get("status").asInt());
        assertEquals("table", json.get("type").asText());
        assertEquals(2, json.get("data").size());
        JsonNode oven = json.get("data").get(0);
        assertEquals("oven", oven.get(0).asText());
        assertEquals("127.0.0.1:9000", oven.get(2).asText());
        assertEquals("Oven 'A' ünit", oven.get(3).asText());
        assertEquals("ok", oven.get(4).asText());
        assertEquals("2026-11-22T00:59:59Z", oven.get(5).asText());
        assertEquals(3, oven.get(8).asInt());
        assertEquals("temperature, pressure, it's", oven.get(9).asText());
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "…"), List.of(JobStatus.names(
                java.util.stream.IntStream.range(0, 12).mapToObj(i -> "a" + i).toList()).split(", ")));
        JsonNode far = json.get("data").get(1);
        assertEquals("down", far.get(4).asText());
        assertEquals("connection refused\n\"x\"", far.get(7).asText());
        assertTrue(far.get(5).isNull());
        assertEquals(4, json.get("columns").get("State").get("index").asInt());
    }

    @Test
    void unknownFunctionsGet400AndCancelGets499Once() throws Exception {
        requests.onLine("FUNCTION tx-1 10 \"top\" \"member\" \"source\"");
        requests.onLine("FUNCTION_CANCEL tx-1"); // already answered: nothing more
        requests.onLine("FUNCTION_CANCEL tx-9");
        requests.onLine("FUNCTION_PROGRESS tx-9");
        requests.onLine("SOMETHING new");
        String out = out();
        new PluginsdChecker().feed(out).assertValid();
        assertEquals(2, out.split("FUNCTION_RESULT_BEGIN", -1).length - 1, out);
        assertTrue(out.contains("FUNCTION_RESULT_BEGIN tx-1 400 application/json"), out);
        assertTrue(out.contains("\"error_message\" : \"unknown function 'top'"), out);
        assertTrue(out.contains("FUNCTION_RESULT_BEGIN tx-9 499 application/json"), out);
    }

    @Test
    void payloadRequestsAndQuit() {
        requests.onLine("FUNCTION_PAYLOAD tx-5 10 \"labbridge-sources\" \"member\" \"src\" \"application/json\"");
        requests.onLine("{\"x\": 1}");
        assertEquals("", out(), "nothing until the payload ends");
        requests.onLine("FUNCTION_PAYLOAD_END");
        assertTrue(out().contains("FUNCTION_RESULT_BEGIN tx-5 200"), out());
        requests.onLine("QUIT");
        assertTrue(quit.get());
    }

    @Test
    void unsafeTransactionIdsAreNotEchoed() {
        requests.onLine("FUNCTION 'a b' 10 \"labbridge-sources\"");
        requests.onLine("FUNCTION x");
        assertEquals("", out());
    }
}
