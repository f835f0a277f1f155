package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void theInstallerFindsWhereDebiansAgentReadsPlugins(@TempDir Path dir) throws Exception {
        ThrowawayNetdata.requireNetdata();
        Map.Entry<Integer, String> r = NetdataAgent.install(dir, "--netdata-url", "none", "--dry-run");
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
        Map<String, Double> pushed = NetdataAgent.magnitudes();
        source.set(new LinkedHashMap<>(pushed));
        try (ThrowawayNetdata netdata = ThrowawayNetdata.withDefaultPluginDirs(dir,
                NetdataAgent.magnitudesConf("vac", source.port()))) {
            netdata.start(netdataBinary);
            netdata.awaitApi();
            // the README's command; the agent is a throwaway one, so it is named, and the jars stay in the temp dir
            Map.Entry<Integer, String> r = NetdataAgent.install(dir, "--netdata-url", netdata.url(), "--lib-dir",
                    dir.resolve("lib").toString());
            assertEquals(0, r.getKey(), r.getValue());
            Path installed = netdata.configDir().resolve("custom-plugins.d/labbridge.plugin");
            assertTrue(r.getValue().contains("installed " + installed), r.getValue());
            assertTrue(r.getValue().contains("found by the running agent"), r.getValue());
            netdata.awaitPlugin(Duration.ofSeconds(30));

            netdata.assertMagnitudesCharted("vac", Duration.ofSeconds(30));

            // six decades up (venting): the chart is re-declared in mbar and the agent takes the new units
            Map<String, Object> vented = new LinkedHashMap<>(pushed);
            vented.put("p_main", 5.125);
            source.set(vented);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String unitsNow = "";
            while (!unitsNow.equals("mbar") && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200); // polling the API with a deadline
                unitsNow = netdata.awaitChart("labbridge_vac.p_main").get("units").asText();
            }
            assertEquals("mbar", unitsNow, netdata.log());
            double vent = netdata.awaitNumber("labbridge_vac.p_main", v -> v == 5.125);
            assertEquals(5.125, vent, 5.125e-4);
            netdata.stop();
            new PluginsdChecker().feed(Files.readString(netdata.pluginOutput())).assertValid();
            // named directories only: the machine's own Netdata files are not touched
            Map.Entry<Integer, String> u = NetdataAgent.install(dir, "--plugins-dir", installed.getParent().toString(),
                    "--stock-config-dir", dir.resolve("stock").toString(), "--lib-dir", dir.resolve("lib").toString(),
                    "--uninstall");
            assertEquals(0, u.getKey(), u.getValue());
            assertTrue(!Files.exists(installed), u.getValue());
            assertTrue(!Files.exists(dir.resolve("stock/labbridge.conf")) && !Files.exists(dir.resolve("lib")), u.getValue());
        } finally {
            source.close();
        }
    }
}
