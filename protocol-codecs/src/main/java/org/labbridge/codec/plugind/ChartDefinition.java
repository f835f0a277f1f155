package org.labbridge.codec.plugind;

import java.util.Objects;

/**
 * What a {@code CHART} line declares. Text fields are free text (the writer sanitises and quotes them);
 * {@code type} and {@code id} must be ids ({@link PluginsdText#isId}).
 *
 * @param type        the chart type (first half of {@code type.id}), an id
 * @param id          the chart id (second half), an id
 * @param name        the chart name, or empty for "same as id"
 * @param title       the title shown above the chart
 * @param units       the units
 * @param family      the submenu
 * @param context     the context (charts of one context share alerts and the dashboard section)
 * @param chartType   line, area or stacked
 * @param priority    the sort order in the dashboard
 * @param updateEvery seconds between collections of this chart
 * @param options     chart options ({@code obsolete detail hidden store_first}) or empty
 * @param plugin      the plugin name shown by Netdata
 * @param module      the module name shown by Netdata
 */
public record ChartDefinition(String type, String id, String name, String title, String units, String family,
                              String context, ChartType chartType, int priority, int updateEvery, String options,
                              String plugin, String module) {
    public ChartDefinition {
        if (!PluginsdText.isId(type) || !PluginsdText.isId(id)) {
            throw new IllegalArgumentException("chart type and id must be ids: '" + type + "." + id + "'");
        }
        Objects.requireNonNull(chartType, "chartType");
        if (updateEvery < 1) {
            throw new IllegalArgumentException("updateEvery must be >= 1: " + updateEvery);
        }
        name = Objects.requireNonNullElse(name, "");
        title = Objects.requireNonNullElse(title, "");
        units = Objects.requireNonNullElse(units, "");
        family = Objects.requireNonNullElse(family, "");
        context = Objects.requireNonNullElse(context, "");
        options = Objects.requireNonNullElse(options, "");
        plugin = Objects.requireNonNullElse(plugin, "");
        module = Objects.requireNonNullElse(module, "");
    }

    /** {@code type.id}, what {@code BEGIN} names. */
    public String fullId() {
        return type + "." + id;
    }
}
