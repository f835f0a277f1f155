package org.labbridge.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which codenames carry the cumulative marker {@code |statistic=...}: counts and totals, never gauges or maxima. */
class MeterCodenamesTest {

    @Test
    void onlyCountsAndTotalsAreMarkedCumulative() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Counter.builder("labbridge.udp.requests").tags("socket", "pull", "command", "json_wn").register(registry)
                .increment(3);
        Counter.builder("labbridge.route.failures").register(registry).increment();
        AtomicLong polls = new AtomicLong(7);
        FunctionCounter.builder("polls", polls, AtomicLong::get).register(registry);
        // gauges whose names end in .count, like Micrometer's JVM binders' system.cpu.count and jvm.buffer.count
        Gauge.builder("system.cpu.count", () -> 2).register(registry);
        Gauge.builder("jvm.buffer.count", () -> 5).tag("id", "direct").register(registry);
        Timer.builder("labbridge.poll").tag("job", "a").register(registry).record(Duration.ofMillis(1500));
        DistributionSummary.builder("labbridge.size").register(registry).record(10);

        Map<String, Double> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("labbridge.udp.requests|command=json_wn|socket=pull|statistic=count", 3.0),
                Map.entry("labbridge.route.failures|statistic=count", 1.0),
                Map.entry("polls|statistic=count", 7.0),
                Map.entry("system.cpu.count", 2.0),
                Map.entry("jvm.buffer.count|id=direct", 5.0),
                Map.entry("labbridge.poll.count|job=a|statistic=count", 1.0),
                Map.entry("labbridge.poll.total_time|job=a|statistic=total_time", 1.5),
                Map.entry("labbridge.poll.max|job=a", 1.5),
                Map.entry("labbridge.size.count|statistic=count", 1.0),
                Map.entry("labbridge.size.total|statistic=total", 10.0),
                Map.entry("labbridge.size.max", 10.0)));
        assertEquals(expected, MeterCodenames.snapshot(registry));
    }

    @Test
    void aRealTagCalledStatisticCannotPassForTheMarker() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Gauge.builder("g", () -> 1).tag("statistic", "count").register(registry);
        Counter.builder("c").tag("statistic", "total").register(registry);
        assertEquals(Map.of("g|_statistic=count", 1.0, "c|_statistic=total|statistic=count", 0.0),
                MeterCodenames.snapshot(registry));
    }

    @Test
    void forbiddenCharactersAndTheSeparatorBecomeUnderscores() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Counter.builder("a#b,c").tag("k;|", "v:&|x").register(registry);
        assertEquals(Map.of("a_b_c|k__=v___x|statistic=count", 0.0), MeterCodenames.snapshot(registry));
    }
}
