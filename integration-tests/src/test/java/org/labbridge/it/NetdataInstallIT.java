package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.codec.plugind.PluginsdChecker;

/**
 * The README's install against Debian's real netdata-core: the installer finds the directories the agent reads
 * plugins from by itself (the agent is not pointed at the plugin), and values from 1e-9 to 1e12 come back
 * through {@code /api/v1/data} times the scale their chart's units name to within 0.01 %. Skipped loudly without
 * Netdata (failed under CI=true).
 */
class NetdataInstallIT {

    /** The built plugin distribution (failsafe sets the property; the module's target dir otherwise). */
    private static Path dist() {
        return Path.of(System.getProperty("labbridge.plugin.dist", "../netdata-adapter/target/labbridge-plugin"))
                .toAbsolutePath().normalize();
    }

    /** Runs the dist's bin/install; returns exit code and output. */
    private static Map.Entry<Integer, String> install(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(dist().resolve("bin/install").toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "install", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "install did not finish");
        return Map.entry(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void theInstallerFindsWhereDebiansAgentReadsPlugins(@TempDir Path dir) throws Exception {
        ThrowawayNetdata.requireNetdata();
        Map.Entry<Integer, String> r = install(dir, "--netdata-url", "none", "--dry-run");
        assertEquals(0, r.getKey(), r.getValue());
        // what the package itself ships as its plugins directory must be among those the installer found
        List<String> packaged = packagedPluginsDirs();
        for (String d : packaged) {
            assertTrue(r.getValue().contains("Netdata reads plugins from ") && r.getValue().contains(d), d + "\n"
                    + r.getValue());
        }
        assertTrue(r.getValue().contains("would install /etc/netdata/custom-plugins.d/labbridge.plugin"), r.getValue());
        assertTrue(r.getValue().contains("/usr/lib/netdata/conf.d/labbridge.conf"), "where edit-config finds it: "
                + r.getValue());
        assertTrue(!r.getValue().contains("/usr/libexec/"), "not the old, wrong default: " + r.getValue());
    }

    /** {@code dpkg -L netdata-core | grep plugins.d$}, or the compiled-in default when dpkg does not know it. */
    private static List<String> packagedPluginsDirs() throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("dpkg", "-L", "netdata-core").redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                List<String> dirs = out.lines().filter(l -> l.endsWith("/plugins.d")).toList();
                if (!dirs.isEmpty()) {
                    return dirs;
                }
            }
        } catch (IOException e) {
            System.err.println("no dpkg (" + e.getMessage() + "): checking the Debian default only");
        }
        return List.of("/usr/lib/netdata/plugins.d");
    }

    @Test
    void installedByTheReadmesCommandARealAgentChartsValuesOfAnyMagnitude(@TempDir Path dir) throws Exception {
        Path netdataBinary = ThrowawayNetdata.requireNetdata();
        PythonPullSocket.requirePython();
        PythonPullSocket source = new PythonPullSocket(dir, 0, "vacuum");
        Map<String, Double> pushed = new LinkedHashMap<>();
        pushed.put("p_main", 1.2345e-6);
        pushed.put("i_leak", 3.3e-9);
        pushed.put("counts", 7.5e11);
        pushed.put("t_room", 21.512345);
        source.set(new LinkedHashMap<>(pushed));
        try (ThrowawayNetdata netdata = ThrowawayNetdata.withDefaultPluginDirs(dir, """
                autodetect: false
                retry: 1s
                jobs:
                  vac:
                    pull: 127.0.0.1:%d
                    codenames:
                      p_main: {units: mbar, title: 'Main chamber pressure', family: pressure}
                      i_leak: {units: A, title: 'Leak current'}
                      t_room: {units: Celsius}
                """.formatted(source.port()))) {
            netdata.start(netdataBinary);
            awaitApi(netdata);
            // the README's command; the agent is a throwaway one, so it is named, and the jars stay in the temp dir
            Map.Entry<Integer, String> r = install(dir, "--netdata-url", netdata.url(), "--lib-dir",
                    dir.resolve("lib").toString());
            assertEquals(0, r.getKey(), r.getValue());
            Path installed = netdata.configDir().resolve("custom-plugins.d/labbridge.plugin");
            assertTrue(r.getValue().contains("installed " + installed), r.getValue());
            assertTrue(r.getValue().contains("found by the running agent"), r.getValue());
            netdata.awaitPlugin(Duration.ofSeconds(30));

            Map<String, String> units = Map.of("p_main", "umbar", "i_leak", "nA", "counts", "x1e9 value",
                    "t_room", "Celsius");
            for (Map.Entry<String, Double> e : pushed.entrySet()) {
                String chart = "labbridge_vac." + e.getKey();
                JsonNode c = awaitChart(netdata, chart);
                assertEquals(units.get(e.getKey()), c.get("units").asText(), c.toString());
                double scale = scaleOf(c.get("units").asText());
                double expected = e.getValue();
                // the newest row until it is the value (a chart's very first row may still be empty or 0)
                double charted = awaitNumber(netdata, chart, v -> Math.abs(v * scale - expected) <= Math.abs(expected) * 1e-4);
                assertEquals(expected, charted * scale, Math.abs(expected) * 1e-4, chart + ": charted " + charted);
            }
            JsonNode p = awaitChart(netdata, "labbridge_vac.p_main");
            // 1.37.1 adds the chart id to the title it serves
            assertTrue(p.get("title").asText().startsWith("Main chamber pressure"), p.toString());
            assertEquals("pressure", p.get("family").asText());
            assertTrue(awaitChart(netdata, "labbridge_vac.i_leak").get("title").asText().startsWith("Leak current"));

            // six decades up (venting): the chart is re-declared in mbar and the agent takes the new units
            Map<String, Object> vented = new LinkedHashMap<>(pushed);
            vented.put("p_main", 5.125);
            source.set(vented);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String unitsNow = "";
            while (!unitsNow.equals("mbar") && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
                unitsNow = awaitChart(netdata, "labbridge_vac.p_main").get("units").asText();
            }
            assertEquals("mbar", unitsNow, netdata.log());
            double vent = awaitNumber(netdata, "labbridge_vac.p_main", v -> v == 5.125);
            assertEquals(5.125, vent, 5.125e-4);
            netdata.stop();
            new PluginsdChecker().feed(Files.readString(netdata.pluginOutput())).assertValid();
            // named directories only: the machine's own Netdata files are not touched
            Map.Entry<Integer, String> u = install(dir, "--plugins-dir", installed.getParent().toString(),
                    "--stock-config-dir", dir.resolve("stock").toString(), "--lib-dir", dir.resolve("lib").toString(),
                    "--uninstall");
            assertEquals(0, u.getKey(), u.getValue());
            assertTrue(!Files.exists(installed), u.getValue());
            assertTrue(!Files.exists(dir.resolve("stock/labbridge.conf")) && !Files.exists(dir.resolve("lib")), u.getValue());
        } finally {
            source.close();
        }
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

    private static void awaitApi(ThrowawayNetdata netdata) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (netdata.api("/api/v1/info") == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent's API did not answer\n" + netdata.log());
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling the API with a deadline
        }
    }

    private static JsonNode awaitChart(ThrowawayNetdata netdata, String chart) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode charts = netdata.api("/api/v1/charts");
            if (charts != null && charts.get("charts").has(chart)) {
                return charts.get("charts").get(chart);
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
        }
        throw new AssertionError(chart + " not charted in time\n" + netdata.log());
    }

    /** The newest value of {@code chart} once it satisfies {@code ok}; fails with the last row at the deadline. */
    private static double awaitNumber(ThrowawayNetdata netdata, String chart, java.util.function.DoublePredicate ok)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode row = null;
        while (System.nanoTime() < deadline) {
            row = netdata.newestRow(chart);
            if (row != null && row.size() > 1 && row.get(1).isNumber() && ok.test(row.get(1).asDouble())) {
                return row.get(1).asDouble();
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
        }
        throw new AssertionError(chart + ": no value in time; newest row " + row + "\n" + netdata.log());
    }
}
