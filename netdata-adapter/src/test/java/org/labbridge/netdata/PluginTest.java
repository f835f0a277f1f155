package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.plugind.PluginsdChecker;
import org.labbridge.codec.plugind.NetdataVersion;

class PluginTest {
    /** What PluginMain passes: started only if a bridge job asks for it. */
    private final PluginTransport transport = new PluginTransport();

    @org.junit.jupiter.api.AfterEach
    void closeTransport() {
        transport.close();
    }

    @Test
    void autodetectionProbesAgainAndChartsASocketThatAppearsLater() throws Exception {
        // A silent socket first: receiving the probe proves the first attempt happened (and got nothing).
        DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        int port = silent.getLocalPort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PluginConfig config = new PluginConfig(null, 1, true, Duration.ofMillis(300), List.of());
        Plugin plugin = new Plugin(config, NetdataVersion.BASELINE,
                new PluginOutput(new PrintStream(out, true, StandardCharsets.UTF_8)), job -> PluginMain.source(job, transport),
                new Autodetector("127.0.0.1", List.of(port), Duration.ofMillis(100), 1), Clock.systemUTC());
        PipedOutputStream stdin = new PipedOutputStream();
        plugin.listen(new PipedInputStream(stdin));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(plugin::run);
        silent.setSoTimeout(5000);
        java.net.DatagramPacket probe = new java.net.DatagramPacket(new byte[100], 100);
        silent.receive(probe);
        assertEquals("name", new String(probe.getData(), 0, probe.getLength(), StandardCharsets.UTF_8));
        silent.close();
        try (FakePullSocket late = new FakePullSocket("late socket", port)) {
            late.set("pressure", 1.5e-3);
            String text = PluginMainTest.await(() -> out.toString(StandardCharsets.UTF_8)
                    .contains("SET pressure = 2\n"), out);
            assertTrue(text.contains("CHART labbridge_local_" + port + ".pressure "), text);
            assertEquals("ok", plugin.collector().statuses().get(0).state());
            stdin.close();
            assertEquals(0, exit.get(5, TimeUnit.SECONDS));
            new PluginsdChecker().feed(out.toString(StandardCharsets.UTF_8)).assertValid();
        }
    }

    @Test
    void functionsAreOnlyRegisteredWithAgentsThatKnowThem() throws Exception {
        for (String version : new String[] {"v1.36.1", "v1.37.1", "v2.2.0"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Plugin plugin = new Plugin(new PluginConfig(null, 1, false, Duration.ofSeconds(60), List.of()),
                    NetdataVersion.parseOrBaseline(version), new PluginOutput(new PrintStream(out, true,
                    StandardCharsets.UTF_8)), job -> PluginMain.source(job, transport), null, Clock.systemUTC());
            plugin.listen(new java.io.ByteArrayInputStream(new byte[0])); // stdin at EOF: the plugin stops at once
            assertEquals(0, plugin.run());
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(!version.equals("v1.36.1"), text.startsWith("FUNCTION GLOBAL 'labbridge-sources' "), version + ": " + text);
            new PluginsdChecker(NetdataVersion.parseOrBaseline(version)).feed(text).assertValid();
        }
    }
}
