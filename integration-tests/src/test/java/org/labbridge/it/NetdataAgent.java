package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

/**
 * A running Netdata agent as the Netdata ITs see it: its API at {@link #url()} and its log for failure
 * messages. A throwaway agent ({@link ThrowawayNetdata}) and the system's own agent
 * ({@code NetdataSystemInstallIT}) share the waits and checks here, and the plugin dist's {@code bin/install}.
 */
interface NetdataAgent {

    /** The agent's base URL. */
    String url();

    /** What the agent logged about the plugin (for failure messages). */
    String log();

    /**
     * GET {@code pathAndQuery} on the agent; null when it does not answer (yet) or not with 200. Asked only
     * once the agent's port listens: an HTTP connect to a port nothing listens on yet can connect to itself
     * and keep the agent from binding it ({@link ListeningPorts}).
     */
    default JsonNode api(String pathAndQuery) throws InterruptedException {
        int port = URI.create(url()).getPort();
        if (port > 0 && !ListeningPorts.listening(port)) {
            return null;
        }
        try {
            HttpResponse<String> r = Support.HTTP.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Support.JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The newest row of a chart's data (time first, then the dimensions), or null. */
    default JsonNode newestRow(String chart) throws InterruptedException {
        JsonNode data = api("/api/v1/data?chart=" + chart + "&after=-10&format=json");
        return data == null || data.get("data") == null || data.get("data").isEmpty() ? null : data.get("data").get(0);
    }

    /** Waits (30 s) until the agent's API answers. */
    default void awaitApi() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (api("/api/v1/info") == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent's API did not answer\n" + log());
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling the API with a deadline
        }
    }

    /** Waits (up to {@code timeout}) until {@code /api/v1/charts} lists {@code chart}; returns its entry. */
    default JsonNode awaitChart(String chart, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode charts = api("/api/v1/charts");
            if (charts != null && charts.get("charts").has(chart)) {
                return charts.get("charts").get(chart);
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
        }
        throw new AssertionError(chart + " not charted in time\n" + log());
    }

    default JsonNode awaitChart(String chart) throws InterruptedException {
        return awaitChart(chart, Duration.ofSeconds(30));
    }

    /** The newest value of {@code chart} once it satisfies {@code ok}; fails with the last row at the deadline. */
    default double awaitNumber(String chart, DoublePredicate ok) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode row = null;
        while (System.nanoTime() < deadline) {
            row = newestRow(chart);
            if (row != null && row.size() > 1 && row.get(1).isNumber() && ok.test(row.get(1).asDouble())) {
                return row.get(1).asDouble();
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
        }
        throw new AssertionError(chart + ": no value in time; newest row " + row + "\n" + log());
    }

    /** Values from 1e-9 to 1e12 and a plain one, as a source serves them (codename to value). */
    static Map<String, Double> magnitudes() {
        Map<String, Double> pushed = new LinkedHashMap<>();
        pushed.put("p_main", 1.2345e-6);
        pushed.put("i_leak", 3.3e-9);
        pushed.put("counts", 7.5e11);
        pushed.put("t_room", 21.512345);
        return pushed;
    }

    /** A labbridge.conf with one job {@code job} pulling {@link #magnitudes()} from 127.0.0.1:{@code port}. */
    static String magnitudesConf(String job, int port) {
        return """
                autodetect: false
                retry: 1s
                jobs:
                  %s:
                    pull: 127.0.0.1:%d
                    codenames:
                      p_main: {units: mbar, title: 'Main chamber pressure', family: pressure}
                      i_leak: {units: A, title: 'Leak current'}
                      t_room: {units: Celsius}
                """.formatted(job, port);
    }

    /**
     * The charts of {@link #magnitudesConf}'s job: each value read back through {@code /api/v1/data} times the scale
     * its chart's units name ({@code /api/v1/charts}) is the pushed one within 0.01 %; units, titles and family
     * are the config's. {@code firstChart}: how long the first chart may take.
     */
    default void assertMagnitudesCharted(String job, Duration firstChart) throws InterruptedException {
        Map<String, String> units = Map.of("p_main", "umbar", "i_leak", "nA", "counts", "x1e9 value",
                "t_room", "Celsius");
        Duration wait = firstChart;
        for (Map.Entry<String, Double> e : magnitudes().entrySet()) {
            String chart = "labbridge_" + job + "." + e.getKey();
            JsonNode c = awaitChart(chart, wait);
            wait = Duration.ofSeconds(30);
            assertEquals(units.get(e.getKey()), c.get("units").asText(), c.toString());
            double scale = scaleOf(c.get("units").asText());
            double expected = e.getValue();
            // the newest row until it is the value (a chart's very first row may still be empty or 0)
            double charted = awaitNumber(chart, v -> Math.abs(v * scale - expected) <= Math.abs(expected) * 1e-4);
            assertEquals(expected, charted * scale, Math.abs(expected) * 1e-4, chart + ": charted " + charted);
        }
        JsonNode p = awaitChart("labbridge_" + job + ".p_main");
        // 1.37.1 adds the chart id to the title it serves
        assertTrue(p.get("title").asText().startsWith("Main chamber pressure"), p.toString());
        assertEquals("pressure", p.get("family").asText());
        assertTrue(awaitChart("labbridge_" + job + ".i_leak").get("title").asText().startsWith("Leak current"));
    }

    /** 10^e of a scale named in units: an SI prefix before a known unit, or {@code x1eN }. */
    static double scaleOf(String units) {
        if (units.startsWith("x1e")) {
            return Math.pow(10, Integer.parseInt(units.substring(3, units.indexOf(' '))));
        }
        Map<String, Integer> prefixes = Map.of("p", -12, "n", -9, "u", -6, "m", -3, "k", 3, "M", 6, "G", 9, "T", 12);
        for (String base : List.of("mbar", "A", "Hz", "V")) {
            if (units.endsWith(base) && units.length() == base.length() + 1) {
                return Math.pow(10, prefixes.get(units.substring(0, 1)));
            }
        }
        return 1;
    }

    /** The built plugin distribution (failsafe sets the property; the module's target dir otherwise). */
    static Path pluginDist() {
        return Path.of(System.getProperty("labbridge.plugin.dist", "../netdata-adapter/target/labbridge-plugin"))
                .toAbsolutePath().normalize();
    }

    /** Runs the plugin dist's {@code bin/install ARGS}; returns its exit code and output (its log is in {@code dir}). */
    static Map.Entry<Integer, String> install(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(pluginDist().resolve("bin/install").toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "install", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("install did not finish: " + cmd);
        }
        return Map.entry(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Shared by every agent's API calls. */
    final class Support {
        static final ObjectMapper JSON = new ObjectMapper();
        static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        private Support() {
        }
    }
}
