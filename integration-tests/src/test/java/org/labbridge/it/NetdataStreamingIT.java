package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's streaming recipe with two real Netdata agents on free ports, each with its own config dirs: the
 * child runs labbridge.plugin (charting a Python pull socket) and streams to the parent with an API key from
 * {@code stream.conf}; the parent's API serves the child's labbridge charts and values
 * ({@code /host/<child>/api/v1/...}). Skipped loudly without Netdata (failed under CI=true).
 */
class NetdataStreamingIT {

    @Test
    void aParentServesTheLabbridgeChartsOfItsChild(@TempDir Path dir) throws Exception {
        Path netdataBinary = ThrowawayNetdata.requireNetdata();
        PythonPullSocket.requirePython();
        PythonPullSocket source = new PythonPullSocket(dir, 0, "furnace");
        source.set(Map.of("oven temp", 180.25, "p_main", 1.5e-6));
        String apiKey = UUID.randomUUID().toString();
        try (ThrowawayNetdata parent = ThrowawayNetdata.named(Files.createDirectories(dir.resolve("parent")),
                "labbridge-parent", "autodetect: false\n");
             ThrowawayNetdata child = ThrowawayNetdata.named(Files.createDirectories(dir.resolve("child")),
                     "labbridge-child", """
                             autodetect: false
                             jobs:
                               lab:
                                 pull: 127.0.0.1:%d
                                 codenames:
                                   p_main: {units: mbar}
                             """.formatted(source.port()))) {
            parent.streamConf("""
                    [%s]
                        enabled = yes
                        default memory mode = ram
                        health enabled by default = no
                    """.formatted(apiKey));
            child.streamConf("""
                    [stream]
                        enabled = yes
                        destination = tcp:%s
                        api key = %s
                    """.formatted(parent.url().substring("http://".length()), apiKey));
            parent.start(netdataBinary);
            child.start(netdataBinary);
            child.awaitPlugin(Duration.ofSeconds(15));

            JsonNode oven = awaitChildChart(parent, "labbridge-child", "labbridge_lab.oven_temp", child);
            assertEquals("labbridge.lab", oven.get("context").asText());
            JsonNode p = awaitChildChart(parent, "labbridge-child", "labbridge_lab.p_main", child);
            assertEquals("umbar", p.get("units").asText(), p.toString());
            awaitChildValue(parent, "labbridge-child", "labbridge_lab.oven_temp", 180.25, child);
            awaitChildValue(parent, "labbridge-child", "labbridge_lab.p_main", 1.5, child);
            JsonNode own = parent.api("/api/v1/charts");
            assertTrue(own != null && !own.get("charts").has("labbridge_lab.oven_temp"),
                    "the parent's own host has no such chart: it came from the child");
        } finally {
            source.close();
        }
    }

    private static JsonNode awaitChildChart(ThrowawayNetdata parent, String host, String chart, ThrowawayNetdata child)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode charts = parent.api("/host/" + host + "/api/v1/charts");
            if (charts != null && charts.has("charts") && charts.get("charts").has(chart)) {
                return charts.get("charts").get(chart);
            }
            TimeUnit.MILLISECONDS.sleep(250); // polling the API with a deadline
        }
        throw new AssertionError("the parent does not serve " + host + "'s " + chart + "\nparent log:\n" + parent.log()
                + "\nchild log:\n" + child.log());
    }

    private static void awaitChildValue(ThrowawayNetdata parent, String host, String chart, double expected,
                                        ThrowawayNetdata child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode row = null;
        while (System.nanoTime() < deadline) {
            JsonNode data = parent.api("/host/" + host + "/api/v1/data?chart=" + chart + "&after=-10&format=json");
            row = data == null || data.get("data") == null || data.get("data").isEmpty() ? null : data.get("data").get(0);
            if (row != null && row.size() > 1 && row.get(1).isNumber() && row.get(1).asDouble() == expected) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250); // polling the API with a deadline
        }
        throw new AssertionError(chart + " on the parent: newest row " + row + ", expected " + expected
                + "\nchild log:\n" + child.log());
    }
}
