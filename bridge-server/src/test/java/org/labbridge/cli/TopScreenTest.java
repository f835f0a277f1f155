package org.labbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopScreenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneRowPerNodeWithHumanUnitsAndDropsLargestFirst() throws Exception {
        String doc = """
                {"time": 1, "interval_seconds": 1.02, "nodes": [
                  {"name": "input", "kind": "push", "state": "running", "in_per_second": 123456.7,
                   "out_per_second": 12.25, "clients": 0, "queued_messages": 3, "queued_bytes": 2048,
                   "drops": {"bad_json": 2, "queue_full": 40}},
                  {"name": "up", "kind": "bridge-client", "state": "running", "in_per_second": 0,
                   "out_per_second": 2500000, "clients": 1, "queued_messages": 0, "queued_bytes": 0, "drops": {}}
                ]}""";
        List<String> lines = TopScreen.render("127.0.0.1:9901", JSON.readTree(doc), 200);
        assertEquals(List.of(
                "labbridge top — 127.0.0.1:9901 — 2 nodes — rates over 1.0 s",
                "",
                "NODE                 KIND           STATE           IN/s      OUT/s CLIENTS    QUEUED     BYTES  DROPS",
                "input                push           running       123.5k       12.3       0         3   2.0 KiB  queue_full=40 bad_json=2",
                "up                   bridge-client  running          0.0      2.50M       1         0       0 B  -"),
                lines);
    }

    @Test
    void linesAreCutToTheTerminalWidth() throws Exception {
        List<String> lines = TopScreen.render("h:1", JSON.readTree("{\"nodes\": [{\"name\": \"n\"}]}"), 10);
        lines.forEach(line -> assertEquals(true, line.length() <= 10, line));
    }
}
