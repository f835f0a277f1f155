package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.plugind.PluginsdChecker;
import org.labbridge.codec.plugind.Algorithm;
import org.labbridge.codec.plugind.ChartType;
import org.labbridge.codec.plugind.NetdataVersion;
import org.labbridge.codec.plugind.PluginsdWriter;

class CollectorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T01:00:00Z"), ZoneOffset.UTC);

    private final FakeSource source = new FakeSource();
    private final PluginsdChecker checker = new PluginsdChecker();
    private final Collector collector = new Collector(1, new PluginsdWriter(NetdataVersion.BASELINE),
            cfg -> source, CLOCK);

    static JobConfig job(String name, SourceKind kind, List<ChartConfig> charts) {
        return new JobConfig(name, kind, new HostPort("127.0.0.1", 9000), 1, Duration.ofMillis(500),
                Duration.ofSeconds(5), 1000, "value", charts);
    }

    private String tick(long micros) {
        String out = collector.tick(micros);
        checker.feed(out);
        return out;
    }

    @SafeVarargs
    private static Map<String, Object> values(Map.Entry<String, Object>... entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    @Test
    void goldenAutomaticCharts() {
        collector.add(job("lab", SourceKind.PULL, List.of()));
        source.values = values(Map.entry("temperature", List.of(1.0, 21.5)), Map.entry("pressure", "OLD_DATA"),
                Map.entry("count", List.of(1.0, 47)), Map.entry("flag", List.of(1.0, true)),
                Map.entry("label", List.of(1.0, "hello")));
        assertEquals("""
                CHART labbridge_lab.temperature '' 'temperature (lab)' 'value' 'lab' 'labbridge.lab' line 90000 1 '' 'labbridge.plugin' 'pull'
                DIMENSION temperature 'temperature' absolute 1 1000 ''
                CHART labbridge_lab.count '' 'count (lab)' 'value' 'lab' 'labbridge.lab' line 90001 1 '' 'labbridge.plugin' 'pull'
                DIMENSION count 'count' absolute 1 1000 ''
                CHART labbridge_lab.flag '' 'flag (lab)' 'value' 'lab' 'labbridge.lab' line 90002 1 '' 'labbridge.plugin' 'pull'
                DIMENSION flag 'flag' absolute 1 1000 ''
                BEGIN labbridge_lab.temperature
                SET temperature = 21500
                END
                BEGIN labbridge_lab.count
                SET count = 47000
                END
                BEGIN labbridge_lab.flag
                SET flag = 1000
                END
                """, tick(1_000_000));
        // pressure becomes numeric: its chart is declared then; OLD_DATA is a gap; booleans are 0/1
        source.values = values(Map.entry("temperature", "OLD_DATA"), Map.entry("pressure", List.of(2.0, 1.5e-3)),
                Map.entry("count", List.of(2.0, 48)), Map.entry("flag", List.of(2.0, false)));
        assertEquals("""
                CHART labbridge_lab.pressure '' 'pressure (lab)' 'value' 'lab' 'labbridge.lab' line 90003 1 '' 'labbridge.plugin' 'pull'
                DIMENSION pressure 'pressure' absolute 1 1000 ''
                BEGIN labbridge_lab.temperature 1000000
                SET temperature =\s
                END
                BEGIN labbridge_lab.count 1000000
                SET count = 48000
                END
                BEGIN labbridge_lab.flag 1000000
                SET flag = 0
                END
                BEGIN labbridge_lab.pressure
                SET pressure = 2
                END
                """, tick(2_000_000));
        // unreachable: gaps everywhere, nothing re-declared, plugin keeps going
        source.failure = new IOException("port unreachable");
        assertEquals("""
                BEGIN labbridge_lab.temperature 1000500
                SET temperature =\s
                END
                BEGIN labbridge_lab.count 1000500
                SET count =\s
                END
                BEGIN labbridge_lab.flag 1000500
                SET flag =\s
                END
                BEGIN labbridge_lab.pressure 1000500
                SET pressure =\s
                END
                """, tick(3_000_500));
        JobStatus s = collector.statuses().get(0);
        assertEquals("down", s.state());
        assertEquals("port unreachable", s.lastError());
        assertEquals(4, s.codenames());
        checker.assertValid();
    }

    @Test
    void aCodenameMissingFromALaterReplyIsAGapAndANewOneIsChartedAmongTheOthers() {
        collector.add(job("lab", SourceKind.PULL, List.of()));
        source.values = values(Map.entry("a", List.of(1.0, 1.0)), Map.entry("b", List.of(1.0, 2.0)));
        tick(1_000_000);
        // b is missing, c is new and comes first in the reply, a keeps its value
        source.values = values(Map.entry("c", List.of(2.0, 3.0)), Map.entry("a", List.of(2.0, 4.0)));
        assertEquals("""
                CHART labbridge_lab.c '' 'c (lab)' 'value' 'lab' 'labbridge.lab' line 90002 1 '' 'labbridge.plugin' 'pull'
                DIMENSION c 'c' absolute 1 1000 ''
                BEGIN labbridge_lab.a 1000000
                SET a = 4000
                END
                BEGIN labbridge_lab.b 1000000
                SET b =\s
                END
                BEGIN labbridge_lab.c
                SET c = 3000
                END
                """, tick(2_000_000));
        // and the next tick, with every codename, has no leftover of the one before
        source.values = values(Map.entry("b", List.of(3.0, 5.0)), Map.entry("c", List.of(3.0, 6.0)));
        assertEquals("""
                BEGIN labbridge_lab.a 1000000
                SET a =\s
                END
                BEGIN labbridge_lab.b 1000000
                SET b = 5000
                END
                BEGIN labbridge_lab.c 1000000
                SET c = 6000
                END
                """, tick(3_000_000));
        checker.assertValid();
    }

    @Test
    void aSourceThatNeverAnsweredIsRetriedAfter1sDoublingUpToItsRetryThenEveryRetryInterval() {
        collector.add(job("lab", SourceKind.PULL, List.of()));
        source.failure = new IOException("timeout");
        for (int s = 1; s <= 13; s++) {
            tick(s * 1_000_000L);
        }
        // tries at 1 s, then 1, 2, 4 s later, then every retry (5 s): 1, 2, 4, 8, 13
        assertEquals(5, source.polls.get());
        source.failure = null;
        source.values = values(Map.entry("x", List.of(1.0, 2.0)));
        tick(18_000_000);
        assertEquals(6, source.polls.get());
        assertEquals("ok", collector.statuses().get(0).state());
        tick(19_000_000);
        assertEquals(7, source.polls.get(), "an answering source is polled every tick");
        source.failure = new IOException("timeout");
        tick(20_000_000);
        tick(21_000_000);
        tick(24_999_999);
        assertEquals(8, source.polls.get(), "once it has answered, a source that went down is retried every retry");
        tick(25_000_000);
        assertEquals(9, source.polls.get());
        checker.assertValid();
    }

    @Test
    void goldenExplicitCharts() {
        collector.add(job("oven", SourceKind.PULL, List.of(new ChartConfig("temps", "", "Oven temperatures", "°C",
                "heat", "labbridge.oven.temp", ChartType.AREA, List.of(
                        new LineConfig("T top", "top", Algorithm.ABSOLUTE, 1, 100),
                        new LineConfig("T_top", "T_top", Algorithm.INCREMENTAL, 2, 1000))))));
        source.failure = new IOException("not yet");
        assertEquals("""
                CHART labbridge_oven.temps '' 'Oven temperatures' '°C' 'heat' 'labbridge.oven.temp' area 90000 1 '' 'labbridge.plugin' 'pull'
                DIMENSION T_top 'top' absolute 1 100 ''
                DIMENSION T_top_2 'T_top' incremental 2 1000 ''
                BEGIN labbridge_oven.temps
                SET T_top =\s
                SET T_top_2 =\s
                END
                """, tick(1_000_000));
        source.failure = null;
        source.values = values(Map.entry("T top", List.of(1.0, 200.126)), Map.entry("T_top", List.of(1.0, 3)),
                Map.entry("ignored", List.of(1.0, 1)));
        assertEquals("""
                BEGIN labbridge_oven.temps 5000000
                SET T_top = 20013
                SET T_top_2 = 3000
                END
                """, tick(6_000_000));
        checker.assertValid();
    }

    private static JobConfig scaled(String name, Map<String, CodenameConfig> codenames) {
        return new JobConfig(name, SourceKind.PULL, new HostPort("127.0.0.1", 9000), 1, Duration.ofMillis(500),
                Duration.ofSeconds(5), JobConfig.AUTO_SCALE, "value", List.of(), codenames, null);
    }

    @Test
    void valuesOfAnyMagnitudeAreChartedWithTheirScaleInTheUnits() {
        collector.add(scaled("vac", Map.of(
                "p_main", new CodenameConfig("mbar", "Main chamber pressure", "pressure", 0, 0),
                "f", new CodenameConfig("Hz", null, null, 0, 0))));
        source.values = values(Map.entry("p_main", List.of(1.0, 1.2345e-6)), Map.entry("f", List.of(1.0, 7.5e11)),
                Map.entry("i", List.of(1.0, 3.3e-9)), Map.entry("zero", List.of(1.0, 0)));
        assertEquals("""
                CHART labbridge_vac.p_main '' 'Main chamber pressure' 'umbar' 'pressure' 'labbridge.vac' line 90000 1 '' 'labbridge.plugin' 'pull'
                DIMENSION p_main 'p_main' absolute 1 1000000 ''
                CHART labbridge_vac.f '' 'f (vac)' 'GHz' 'vac' 'labbridge.vac' line 90001 1 '' 'labbridge.plugin' 'pull'
                DIMENSION f 'f' absolute 1 1000000 ''
                CHART labbridge_vac.i '' 'i (vac)' 'x1e-9 value' 'vac' 'labbridge.vac' line 90002 1 '' 'labbridge.plugin' 'pull'
                DIMENSION i 'i' absolute 1 1000000 ''
                CHART labbridge_vac.zero '' 'zero (vac)' 'value' 'vac' 'labbridge.vac' line 90003 1 '' 'labbridge.plugin' 'pull'
                DIMENSION zero 'zero' absolute 1 1000000 ''
                BEGIN labbridge_vac.p_main
                SET p_main = 1234500
                END
                BEGIN labbridge_vac.f
                SET f = 750000000
                END
                BEGIN labbridge_vac.i
                SET i = 3300000
                END
                BEGIN labbridge_vac.zero
                SET zero = 0
                END
                """, tick(1_000_000));
        checker.assertValid();
    }

    @Test
    void theScaleMovesOnlyWhenTheValueLeaves1To1e6OfIt() {
        collector.add(scaled("vac", Map.of("p", new CodenameConfig("mbar", null, null, 0, 0))));
        source.values = values(Map.entry("p", 1.5e-6));
        assertTrue(tick(1_000_000).contains("'umbar'"));
        for (double v : new double[] {2e-4, 2e-3, 0.9, 1e-6}) { // up to 999999 umbar: no re-declaration
            source.values = values(Map.entry("p", v));
            String out = tick(2_000_000);
            assertFalse(out.contains("CHART"), v + ": " + out);
        }
        source.values = values(Map.entry("p", 1.5));
        assertEquals("""
                CHART labbridge_vac.p '' 'p (vac)' 'mbar' 'vac' 'labbridge.vac' line 90000 1 '' 'labbridge.plugin' 'pull'
                DIMENSION p 'p' absolute 1 1000000 ''
                BEGIN labbridge_vac.p 1000000
                SET p = 1500000
                END
                """, tick(3_000_000));
        source.values = values(Map.entry("p", 0.5)); // below 1 mbar: digits would go, so it moves down at once
        String down = tick(4_000_000);
        assertTrue(down.contains("'mmbar'") && down.contains("SET p = 500000000\n"), down);
        source.values = values(Map.entry("p", 0.9)); // and stays there
        assertFalse(tick(5_000_000).contains("CHART"));
        checker.assertValid();
    }

    @Test
    void aConfiguredDivisorOrMultiplierFixesTheScaleAndLostDigitsAreLoggedOnce() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(JobCharts.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        log.addAppender(logs);
        try {
            collector.add(scaled("vac", Map.of("coarse", new CodenameConfig(null, null, null, 0, 1000),
                    "milli", new CodenameConfig("mA", null, null, 1000, 0))));
            source.values = values(Map.entry("coarse", 1.5e-6), Map.entry("milli", 0.0125));
            String out = tick(1_000_000);
            assertTrue(out.contains("DIMENSION coarse 'coarse' absolute 1 1000 ''\n"), out);
            assertTrue(out.contains("'coarse (vac)' 'value' "), out);
            assertTrue(out.contains("SET coarse = 0\n"), out);
            assertTrue(out.contains("'milli (vac)' 'mA' ") && out.contains("DIMENSION milli 'milli' absolute 1000 1000 ''")
                    && out.contains("SET milli = 13\n"), out);
            tick(2_000_000);
            List<String> warnings = logs.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .toList();
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("coarse = 1.5E-6 is charted as 0 value")
                    && warnings.get(0).contains("divisor 1000 is too small"), warnings.get(0));
            assertTrue(warnings.get(1).contains("milli = 0.0125 is charted as 13 mA"), warnings.get(1));
        } finally {
            log.detachAppender(logs);
        }
        checker.assertValid();
    }

    @Test
    void prometheusNamesFromTheHttpEndpointGetUnitsAndFamiliesToo() {
        collector.add(new JobConfig("daemon", SourceKind.METRICS, new HostPort("127.0.0.1", 9900), 1,
                Duration.ofMillis(500), Duration.ofSeconds(5), JobConfig.AUTO_SCALE, "value", List.of()));
        source.values = values(Map.entry("labbridge_udp_requests_total|socket=pull|statistic=count", 10.0),
                Map.entry("jvm_memory_used_bytes|area=heap", 1.5e7),
                Map.entry("labbridge_bridge_connections|role=server", 3.0),
                Map.entry("process_uptime_seconds", 12.5),
                Map.entry("jvm_gc_pause_seconds_count|action=minor|statistic=count", 4.0),
                Map.entry("jvm_gc_pause_seconds_sum|action=minor|statistic=total", 0.02));
        String out = tick(1_000_000);
        for (String line : List.of(
                "CHART labbridge.daemon_udp_requests_total '' 'labbridge_udp_requests_total rate (daemon)' 'messages/s' 'udp' 'labbridge.udp_requests_total'",
                "DIMENSION socket_pull 'socket=pull' incremental 1 1000 ''",
                "CHART labbridge.daemon_jvm_memory_used_bytes '' 'jvm_memory_used_bytes (daemon)' 'MB' 'jvm'",
                "CHART labbridge.daemon_bridge_connections '' 'labbridge_bridge_connections (daemon)' 'connections' 'bridge'",
                "CHART labbridge.daemon_process_uptime_seconds '' 'process_uptime_seconds (daemon)' 'seconds' 'process'",
                "CHART labbridge.daemon_jvm_gc_pause_seconds_count '' 'jvm_gc_pause_seconds_count rate (daemon)' 'events/s'",
                "CHART labbridge.daemon_jvm_gc_pause_seconds_sum '' 'jvm_gc_pause_seconds_sum rate (daemon)' 'seconds/s'")) {
            assertTrue(out.contains(line), line + "\n" + out);
        }
        checker.assertValid();
    }

    @Test
    void goldenMetricsCharts() {
        collector.add(new JobConfig("daemon", SourceKind.METRICS, new HostPort("127.0.0.1", 9900), 1,
                Duration.ofMillis(500), Duration.ofSeconds(5), JobConfig.AUTO_SCALE, "value", List.of()));
        source.values = values(Map.entry("labbridge.udp.requests|socket=pull|command=json_wn|statistic=count",
                List.of(1.0, 10)));
        assertEquals("""
                CHART labbridge.daemon_udp_requests '' 'labbridge.udp.requests rate (daemon)' 'messages/s' 'udp' 'labbridge.udp.requests' line 90000 1 '' 'labbridge.plugin' 'metrics'
                DIMENSION socket_pull_command_json_wn 'socket=pull command=json_wn' incremental 1 1000 ''
                BEGIN labbridge.daemon_udp_requests
                SET socket_pull_command_json_wn = 10000
                END
                """, tick(1_000_000));
        // a new tag set later: the CHART is sent again before the new DIMENSION
        source.values = values(
                Map.entry("labbridge.udp.requests|socket=pull|command=json_wn|statistic=count", List.of(2.0, 11)),
                Map.entry("labbridge.udp.requests|socket=push|command=json_wn|statistic=count", List.of(2.0, 1)),
                Map.entry("jvm.memory.used", List.of(2.0, 1024)));
        assertEquals("""
                CHART labbridge.daemon_udp_requests '' 'labbridge.udp.requests rate (daemon)' 'messages/s' 'udp' 'labbridge.udp.requests' line 90000 1 '' 'labbridge.plugin' 'metrics'
                DIMENSION socket_pull_command_json_wn 'socket=pull command=json_wn' incremental 1 1000 ''
                DIMENSION socket_push_command_json_wn 'socket=push command=json_wn' incremental 1 1000 ''
                CHART labbridge.daemon_jvm_memory_used '' 'jvm.memory.used (daemon)' 'kB' 'jvm' 'labbridge.jvm.memory.used' line 90001 1 '' 'labbridge.plugin' 'metrics'
                DIMENSION value 'value' absolute 1 1000000 ''
                BEGIN labbridge.daemon_udp_requests 1000000
                SET socket_pull_command_json_wn = 11000
                SET socket_push_command_json_wn = 1000
                END
                BEGIN labbridge.daemon_jvm_memory_used
                SET value = 1024000
                END
                """, tick(2_000_000));
        checker.assertValid();
    }

    @Test
    void countsAndTotalsAreIncrementalGaugesAndMaximaAbsolute() {
        collector.add(job("d", SourceKind.METRICS, List.of()));
        source.values = values(
                Map.entry("labbridge.route.failures|statistic=count", List.of(1.0, 4)),
                Map.entry("system.cpu.count", List.of(1.0, 2)),
                Map.entry("jvm.buffer.count|id=direct", List.of(1.0, 5)),
                Map.entry("labbridge.poll.count|job=a|statistic=count", List.of(1.0, 3)),
                Map.entry("labbridge.poll.total_time|job=a|statistic=total_time", List.of(1.0, 0.25)),
                Map.entry("labbridge.poll.max|job=a", List.of(1.0, 0.125)),
                Map.entry("labbridge.size.total|statistic=total", List.of(1.0, 100)),
                // a meter name used by a counter and a gauge: a rate chart and a value chart, never one mixed chart
                Map.entry("mixed|k=a|statistic=count", List.of(1.0, 1)),
                Map.entry("mixed|k=b", List.of(1.0, 1)),
                // only the daemon's markers of counts and totals, and only as the last segment, mean cumulative
                Map.entry("odd|statistic=value", List.of(1.0, 1)),
                Map.entry("odd2|statistic=count|k=v", List.of(1.0, 1)));
        String out = tick(1_000_000);
        checker.assertValid();
        for (String line : List.of(
                "CHART labbridge.d_route_failures '' 'labbridge.route.failures rate (d)' 'errors/s' 'route'",
                "CHART labbridge.d_system_cpu_count '' 'system.cpu.count (d)' 'count' 'system'",
                "CHART labbridge.d_jvm_buffer_count '' 'jvm.buffer.count (d)' 'count' 'jvm'",
                "DIMENSION id_direct 'id=direct' absolute 1 1000 ''",
                "CHART labbridge.d_poll_count '' 'labbridge.poll.count rate (d)' 'events/s'",
                "CHART labbridge.d_poll_total_time '' 'labbridge.poll.total_time rate (d)' 'seconds/s'",
                "CHART labbridge.d_poll_max '' 'labbridge.poll.max (d)' 'value'",
                "CHART labbridge.d_size_total '' 'labbridge.size.total rate (d)' 'bytes/s'",
                "CHART labbridge.d_mixed '' 'mixed rate (d)' 'value/s' 'mixed' 'labbridge.mixed' line",
                "DIMENSION k_a 'k=a' incremental 1 1000 ''",
                "CHART labbridge.d_mixed_2 '' 'mixed (d)' 'value' 'mixed' 'labbridge.mixed' line",
                "DIMENSION k_b 'k=b' absolute 1 1000 ''",
                "DIMENSION statistic_value 'statistic=value' absolute 1 1000 ''",
                "DIMENSION statistic_count_k_v 'statistic=count k=v' absolute 1 1000 ''")) {
            assertTrue(out.contains(line), line + "\n" + out);
        }
        for (String chart : List.of("system_cpu_count", "jvm_buffer_count", "poll_max")) {
            String block = out.substring(out.indexOf("CHART labbridge.d_" + chart + " "));
            block = block.substring(0, block.indexOf("\nCHART ") < 0 ? block.indexOf("\nBEGIN ") : block.indexOf("\nCHART "));
            assertTrue(block.contains(" absolute ") && !block.contains(" incremental "), block);
        }
        for (String chart : List.of("route_failures", "poll_count", "poll_total_time", "size_total")) {
            String block = out.substring(out.indexOf("CHART labbridge.d_" + chart + " "));
            block = block.substring(0, block.indexOf("\nCHART ") < 0 ? block.indexOf("\nBEGIN ") : block.indexOf("\nCHART "));
            assertTrue(block.contains(" incremental ") && !block.contains(" absolute "), block);
            assertTrue(block.contains("'job=a'") || block.contains("'value'"), "the marker is not in the dimension: " + block);
        }
    }

    @Test
    void hostileCodenamesKeepEveryRule() {
        collector.add(job("lab", SourceKind.PULL, List.of()));
        collector.add(job("m", SourceKind.METRICS, List.of()));
        String[] hostile = {"it's", "say \"hi\"", "a=b", "a.b.c", "back\\slash", "new\nline", "tab\there",
            "température °C", "温度", "a b", "a_b", "a-b", "", " ", "'", "\"", "=", "\\", "SET x = 1",
            "END", "x".repeat(500), "x".repeat(500) + "y", "emoji \ud83d\ude00", "cr\rlf\r\n",
            "labbridge.udp.requests|socket=a b|x='y'", "|||", "a|b=c=d", "|statistic=count", "statistic=total",
            "a|statistic=total_time", "a|b|statistic=count", "|statistic=count|", "b|statistic=count|statistic=count"};
        Map<String, Object> v = new LinkedHashMap<>();
        long i = 0;
        for (String cn : hostile) {
            v.put(cn, List.of(1.0, i++ % 2 == 0 ? (Object) (i * 1.25) : (Object) i));
        }
        v.put("huge", List.of(1.0, 1e300));
        v.put("nan", List.of(1.0, Double.NaN));
        v.put("big", List.of(1.0, new java.math.BigInteger("123456789012345678901234567890")));
        v.put("short", List.of(1.0));
        v.put("scalar", 5);
        source.values = v;
        String out = tick(1_000_000) + tick(2_000_000);
        checker.assertValid();
        // every hostile codename got its own chart and dimension: nothing merged, nothing lost
        Set<String> labCharts = checker.charts().stream().filter(c -> c.startsWith("labbridge_lab."))
                .collect(Collectors.toSet());
        assertEquals(hostile.length + 4, labCharts.size(), out);
        assertTrue(out.contains("SET huge = \n"), "out of int64 range is a gap");
        assertTrue(out.contains("SET scalar = 5000\n"));
        assertFalse(out.contains("short"), "a point without y is never charted");
    }

    @Test
    void jobsWithALongerUpdateEveryAreCollectedLessOften() {
        Collector c = new Collector(1, new PluginsdWriter(NetdataVersion.BASELINE), cfg -> source, CLOCK);
        c.add(new JobConfig("slow", SourceKind.PULL, new HostPort("h", 1), 3, Duration.ofMillis(100),
                Duration.ofSeconds(1), 10, "u", List.of()));
        source.values = values(Map.entry("x", List.of(1.0, 2.0)));
        String out = "";
        for (int t = 1; t <= 7; t++) {
            out += c.tick(t * 1_000_000L);
        }
        checker.feed(out).assertValid();
        assertEquals(3, source.polls.get());
        assertTrue(out.contains("line 90000 3 ''"), out);
        assertTrue(out.contains("BEGIN labbridge_slow.x 3000000\n"), out);
    }

    @Test
    void sourcesThatDoNotAnswerCannotHoldUpTheOthers() throws Exception {
        Map<String, FakeSource> sources = new java.util.concurrent.ConcurrentHashMap<>();
        Collector c = new Collector(1, new PluginsdWriter(NetdataVersion.BASELINE),
                cfg -> sources.computeIfAbsent(cfg.name(), n -> new FakeSource()), CLOCK);
        CountDownLatch hung = new CountDownLatch(1);
        List<String> silent = List.of("s1", "s2", "s3", "s4", "s5", "s6");
        try {
            for (String name : silent) {
                // explicit charts are declared at once, so their gaps show
                c.add(job(name, SourceKind.PULL, List.of(new ChartConfig("c", "", "t", "u", "f", "x", ChartType.LINE,
                        List.of(new LineConfig("v", "v", Algorithm.ABSOLUTE, 1, 1000))))));
                sources.get(name).gate = hung;
            }
            c.add(job("ok", SourceKind.PULL, List.of()));
            sources.get("ok").values = values(Map.entry("v", List.of(1.0, 21.5)));
            // polled one after the other, the first tick would never end while the silent sources hang
            String first = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> c.tick(1_000_000));
            String second = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> c.tick(2_000_000));
            for (String out : List.of(first, second)) {
                assertTrue(out.contains("BEGIN labbridge_ok.v") && out.contains("SET v = 21500\n"), out);
                for (String name : silent) {
                    assertTrue(out.contains("BEGIN labbridge_" + name + ".c") && out.contains("SET v =\s\n"), out);
                }
            }
            for (String name : silent) {
                assertEquals(1, sources.get(name).polls.get(), name + ": never a second poll while one is in flight");
            }
            assertEquals(2, sources.get("ok").polls.get());

            // the silent sources answer at last: the next tick has their values
            silent.forEach(name -> sources.get(name).values = values(Map.entry("v", List.of(1.0, 2))));
            hung.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sources.values().stream().anyMatch(f -> f.inPoll.get() > 0)) {
                assertTrue(System.nanoTime() < deadline, "the released polls did not end");
                Thread.sleep(10); // polling with a deadline
            }
            String third = c.tick(3_000_000);
            assertEquals(silent.size() + 1, third.split("SET v = 2", -1).length - 1, third);
            new PluginsdChecker().feed(first + second + third).assertValid();
        } finally {
            c.close();
        }
    }

    @Test
    void unreachablePullSocketsDoNotDelayAnAnsweringOne() throws Exception {
        List<DatagramSocket> silent = new ArrayList<>();
        try (FakePullSocket healthy = new FakePullSocket("healthy", 0)) {
            healthy.set("t", 21.5);
            Collector c = new Collector(1, new PluginsdWriter(NetdataVersion.BASELINE),
                    cfg -> new PullSource(cfg.address(), cfg.timeout()), CLOCK);
            try {
                for (int i = 0; i < 3; i++) {
                    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress()); // never answers
                    silent.add(s);
                    c.add(new JobConfig("silent" + i, SourceKind.PULL, new HostPort("127.0.0.1", s.getLocalPort()), 1,
                            Duration.ofSeconds(5), Duration.ofSeconds(5), 1000, "u", List.of()));
                }
                c.add(new JobConfig("ok", SourceKind.PULL, new HostPort("127.0.0.1", healthy.port()), 1,
                        Duration.ofSeconds(5), Duration.ofSeconds(5), 1000, "u", List.of()));
                // one after the other: 3 x 5 s; concurrently: within the poll deadline (0.75 s at update_every 1)
                String out = assertTimeoutPreemptively(Duration.ofSeconds(4), () -> c.tick(1_000_000));
                assertTrue(out.contains("SET t = 21500\n"), out);
            } finally {
                c.close(); // closing the sources ends their polls
            }
        } finally {
            silent.forEach(DatagramSocket::close);
        }
    }
}
