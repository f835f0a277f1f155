package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.labbridge.config.HostPort;
import org.slf4j.LoggerFactory;
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
                    .contains("SET pressure = 1500000\n"), out);
            // 1.5e-3 charted as 1.5 x1e-3 (with 6 decimals): not rounded to 0.002 or 0
            assertTrue(text.contains("CHART labbridge_local_" + port + ".pressure '' 'pressure (local_" + port
                    + ")' 'x1e-3 value' "), text);
            assertEquals("ok", plugin.collector().statuses().get(0).state());
            stdin.close();
            assertEquals(0, exit.get(5, TimeUnit.SECONDS));
            new PluginsdChecker().feed(out.toString(StandardCharsets.UTF_8)).assertValid();
        }
    }

    @Test
    void anUnexpectedFailureInTheLoopIsLoggedAndEndsThePluginWithoutDisable() throws Exception {
        // A job ConfigLoader would refuse (its chart type labbridge_<name> is too long): declaring its first
        // chart throws in the collection loop, the kind of bug that must not kill the plugin silently.
        JobConfig job = new JobConfig("j".repeat(JobConfig.MAX_NAME_CHARS + 1), SourceKind.PULL,
                new HostPort("127.0.0.1", 9), 1, Duration.ofMillis(100), Duration.ofSeconds(1), 1000, "u", List.of());
        FakeSource source = new FakeSource();
        source.values = Map.of("x", 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Plugin plugin = new Plugin(new PluginConfig(null, 1, false, Duration.ofSeconds(60), List.of(job)),
                NetdataVersion.BASELINE, new PluginOutput(new PrintStream(out, true, StandardCharsets.UTF_8)),
                cfg -> source, null, Clock.systemUTC());
        PipedOutputStream stdin = new PipedOutputStream(); // kept open: only the failure may end the run
        plugin.listen(new PipedInputStream(stdin));
        Logger logger = (Logger) LoggerFactory.getLogger(Plugin.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertEquals(1, CompletableFuture.supplyAsync(plugin::run).get(10, TimeUnit.SECONDS));
        } finally {
            logger.detachAppender(logged);
            stdin.close();
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("DISABLE"), "a bug is no reason to disable for good: " + text);
        new PluginsdChecker().feed(text).assertValid();
        ILoggingEvent why = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).findFirst()
                .orElseThrow(() -> new AssertionError("no reason logged: " + logged.list));
        assertTrue(why.getFormattedMessage().contains("collection failed unexpectedly")
                && why.getFormattedMessage().contains("chart type and id must be ids"), why.getFormattedMessage());
        assertTrue(source.closed, "the sources are closed on the way out");
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
