package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import java.time.Duration;
import java.util.List;
import org.labbridge.codec.plugind.PluginsdText;

/**
 * One job: a source and how to chart it.
 *
 * @param name        the job name (an id: letters, digits, {@code _}, {@code -}; at most {@link #MAX_NAME_CHARS})
 * @param kind        pull, bridge or metrics
 * @param address     the source's address
 * @param updateEvery seconds between collections (a multiple of the plugin's)
 * @param timeout     per request
 * @param retry       time between attempts while the source is unreachable
 * @param divisor     precision of automatic dimensions (1000 = 3 decimals) and default of explicit lines
 * @param units       units of automatic charts
 * @param charts      explicit charts in {@code order}; empty = automatic charts
 */
public record JobConfig(String name, SourceKind kind, HostPort address, int updateEvery, Duration timeout,
                        Duration retry, long divisor, String units, List<ChartConfig> charts) {
    /** The chart type of a job's automatic and explicit charts is this prefix + the job name. */
    static final String CHART_TYPE_PREFIX = "labbridge_";
    /** The longest job name: {@code labbridge_<name>} must still be a chart type Netdata accepts (an id). */
    public static final int MAX_NAME_CHARS = PluginsdText.MAX_ID_CHARS - CHART_TYPE_PREFIX.length();

    public JobConfig {
        charts = List.copyOf(charts);
    }

    /** {@code labbridge_<name>}: the type ({@code type.id}) of the job's automatic and explicit charts. */
    public String chartType() {
        return CHART_TYPE_PREFIX + name;
    }

    /** Whether charts come from codenames (no explicit {@code charts}). */
    public boolean automatic() {
        return charts.isEmpty();
    }
}
