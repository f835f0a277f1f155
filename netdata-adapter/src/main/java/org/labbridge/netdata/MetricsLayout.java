package org.labbridge.netdata;

import java.util.List;
import org.labbridge.codec.plugind.Algorithm;
import org.labbridge.codec.plugind.ChartDefinition;
import org.labbridge.codec.plugind.ChartType;
import org.labbridge.codec.plugind.PluginsdText;

/**
 * The daemon's meters: codenames are {@code <meter>} or {@code <meter>|<tag>=<value>|...}; one chart per
 * meter ({@code labbridge.<job>_<meter>}, context {@code labbridge.<meter>}, family = the meter's
 * component such as {@code udp}), one dimension per tag set.
 */
final class MetricsLayout implements ChartLayout {
    private static final String PREFIX = "labbridge.";
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
        String shortMeter = meter.startsWith(PREFIX) ? meter.substring(PREFIX.length()) : meter;
        if (shortMeter.isEmpty()) {
            shortMeter = "meter";
        }
        int dot = shortMeter.indexOf('.');
        String family = dot > 0 ? shortMeter.substring(0, dot) : shortMeter;
        ChartDefinition chart = new ChartDefinition("labbridge", PluginsdText.id(job.name() + "_" + shortMeter), "",
                meter + " (" + job.name() + ")", job.units(), family, PREFIX + shortMeter, ChartType.LINE,
                priorities.computeIfAbsent(meter, m -> priorityBase + priorities.size()), job.updateEvery(), "", PluginMain.PLUGIN_NAME, job.kind().key());
        String dimId = tags.isEmpty() ? "value" : PluginsdText.id(tags);
        String dimName = tags.isEmpty() ? "value" : tags.replace('|', ' ');
        return List.of(new Placement(meter, chart, codename, codename, dimId, dimName, Algorithm.ABSOLUTE, 1,
                job.divisor()));
    }
}
