package org.labbridge.netdata;

import java.util.List;
import org.labbridge.codec.plugind.ChartType;

/**
 * An explicit python.d-style chart: {@code options: [name, title, units, family, context, charttype]}
 * and {@code lines}.
 *
 * @param id        the chart id (the key in {@code charts}, sanitised)
 * @param name      the chart name, or empty
 * @param title     the title
 * @param units     the units
 * @param family    the submenu (default: the job name)
 * @param context   the context (default: {@code labbridge.<job>})
 * @param chartType line, area, stacked
 * @param lines     the dimensions
 */
public record ChartConfig(String id, String name, String title, String units, String family, String context,
                          ChartType chartType, List<LineConfig> lines) {
    public ChartConfig {
        lines = List.copyOf(lines);
    }
}
