package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.client.udp.PushClient;
import org.labbridge.codec.plugind.PluginsdChecker;

/**
 * labbridge.plugin under Debian's real Netdata 1.37.1: a Python-only PyExpLabSys-like pull socket is
 * charted, values arrive in /api/v1/data after the divisor, a stopped source leaves gaps and a restarted
 * one resumes, and the plugin exits when Netdata stops; the labbridge daemon's pull socket, its TCP bridge and
 * its own meters are charted the same way. Skipped loudly without Netdata (failed under CI=true).
 */
class NetdataPluginIT {

    @Test
    void chartsAPythonPullSocketThroughItsRestartAndExitsWithNetdata(@TempDir Path dir) throws Exception {
        Path netdataBinary = ThrowawayNetdata.requireNetdata();
        PythonPullSocket.requirePython();
        PythonPullSocket source = new PythonPullSocket(dir, 0, "py socket");
        int port = source.port();
        Map<String, Object> readings = new LinkedHashMap<>();
        readings.put("temperature", 21.5);
        readings.put("count", 47);
        readings.put("door open", true);
        readings.put("state", "heating");
        source.set(readings);
        try (ThrowawayNetdata netdata = new ThrowawayNetdata(dir, """
                autodetect: false
                retry: 1s
                timeout: 300ms
                jobs:
                  py:
                    pull: 127.0.0.1:%d
                """.formatted(port))) {
            netdata.start(netdataBinary);
            ProcessHandle plugin = netdata.awaitPlugin(Duration.ofSeconds(15));

            // values after the divisor, ints and booleans too; strings are not charted
            awaitValue(netdata, "labbridge_py.temperature", v -> v == 21.5);
            awaitValue(netdata, "labbridge_py.count", v -> v == 47);
            awaitValue(netdata, "labbridge_py.door_open", v -> v == 1);
            JsonNode charts = netdata.api("/api/v1/charts");
            assertTrue(charts.get("charts").has("labbridge_py.temperature"));
            assertTrue(!charts.get("charts").has("labbridge_py.state"), "strings are skipped");
            assertEquals("labbridge.py", charts.get("charts").get("labbridge_py.temperature").get("context").asText());
            JsonNode info = netdata.api("/api/v1/info");
            assertTrue(info.get("functions").has("labbridge-sources"), info.get("functions").toString());

            // the source goes away: gaps (the plugin keeps running); it comes back: values resume
            source.close();
            awaitNewest(netdata, "labbridge_py.temperature", JsonNode::isNull, "a gap");
            assertTrue(plugin.isAlive(), "an unreachable source is no reason to stop");
            source = new PythonPullSocket(dir, port, "py socket");
            source.set(Map.of("temperature", -3.25, "count", 48, "door open", false));
            awaitValue(netdata, "labbridge_py.temperature", v -> v == -3.25);
            awaitValue(netdata, "labbridge_py.door_open", v -> v == 0);

            // Netdata stops: the plugin's JVM (not just a wrapper around it) must not outlive it
            netdata.stop();
            assertTrue(ThrowawayNetdata.awaitExit(plugin, Duration.ofSeconds(10)),
                    "plugin JVM " + plugin.pid() + " still running after Netdata stopped: " + plugin.info());
            assertTrue(!netdata.log().contains("DISABLE") && !netdata.log().contains("Disabling it"),
                    "Netdata disabled the plugin:\n" + netdata.log());
            PluginsdChecker checker = new PluginsdChecker().feed(java.nio.file.Files.readString(netdata.pluginOutput()));
            checker.assertValid();
            assertTrue(checker.ends() > 10, "the checker saw the collections");
        } finally {
            source.close();
        }
    }

