package org.labbridge.netdata;

import java.util.List;
import org.labbridge.codec.plugind.Algorithm;
import org.labbridge.codec.plugind.ChartDefinition;
import org.labbridge.codec.plugind.ChartType;
import org.labbridge.codec.plugind.PluginsdText;

/**
 * Automatic charts: one chart per codename, {@code labbridge_<job>.<codename>}, family = job, context
 * {@code labbridge.<job>}, one dimension named after the codename; the job's {@code codenames} options set a
 * chart's units, title, family and (fixing its scale) multiplier and divisor. Without a fixed divisor a chart
 * picks its own decade scale ({@link DecadeScale}).
 */
final class AutoLayout implements ChartLayout {
    private final JobConfig job;
    private final int priorityBase;
    private int charts;

    AutoLayout(JobConfig job, int priorityBase) {
        this.job = job;
        this.priorityBase = priorityBase;
    }

    @Override
    public List<Placement> initial() {
        return List.of();
    }

    @Override
    public List<Placement> place(String codename) {
        CodenameConfig options = job.codename(codename);
        ChartDefinition chart = new ChartDefinition(job.chartType(), PluginsdText.id(codename), "",
                or(options.title(), codename + " (" + job.name() + ")"), or(options.units(), job.units()),
                or(options.family(), job.name()), "labbridge." + job.name(), ChartType.LINE, priorityBase + charts++,
                job.updateEvery(), "", PluginMain.PLUGIN_NAME, job.kind().key());
        long multiplier = options.multiplier() != 0 ? options.multiplier() : 1;
        long divisor = options.divisor() != 0 ? options.divisor()
                : options.fixedScale() ? ConfigLoader.FIXED_DIVISOR : job.divisor();
        return List.of(new Placement(codename, chart, codename, codename, PluginsdText.id(codename), codename,
                Algorithm.ABSOLUTE, multiplier, divisor));
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}
