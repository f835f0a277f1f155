package org.labbridge.netdata;

import java.util.List;
import org.labbridge.codec.plugind.Algorithm;
import org.labbridge.codec.plugind.ChartDefinition;
import org.labbridge.codec.plugind.ChartType;
import org.labbridge.codec.plugind.PluginsdText;

/**
 * The daemon's meters: codenames are {@code <meter>} or {@code <meter>|<tag>=<value>|...}, cumulative
 * measurements (counters, the count and totals of timers and summaries) ending in the pseudo-tag
 * {@code |statistic=count}, {@code |statistic=total} or {@code |statistic=total_time}; one chart per meter
 * ({@code labbridge.<job>_<meter>}, context {@code labbridge.<meter>}, family = the meter's component such as
 * {@code udp}), one dimension per tag set. Cumulative measurements are charted {@code incremental} (Netdata
 * shows their rate per second, units {@code <units>/s}) and the marker is not part of the dimension; every
 * other measurement (gauges, maxima) is {@code absolute} and picks its chart's decade scale. Units come from the
 * meter's base unit ({@link MeterUnits}: bytes, seconds, messages, connections), else the job's {@code units}.
 * Prometheus names ({@code labbridge_udp_requests_total}) are charted the same way, family split at {@code _}.
 */
final class MetricsLayout implements ChartLayout {
    private static final String PREFIX = "labbridge.";
    /** The same prefix in Prometheus names (the daemon's HTTP /metrics). */
    private static final String PROMETHEUS_PREFIX = "labbridge_";
    /** The daemon's marker of cumulative measurements (MeterCodenames in bridge-server), a trailing segment. */
    private static final java.util.Set<String> CUMULATIVE_MARKERS =
            java.util.Set.of("statistic=count", "statistic=total", "statistic=total_time");
    private final JobConfig job;
    private final int priorityBase;
    /** Priority per meter, so that a meter's later tag sets do not use up priorities. */
    private final java.util.Map<String, Integer> priorities = new java.util.HashMap<>();

    MetricsLayout(JobConfig job, int priorityBase) {
        this.job = job;
        this.priorityBase = priorityBase;
    }

    @Override
    public List<Placement> initial() {
        return List.of();
    }

    @Override
    public List<Placement> place(String codename) {
        int bar = codename.indexOf('|');
        String meter = bar < 0 ? codename : codename.substring(0, bar);
        String tags = bar < 0 ? "" : codename.substring(bar + 1);
        int lastBar = tags.lastIndexOf('|');
        boolean cumulative = CUMULATIVE_MARKERS.contains(tags.substring(lastBar + 1));
        if (cumulative) {
            tags = lastBar < 0 ? "" : tags.substring(0, lastBar);
        }
        String shortMeter = meter.startsWith(PREFIX) || meter.startsWith(PROMETHEUS_PREFIX)
                ? meter.substring(PREFIX.length()) : meter;
        if (shortMeter.isEmpty()) {
            shortMeter = "meter";
        }
        String base = MeterUnits.of(meter, cumulative);
        String units = base == null ? job.units() : base;
        int dot = shortMeter.indexOf(meter.indexOf('.') < 0 ? '_' : '.');
        String family = dot > 0 ? shortMeter.substring(0, dot) : shortMeter;
        // a meter's charts never mix rates and values (Micrometer lets a name be a counter with some tags and
        // a gauge with others): the chart key tells them apart, and the second chart gets a unique id
        String chartKey = cumulative ? meter + "|rate" : meter;
        ChartDefinition chart = new ChartDefinition("labbridge", PluginsdText.id(job.name() + "_" + shortMeter), "",
                meter + (cumulative ? " rate (" : " (") + job.name() + ")", cumulative ? units + "/s" : units,
                family, PREFIX + shortMeter, ChartType.LINE,
                priorities.computeIfAbsent(chartKey, m -> priorityBase + priorities.size()), job.updateEvery(), "",
                PluginMain.PLUGIN_NAME, job.kind().key());
        String dimId = tags.isEmpty() ? "value" : PluginsdText.id(tags);
        String dimName = tags.isEmpty() ? "value" : tags.replace('|', ' ');
        return List.of(new Placement(chartKey, chart, codename, codename, dimId, dimName,
                cumulative ? Algorithm.INCREMENTAL : Algorithm.ABSOLUTE, 1,
                // a counter's rate comes from differences of what is sent: a scale moved by the counter's own
                // size would make one bogus rate, so counters keep a fixed divisor
                cumulative && job.divisor() == JobConfig.AUTO_SCALE ? ConfigLoader.FIXED_DIVISOR : job.divisor()));
    }
}