    @Test
    void chartsTheDaemonsPullSocketAndItsOwnMeters(@TempDir Path dir) throws Exception {
        Path netdataBinary = ThrowawayNetdata.requireNetdata();
        int pull = FreePorts.next();
        int push = FreePorts.next();
        int metrics = FreePorts.next();
        Path config = dir.resolve("labbridge.yaml");
        java.nio.file.Files.writeString(config, DaemonProcess.pushToPullConfig(metrics, pull, push));
        try (DaemonProcess daemon = DaemonProcess.start("run", "-c", config.toString());
             PushClient pusher = new PushClient(new InetSocketAddress("127.0.0.1", push), Duration.ofSeconds(5));
             ThrowawayNetdata netdata = new ThrowawayNetdata(dir, """
                     autodetect: false
                     retry: 1s
                     jobs:
                       lab:
                         pull: 127.0.0.1:%d
                       daemon:
                         metrics: 127.0.0.1:%d
                         metrics_url: none
                     """.formatted(pull, metrics))) {
            requireServing(daemon);
            assertTrue(pusher.jsonWn("{\"oven temp\": 180.125, \"cycles\": 12}").startsWith("ACK#"));
            netdata.start(netdataBinary);
            netdata.awaitPlugin(Duration.ofSeconds(15));
            awaitValue(netdata, "labbridge_lab.oven_temp", v -> v == 180.125);
            awaitValue(netdata, "labbridge_lab.cycles", v -> v == 12);
            assertTrue(pusher.jsonWn("{\"oven temp\": 181.5}").startsWith("ACK#"));
            awaitValue(netdata, "labbridge_lab.oven_temp", v -> v == 181.5);
            // the daemon's own meters, under labbridge.*: messages routed from the push node, a counter, so
            // charted incremental: Netdata shows a rate, which falls back to 0 when no more messages come
            JsonNode chart = awaitChart(netdata, "labbridge.daemon_route_messages", "node=input");
            assertEquals("labbridge.route.messages", chart.get("context").asText());
            assertEquals("messages/s", chart.get("units").asText(), chart.toString());
            // A rate needs a previous value: pushes made before the counter's first collection would all be in
            // that first value (which incremental charts as 0) and never show as a rate.
            awaitNewest(netdata, "labbridge.daemon_route_messages", JsonNode::isNumber, "first collected value");
            for (int i = 0; i < 3; i++) {
                assertTrue(pusher.jsonWn("{\"oven temp\": 182}").startsWith("ACK#"));
            }
            awaitAnyRecentRow(netdata, "labbridge.daemon_route_messages", v -> v.isNumber() && v.asDouble() > 0,
                    "rate above 0 after the pushes");
            awaitNewest(netdata, "labbridge.daemon_route_messages", v -> v.isNumber() && v.asDouble() == 0,
                    "rate back to 0 after the pushes (an absolute chart would stay at the count, >= 5)");
            // a gauge stays absolute: the daemon's metrics socket serves system.cpu.count (the JVM binder)
            awaitValue(netdata, "labbridge.daemon_system_cpu_count", v -> v >= 1);
            netdata.stop();
            new PluginsdChecker().feed(java.nio.file.Files.readString(netdata.pluginOutput())).assertValid();
        }
    }

    @Test
    void chartsTheLatestValuesFromTheDaemonsTcpBridge(@TempDir Path dir) throws Exception {
        Path netdataBinary = ThrowawayNetdata.requireNetdata();
        int push = FreePorts.next();
        int bridge = FreePorts.next();
        Path config = dir.resolve("labbridge.yaml");
        java.nio.file.Files.writeString(config, """
                drain_time: 1s
                metrics: {enabled: false}
                http: {port: 0}
                nodes:
                  - {kind: push, name: input, port: %d}
                  - {kind: bridge-server, name: bridge, port: %d}
                connections:
                  - {from: input, to: [bridge]}
                """.formatted(push, bridge));
        try (DaemonProcess daemon = DaemonProcess.start("run", "-c", config.toString());
             PushClient pusher = new PushClient(new InetSocketAddress("127.0.0.1", push), Duration.ofSeconds(5));
             ThrowawayNetdata netdata = new ThrowawayNetdata(dir, """
                     autodetect: false
                     jobs:
                       br:
                         bridge: 127.0.0.1:%d
                     """.formatted(bridge))) {
            requireServing(daemon);
            netdata.start(netdataBinary);
            netdata.awaitPlugin(Duration.ofSeconds(15));
            // the plugin's bridge client is registered by the server before the push, or it would miss it
            daemon.awaitLog(l -> l.contains("bridge server bridge: client") && l.contains("connected ("),
                    Duration.ofSeconds(15));
            assertTrue(pusher.jsonWn("{\"oven temp\": 182.75, \"on\": true}").startsWith("ACK#"));
            awaitValue(netdata, "labbridge_br.oven_temp", v -> v == 182.75);
            awaitValue(netdata, "labbridge_br.on", v -> v == 1);
            assertTrue(pusher.jsonWn("{\"oven temp\": -1.5}").startsWith("ACK#"));
            awaitValue(netdata, "labbridge_br.oven_temp", v -> v == -1.5);
            netdata.stop();
            new PluginsdChecker().feed(java.nio.file.Files.readString(netdata.pluginOutput())).assertValid();
        }
    }

    /** Waits until the daemon serves (it logs "labbridge serving" once every node is bound). */
    private static void requireServing(DaemonProcess daemon) throws InterruptedException {
        daemon.awaitLog(l -> l.contains("labbridge serving"), Duration.ofSeconds(20));
    }

