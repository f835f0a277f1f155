package org.labbridge.netdata;

import org.labbridge.config.ConfigException;

import org.labbridge.config.HostPort;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.codec.plugind.Algorithm;
import org.labbridge.codec.plugind.ChartType;
import org.labbridge.codec.plugind.NetdataVersion;
import org.labbridge.codec.plugind.PluginsdChecker;
import org.labbridge.codec.plugind.PluginsdWriter;

class ConfigLoaderTest {

    static String sample() throws IOException {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("labbridge.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedSampleAsIsMeansAutodetection() throws Exception {
        PluginConfig c = ConfigLoader.parse(sample(), null, 1);
        assertTrue(c.autodetect());
        assertTrue(c.jobs().isEmpty());
        assertEquals(1, c.updateEvery());
    }

    @Test
    void everyOptionOfTheSampleParsesWhenUncommented() throws Exception {
        String uncommented = sample().lines().filter(l -> !l.startsWith("##"))
                .map(l -> l.startsWith("# ") ? l.substring(2) : l).collect(Collectors.joining("\n"));
        PluginConfig c = ConfigLoader.parse(uncommented, null, 1);
        assertFalse(c.autodetect());
        assertEquals(Duration.ofSeconds(60), c.autodetectRetry());
        assertEquals(List.of("furnace", "bridge", "daemon", "chamber"), c.jobs().stream().map(JobConfig::name).toList());
        JobConfig furnace = c.jobs().get(0);
        assertEquals(SourceKind.PULL, furnace.kind());
        assertEquals(new HostPort("127.0.0.1", 9000), furnace.address());
        assertEquals(Duration.ofMillis(500), furnace.timeout());
        assertEquals("Celsius", furnace.units());
        assertTrue(furnace.automatic());
        assertEquals(new CodenameConfig("Celsius", "Inner furnace temperature", "temperatures", 0, 0),
                furnace.codename("T_inner"));
        assertEquals(new CodenameConfig("A", null, null, 1000, 1000), furnace.codename("heater_current"));
        assertEquals(CodenameConfig.NONE, furnace.codename("other"));
        assertEquals(java.net.URI.create("http://127.0.0.1:9901/metrics"), c.jobs().get(2).metricsUrl());
        assertEquals(SourceKind.BRIDGE, c.jobs().get(1).kind());
        assertEquals(SourceKind.METRICS, c.jobs().get(2).kind());
        JobConfig chamber = c.jobs().get(3);
        assertEquals(2, chamber.charts().size());
        ChartConfig temps = chamber.charts().get(0);
        assertEquals("Chamber temperatures", temps.title());
        assertEquals("labbridge.chamber.temperature", temps.context());
        assertEquals(ChartType.LINE, temps.chartType());
        assertEquals(new LineConfig("T_top", "top", Algorithm.ABSOLUTE, 1, 100), temps.lines().get(0));
        assertEquals(new LineConfig("T_bottom", "bottom", Algorithm.ABSOLUTE, 1, 1000), temps.lines().get(1));
        assertEquals(ChartType.AREA, chamber.charts().get(1).chartType());
    }

    @Test
    void nonAsciiUnitsAndTitlesAreTakenWithAWarning() throws Exception {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        log.addAppender(logs);
        try {
            PluginConfig c = ConfigLoader.parse("jobs:\n  a:\n    pull: h:1\n    codenames: {t: {units: °C, title: ok}}\n",
                    null, 1);
            assertEquals("°C", c.jobs().get(0).codename("t").units());
            assertEquals(1, logs.list.size());
            assertTrue(logs.list.get(0).getFormattedMessage().startsWith(
                    "labbridge.conf:4:21: warning: jobs.a.codenames.t.units: '°C' is not ASCII"),
                    logs.list.get(0).getFormattedMessage());
        } finally {
            log.detachAppender(logs);
        }
    }

    @Test
    void autodetectionStaysOnBesideConfiguredJobsUnlessSwitchedOff() throws Exception {
        PluginConfig c = ConfigLoader.parse("jobs:\n  a:\n    pull: h:1\n", null, 1);
        assertTrue(c.autodetect());
        // the binder's defaults (PluginYaml) are the ones autodetected jobs get
        JobConfig a = c.jobs().get(0);
        assertEquals(List.of(ConfigLoader.DEFAULT_TIMEOUT, ConfigLoader.DEFAULT_RETRY, ConfigLoader.DEFAULT_DIVISOR,
                ConfigLoader.DEFAULT_UNITS, ConfigLoader.DEFAULT_AUTODETECT_RETRY),
                List.of(a.timeout(), a.retry(), a.divisor(), a.units(), c.autodetectRetry()));
        assertFalse(ConfigLoader.parse("autodetect: false\njobs:\n  a:\n    pull: h:1\n", null, 1).autodetect());
    }

    @Test
    void automaticChartsScaleThemselvesUnlessADivisorIsGiven() throws Exception {
        PluginConfig c = ConfigLoader.parse("""
                jobs:
                  a: {pull: 'h:1'}
                  b: {pull: 'h:1', divisor: 100}
                  c: {pull: 'h:1', divisor: auto, charts: {x: {lines: [[cn]]}}}
                """, null, 1);
        assertEquals(JobConfig.AUTO_SCALE, c.jobs().get(0).divisor());
        assertEquals(100, c.jobs().get(1).divisor());
        assertEquals(1000, c.jobs().get(2).charts().get(0).lines().get(0).divisor(),
                "explicit lines of an auto-scaled job keep 3 decimals");
    }

    @Test
    void aMetricsJobReadsHttpBesideItsSocket() throws Exception {
        PluginConfig c = ConfigLoader.parse("""
                jobs:
                  d: {metrics: '10.0.0.5:9900'}
                  e: {metrics: '127.0.0.1:9900', metrics_url: 'http://127.0.0.1:8080/prom'}
                  f: {metrics: '127.0.0.1:9900', metrics_url: none}
                  p: {pull: '127.0.0.1:9000'}
                """, null, 1);
        assertEquals(java.net.URI.create("http://10.0.0.5:9901/metrics"), c.jobs().get(0).metricsUrl());
        assertEquals(java.net.URI.create("http://127.0.0.1:8080/prom"), c.jobs().get(1).metricsUrl());
        assertNull(c.jobs().get(2).metricsUrl());
        assertNull(c.jobs().get(3).metricsUrl());
    }

    @Test
    void errorsNameFileLineColumnAndPath() {
        assertError("jobs:\n  a:\n    pull: nohost\n", "labbridge.conf:3:5: jobs.a.pull: nohost (expected: host:port, got 'nohost')");
        assertError("jobs:\n  a:\n    pull: h:99999\n",
                "labbridge.conf:3:5: jobs.a.pull: h:99999 (expected: host:port with a port in 1..65535, got 99999)");
        assertError("jobs:\n  a:\n    update_every: 2\n",
                "labbridge.conf:2:3: jobs.a: needs one of pull: HOST:PORT, bridge: HOST:PORT, metrics: HOST:PORT");
        assertError("jobs:\n  a:\n    pull: h:1\n    bridge: h:2\n", "labbridge.conf:2:3: jobs.a: give only one of pull, bridge, metrics");
        assertError("jobs:\n  a b:\n    pull: h:1\n", "labbridge.conf:2:3: jobs.a b: a job name may only contain");
        assertError("jobs:\n  a:\n    pull: h:1\n    timeout: -1\n", "labbridge.conf:4:5: jobs.a.timeout: -1 (expected: a duration");
        assertError("jobs:\n  a:\n    pull: h:1\n    timeout: 0s\n", "labbridge.conf:4:5: jobs.a.timeout: 0s (expected: 1..86400000 ms)");
        assertError("jobs:\n  a:\n    pull: h:1\n    divisor: 0\n",
                "labbridge.conf:4:5: jobs.a.divisor: 0 (expected: auto or a divisor from 1 to 1000000000)");
        assertError("update_every: 2\njobs:\n  a:\n    pull: h:1\n    update_every: 3\n",
                "labbridge.conf:5:5: jobs.a.update_every: must be a multiple of the plugin's update_every (2)");
        assertError("jobs:\n  a:\n    pull: h:1\n    order: [x]\n    charts:\n      y:\n        lines: [[c]]\n",
                "labbridge.conf:4:13: jobs.a.order[0]: no chart 'x' in charts");
        assertError("jobs:\n  a:\n    pull: h:1\n    order: [y, y]\n    charts:\n      y:\n        lines: [c]\n",
                "labbridge.conf:4:16: jobs.a.order[1]: 'y' is listed twice");
        assertError("jobs:\n  a:\n    pull: h:1\n    order: [y]\n", "labbridge.conf:4:5: jobs.a.order: given without charts");
        assertError("jobs:\n  a:\n    pull: h:1\n    charts:\n      y:\n        options: [n, t, u, f, c, pie]\n"
                + "        lines: [[c]]\n", "labbridge.conf:6:34: jobs.a.charts.y.options[5]: expected line, area or stacked, got 'pie'");
        assertError("jobs:\n  a:\n    pull: h:1\n    charts:\n      y:\n        lines: [[c, n, fancy]]\n",
                "labbridge.conf:6:17: jobs.a.charts.y.lines[0]: a list (expected: algorithm (element 2) absolute, "
                        + "incremental, percentage-of-absolute-row or percentage-of-incremental-row, got 'fancy')");
        assertError("jobs:\n  a:\n    pull: h:1\n    charts:\n      y: {}\n",
                "labbridge.conf:5:7: jobs.a.charts.y.lines: required: a codename or [codename, name, algorithm, "
                        + "multiplier, divisor], at least one");
        assertError("jobs: [a]\n", "labbridge.conf:1:1: jobs: a list (expected: a mapping");
        assertError("jobs:\n  a:\n    pull: h:1\n    codenames: {x: {divisor: -1}}\n",
                "labbridge.conf:4:21: jobs.a.codenames.x.divisor: -1 (expected: 1..1000000000)");
        assertError("jobs:\n  a:\n    pull: h:1\n    codenames: {x: {multiplier: 0}}\n",
                "labbridge.conf:4:21: jobs.a.codenames.x.multiplier: 0 (expected: a non-zero whole number)");
        assertError("jobs:\n  a:\n    pull: h:1\n    metrics_url: http://x/\n", "labbridge.conf:4:5: jobs.a.metrics_url: only for metrics jobs");
        assertError("jobs:\n  a:\n    metrics: h:1\n    metrics_url: ftp://x/\n",
                "labbridge.conf:4:5: jobs.a.metrics_url: ftp://x/ (expected: an http:// URL such as "
                        + "http://127.0.0.1:9901/metrics, or none)");
        assertError("a: [\n", "labbridge.conf:2:1: invalid YAML");
        assertError("jobs:\n  a:\n    pull: h:1\n  a:\n    pull: h:2\n", "labbridge.conf:4:3: jobs.a: duplicate key (first at line 2)");
        assertError("jobs:\n  a:\n    pull: h:1\n  A:\n    pull: h:2\n",
                "labbridge.conf:4:3: jobs.A: a job of that name exists already (names ignore case)");
    }

    @Test
    void anUnknownKeySuggestsTheKnownOne() {
        assertError("jobs:\n  a:\n    pull: h:1\n    timout: 1\n",
                "labbridge.conf:4:5: jobs.a.timout: unknown key, did you mean 'timeout'?");
        assertError("jobs:\n  a:\n    pull: h:1\n    codenames: {x: {unit: V}}\n",
                "labbridge.conf:4:21: jobs.a.codenames.x.unit: unknown key, did you mean 'units'?");
        assertError("autodetct: false\n", "labbridge.conf:1:1: autodetct: unknown key, did you mean 'autodetect'?");
    }

    @Test
    void aWrongTypeIsDescribedAsTheUserWritesIt() {
        assertError("jobs:\n  a:\n    bridge: [h, 1]\n", "labbridge.conf:3:5: jobs.a.bridge: a list (expected: host:port)");
        assertError("update_every: fast\n", "labbridge.conf:1:1: update_every: fast (expected: an integer)");
        assertError("autodetect: sometimes\n", "labbridge.conf:1:1: autodetect: sometimes (expected: true or false)");
        assertError("retry: soon\n", "labbridge.conf:1:1: retry: soon (expected: a duration like 250ms, 5s, 2m, 1h");
    }

    @Test
    void everyProblemOfTheFileComesInOnePassWithItsFileLineAndColumn(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("labbridge.conf"), """
                update_every: 2
                jobs:
                  furnace:
                    pull: 127.0.0.1:9000
                    update_every: 3
                  oven:
                    pull: 127.0.0.1:9001
                    metrics_url: http://127.0.0.1:9901/metrics
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, 1));
        assertEquals(List.of(file + ":5:5: jobs.furnace.update_every: must be a multiple of the plugin's update_every (2)",
                file + ":8:5: jobs.oven.metrics_url: only for metrics jobs"), e.located());
    }

    @Test
    void theLongestJobNameStillGivesValidChartsAndOneMoreIsAConfigError() {
        String longest = "j".repeat(JobConfig.MAX_NAME_CHARS);
        for (String charts : new String[] {"", "    charts:\n      c:\n        lines: [[x]]\n"}) {
            PluginConfig c = assertDoesNotThrow(() -> ConfigLoader.parse("jobs:\n  " + longest + ":\n    pull: h:1\n"
                    + charts, null, 1));
            // the job's charts (automatic, then explicit) can be declared: labbridge_<name> is still an id
            FakeSource source = new FakeSource();
            source.values = Map.of("x", 1);
            Collector collector = new Collector(1, new PluginsdWriter(NetdataVersion.BASELINE), job -> source,
                    Clock.systemUTC());
            collector.add(c.jobs().get(0));
            String out = assertDoesNotThrow(() -> collector.tick(1));
            assertTrue(out.contains("CHART labbridge_" + longest + "."), out);
            new PluginsdChecker().feed(out).assertValid();
            collector.close();
        }
        // 81..90 characters used to pass here and crash the plugin when the first chart was declared
        assertError("jobs:\n  " + longest + "k:\n    pull: h:1\n", "labbridge.conf:2:3: jobs." + longest + "k: a job name may only "
                + "contain letters, digits, _ and - and has at most 80 characters (its charts are labbridge_<name>.*), "
                + "got 81");
    }

    private static void assertError(String yaml, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, null, 1), yaml);
        assertTrue(e.located().stream().anyMatch(p -> p.startsWith(expected)), "expected '" + expected + "' in: "
                + e.located());
    }

    @Test
    void findsTheUserFileBeforeTheStockFile(@TempDir Path tmp) throws Exception {
        Path user = Files.createDirectories(tmp.resolve("user"));
        Path stock = Files.createDirectories(tmp.resolve("stock"));
        assertNull(ConfigLoader.find(user, stock));
        Files.writeString(stock.resolve("labbridge.conf"), "update_every: 2\n");
        assertEquals(stock.resolve("labbridge.conf"), ConfigLoader.find(user, stock));
        Files.writeString(user.resolve("labbridge.conf"), "update_every: 3\n");
        assertEquals(user.resolve("labbridge.conf"), ConfigLoader.find(user, stock));
        assertEquals(user.resolve("labbridge.conf"), ConfigLoader.find(null, user));
        PluginConfig c = ConfigLoader.load(user.resolve("labbridge.conf"), 1);
        assertEquals(3, c.updateEvery());
        assertEquals(5, ConfigLoader.load(user.resolve("labbridge.conf"), 5).updateEvery(),
                "never faster than Netdata asks");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(tmp.resolve("none"), 1));
        assertEquals(List.of(tmp.resolve("none") + ": cannot read: No such file or directory"), e.located());
    }
}
