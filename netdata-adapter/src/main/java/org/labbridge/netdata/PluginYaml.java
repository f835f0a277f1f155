package org.labbridge.netdata;

import org.labbridge.config.Default;
import org.labbridge.config.HostPort;
import org.labbridge.config.Nullable;
import org.labbridge.config.Range;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code labbridge.conf} as written, bound by the shared {@link org.labbridge.config.ConfigBinder} (so its
 * errors name {@code file:line:column} and the path, and unknown keys get a did-you-mean, as the daemon's
 * do). {@link ConfigLoader} checks what needs more than one value, then resolves it into a
 * {@link PluginConfig}. Job values left out are null and fall back to the top level's.
 *
 * @param updateEvery     seconds between collections; null = Netdata's
 * @param autodetect      whether to probe 127.0.0.1's default ports besides the configured jobs
 * @param autodetectRetry time between probes of ports where nothing answered
 * @param timeout         default per-request timeout of jobs
 * @param retry           default time between attempts while a source is unreachable
 * @param divisor         default precision of automatic charts
 * @param units           default units of automatic charts
 * @param jobs            the jobs by name
 */
record PluginYaml(@Nullable @Range(min = 1, max = 86_400) Integer updateEvery,
                  @Default("true") boolean autodetect,
                  @Default("60s") @Range(min = 1, max = 86_400_000) Duration autodetectRetry,
                  @Default("500ms") @Range(min = 1, max = 86_400_000) Duration timeout,
                  @Default("5s") @Range(min = 1, max = 86_400_000) Duration retry,
                  @Default("auto") Divisor divisor,
                  @Default("value") String units,
                  Map<String, JobYaml> jobs) {

    /**
     * One job: exactly one source, and values that override the top level's.
     *
     * @param order      chart ids in display order; empty = the order of {@code charts}
     * @param charts     explicit charts by id; empty = automatic charts
     * @param codenames  per-codename options of automatic charts
     * @param metricsUrl a metrics job's HTTP endpoint; null = the default one
     */
    record JobYaml(@Nullable HostPort pull, @Nullable HostPort bridge, @Nullable HostPort metrics,
                   @Nullable @Range(min = 1, max = 86_400) Integer updateEvery,
                   @Nullable @Range(min = 1, max = 86_400_000) Duration timeout,
                   @Nullable @Range(min = 1, max = 86_400_000) Duration retry,
                   @Nullable Divisor divisor, @Nullable String units,
                   List<String> order, Map<String, ChartYaml> charts, Map<String, CodenameYaml> codenames,
                   @Nullable MetricsUrl metricsUrl) {
        JobYaml {
            long sources = Stream.of(pull, bridge, metrics).filter(Objects::nonNull).count();
            if (sources != 1) {
                throw new IllegalArgumentException(sources == 0
                        ? "needs one of pull: HOST:PORT, bridge: HOST:PORT, metrics: HOST:PORT"
                        : "give only one of pull, bridge, metrics");
            }
        }

        SourceKind kind() {
            return pull != null ? SourceKind.PULL : bridge != null ? SourceKind.BRIDGE : SourceKind.METRICS;
        }

        HostPort address() {
            return pull != null ? pull : bridge != null ? bridge : metrics;
        }
    }

    /**
     * An explicit chart.
     *
     * @param options [name, title, units, family, context, charttype], each may be null for its default
     * @param lines   the dimensions
     */
    record ChartYaml(List<Object> options, List<LineYaml> lines) {
    }

    /** Per-codename options of automatic charts ({@link CodenameConfig}). */
    record CodenameYaml(@Nullable String units, @Nullable String title, @Nullable String family,
                        @Nullable Long multiplier, @Nullable @Range(min = 1, max = 1_000_000_000) Long divisor) {
    }
}
