package org.labbridge.netdata;

import java.util.List;
import org.labbridge.codec.plugind.Algorithm;
import org.labbridge.codec.plugind.ChartDefinition;
import org.labbridge.codec.plugind.ChartType;
import org.labbridge.codec.plugind.PluginsdText;

/**
 * Automatic charts: one chart per codename, {@code labbridge_<job>.<codename>}, family = job, context
 * {@code labbridge.<job>}, one dimension named after the codename.
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
        ChartDefinition chart = new ChartDefinition(job.chartType(), PluginsdText.id(codename), "",
                codename + " (" + job.name() + ")", job.units(), job.name(), "labbridge." + job.name(),
                ChartType.LINE, priorityBase + charts++, job.updateEvery(), "", PluginMain.PLUGIN_NAME,
                job.kind().key());
        return List.of(new Placement(codename, chart, codename, codename, PluginsdText.id(codename), codename,
                Algorithm.ABSOLUTE, 1, job.divisor()));
    }
}
