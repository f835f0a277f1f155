package org.labbridge.netdata;

import java.util.ArrayList;
import java.util.List;
import org.labbridge.codec.plugind.ChartDefinition;
import org.labbridge.codec.plugind.PluginsdText;

/** python.d-style charts from {@code order} + {@code charts}: declared at start, other codenames ignored. */
final class ExplicitLayout implements ChartLayout {
    private final List<Placement> placements = new ArrayList<>();

    ExplicitLayout(JobConfig job, int priorityBase) {
        int priority = priorityBase;
        for (ChartConfig c : job.charts()) {
            ChartDefinition def = new ChartDefinition(job.chartType(), c.id(), c.name(), c.title(),
                    c.units(), c.family(), c.context(), c.chartType(), priority++, job.updateEvery(), "",
                    PluginMain.PLUGIN_NAME, job.kind().key());
            int i = 0;
            for (LineConfig l : c.lines()) {
                placements.add(new Placement(c.id(), def, l.codename(), "line" + i++, PluginsdText.id(l.codename()),
                        l.name(), l.algorithm(), l.multiplier(), l.divisor()));
            }
        }
    }

    @Override
    public List<Placement> initial() {
        return placements;
    }

    @Override
    public List<Placement> place(String codename) {
        return List.of();
    }
}
