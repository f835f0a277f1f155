package org.labbridge.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The binder serves the Netdata plugin's {@code labbridge.conf} as well as the daemon's file: jobs keyed by
 * name, exactly one source per job, job values that fall back to the top level's, positional chart lines,
 * and checks that need a value from outside the file (Netdata's {@code update_every}), all located.
 * These records are the shape {@code netdata-adapter}'s {@code ConfigLoader} would bind to.
 */
class PluginShapedConfigTest {

    record PluginYaml(@Nullable @Range(min = 1, max = 86_400) Integer updateEvery,
                      @Nullable Boolean autodetect,
                      @Default("60s") Duration autodetectRetry,
                      @Default("500ms") @Range(min = 1, max = 86_400_000) Duration timeout,
                      @Default("5s") Duration retry,
                      @Default("1000") @Range(min = 1, max = 1_000_000_000) long divisor,
                      @Default("value") String units,
                      Map<String, JobYaml> jobs) {
    }

    record JobYaml(@Nullable HostPort pull, @Nullable HostPort bridge, @Nullable HostPort metrics,
                   @Nullable @Range(min = 1, max = 86_400) Integer updateEvery,
                   @Nullable Duration timeout, @Nullable Duration retry,
                   @Nullable @Range(min = 1, max = 1_000_000_000) Long divisor, @Nullable String units,
                   List<String> order, Map<String, ChartYaml> charts) {
        JobYaml {
            long sources = java.util.stream.Stream.of(pull, bridge, metrics).filter(java.util.Objects::nonNull).count();
            if (sources != 1) {
                throw new IllegalArgumentException(sources == 0
                        ? "needs one of pull: HOST:PORT, bridge: HOST:PORT, metrics: HOST:PORT"
                        : "give only one of pull, bridge, metrics");
            }
        }

        /** The job's timeout, or the plugin's: cascading defaults are resolved after binding. */
        Duration timeoutOr(PluginYaml plugin) {
            return timeout == null ? plugin.timeout() : timeout;
        }
    }

    record ChartYaml(List<String> options, List<Line> lines) {
    }

    /** {@code temperature} or {@code [codename, name, algorithm, multiplier, divisor]}. */
    record Line(String codename, String name, String algorithm, long multiplier, Long divisor) {
        public static final String EXPECTED = "a codename or [codename, name, algorithm, multiplier, divisor]";

        public static Line fromYaml(Object node) {
            if (node instanceof String codename) {
                return new Line(codename, codename, "absolute", 1, null);
            }
            if (node instanceof List<?> l && !l.isEmpty() && l.size() <= 5 && l.get(0) instanceof String codename) {
                String name = l.size() > 1 && l.get(1) != null ? String.valueOf(l.get(1)) : codename;
                String algorithm = l.size() > 2 && l.get(2) != null ? String.valueOf(l.get(2)) : "absolute";
                if (!List.of("absolute", "incremental").contains(algorithm)) {
                    throw new IllegalArgumentException("expected: algorithm absolute or incremental, got " + algorithm);
                }
                long multiplier = l.size() > 3 && l.get(3) instanceof Integer m ? m : 1;
                Long divisor = l.size() > 4 && l.get(4) instanceof Integer d ? Long.valueOf(d) : null;
                return new Line(codename, name, algorithm, multiplier, divisor);
            }
            throw new IllegalArgumentException("expected: " + EXPECTED);
        }
    }

    private static final String CONF = """
            update_every: 2
            timeout: 250ms
            jobs:
              furnace:
                pull: lab-pc:9000
                update_every: 4
                charts:
                  temps:
                    options: [Temperatures, Temperatures, C]
                    lines:
                      - [temperature, temp, absolute, 1, 1000]
                      - pressure
              uplink:
                bridge: lab-pc:45454
                timeout: 2s
            """;

    @Test
    void bindsThePluginsShape() throws Exception {
        PluginYaml conf = ConfigBinder.loadString(CONF, PluginYaml.class, "labbridge.conf");
        assertEquals(2, conf.updateEvery());
        assertNull(conf.autodetect(), "absent: decided after binding (autodetect when there are no jobs)");
        JobYaml furnace = conf.jobs().get("furnace");
        assertEquals(new HostPort("lab-pc", 9000), furnace.pull());
        assertEquals(Duration.ofMillis(250), furnace.timeoutOr(conf), "inherited from the top level");
        assertEquals(Duration.ofSeconds(2), conf.jobs().get("uplink").timeoutOr(conf));
        assertEquals(List.of(new Line("temperature", "temp", "absolute", 1, 1000L),
                new Line("pressure", "pressure", "absolute", 1, null)), furnace.charts().get("temps").lines());
    }

    @Test
    void itsErrorsAreLocatedLikeTheDaemons() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigBinder.loadString("""
                jobs:
                  furnace:
                    pull: lab-pc:9000
                    bridge: lab-pc:45454
                  oven:
                    pul: lab-pc:9001
                    charts:
                      t: {lines: [[t, t, sometimes]]}
                """, PluginYaml.class, "labbridge.conf"));
        assertEquals(List.of("labbridge.conf:2:3: jobs.furnace: give only one of pull, bridge, metrics",
                "labbridge.conf:6:5: jobs.oven.pul: unknown key, did you mean 'pull'? (expected one of: pull, bridge,"
                        + " metrics, update_every, timeout, retry, divisor, units, order, charts)",
                "labbridge.conf:8:19: jobs.oven.charts.t.lines[0]: a list (expected: algorithm absolute or incremental,"
                        + " got sometimes)"), e.located());
    }

    @Test
    void checksThatNeedNetdatasValuesAreLocatedToo() throws Exception {
        ConfigDocument<PluginYaml> doc = ConfigBinder.readString(CONF, PluginYaml.class, "labbridge.conf");
        int netdataUpdateEvery = 3;
        assertEquals("labbridge.conf:6:5: jobs.furnace.update_every: must be a multiple of the plugin's update_every (3)",
                doc.problem("jobs.furnace.update_every", "must be a multiple of the plugin's update_every ("
                        + netdataUpdateEvery + ")").located());
    }
}