    /** Waits until Netdata lists the chart with the named dimension; returns its /api/v1/charts entry. */
    /**
     * A daemon with 100 sockets has more meters than one UDP reply holds: the plugin's metrics job reads them
     * over HTTP ({@code /metrics}), so the charts have every socket, the 1st and the 100th.
     */
    @Test
    void chartsEveryMeterOfADaemonWithAHundredSocketsOverHttp(@TempDir Path dir) throws Exception {
        Path netdataBinary = ThrowawayNetdata.requireNetdata();
        int metrics = FreePorts.next();
        int http = FreePorts.next();
        // the UDP metrics socket is off: what is charted came over HTTP (DaemonTest shows the UDP socket
        // answering for 100 sockets too, with as many meters as one datagram holds)
        StringBuilder yaml = new StringBuilder("drain_time: 1s\nmetrics: {enabled: false}\nhttp: {port: %d}\nnodes:\n"
                .formatted(http));
        for (int i = 1; i <= 100; i++) {
            yaml.append("  - {kind: push, name: in%d, port: %d}\n".formatted(i, FreePorts.next()));
        }
        Path config = dir.resolve("labbridge.yaml");
        java.nio.file.Files.writeString(config, yaml.toString());
        try (DaemonProcess daemon = DaemonProcess.start("run", "-c", config.toString());
             ThrowawayNetdata netdata = new ThrowawayNetdata(dir, """
                     autodetect: false
                     retry: 1s
                     jobs:
                       daemon:
                         metrics: 127.0.0.1:%d
                         metrics_url: http://127.0.0.1:%d/metrics
                     """.formatted(metrics, http))) {
            requireServing(daemon);
            netdata.start(netdataBinary);
            netdata.awaitPlugin(Duration.ofSeconds(15));
            for (String socket : java.util.List.of("in1", "in57", "in100")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                boolean charted = false;
                while (!charted && System.nanoTime() < deadline) {
                    JsonNode charts = netdata.api("/api/v1/charts");
                    if (charts != null) {
                        for (JsonNode chart : charts.get("charts")) {
                            String text = chart.get("dimensions").toString();
                            if (chart.get("id").asText().startsWith("labbridge.daemon")
                                    && (text.contains("socket=" + socket + "\"") || text.contains("socket=" + socket + "|")
                                    || text.contains("socket=" + socket + ","))) {
                                charted = true;
                                break;
                            }
                        }
                    }
                    TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
                }
                assertTrue(charted, "socket " + socket + " has no chart\nnetdata log:\n" + netdata.log());
            }
            netdata.stop();
            new PluginsdChecker().feed(java.nio.file.Files.readString(netdata.pluginOutput())).assertValid();
        }
    }

    private static JsonNode awaitChart(ThrowawayNetdata netdata, String chart, String dimensionName) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode charts = netdata.api("/api/v1/charts");
            JsonNode c = charts == null ? null : charts.get("charts").get(chart);
            if (c != null && c.get("dimensions").toString().contains(dimensionName)) {
                return c;
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
        }
        throw new AssertionError(chart + " with dimension " + dimensionName + " not charted in time\nnetdata log:\n"
                + netdata.log());
    }

    private static void awaitValue(ThrowawayNetdata netdata, String chart, Predicate<Double> ok) throws Exception {
        awaitNewest(netdata, chart, v -> v.isNumber() && ok.test(v.asDouble()), "the expected value");
    }

    /** Like {@link #awaitNewest}, but any row of the last minute may match (a one-second rate is easily missed). */
    private static void awaitAnyRecentRow(ThrowawayNetdata netdata, String chart, Predicate<JsonNode> ok, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode rows = null;
        while (System.nanoTime() < deadline) {
            rows = netdata.api("/api/v1/data?chart=" + chart + "&after=-60&format=json").get("data");
            for (JsonNode row : rows) {
                if (row.size() > 1 && ok.test(row.get(1))) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
        }
        throw new AssertionError(chart + ": no " + what + " in time; rows " + rows + "\nnetdata log:\n"
                + netdata.log());
    }

    private static void awaitNewest(ThrowawayNetdata netdata, String chart, Predicate<JsonNode> ok, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode row = null;
        while (System.nanoTime() < deadline) {
            row = netdata.newestRow(chart);
            if (row != null && row.size() > 1 && ok.test(row.get(1))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
        }
        throw new AssertionError(chart + ": no " + what + " in time; newest row " + row + "\nnetdata log:\n"
                + netdata.log());
    }
}
