package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * @param divisor     precision of automatic dimensions (1000 = 3 decimals) and default of explicit lines;
 *                    {@link #AUTO_SCALE} = each automatic chart picks its own decimal scale ({@link DecadeScale})
 * @param units       units of automatic charts
 * @param charts      explicit charts in {@code order}; empty = automatic charts
 * @param codenames   per-codename units, title, family, multiplier, divisor of automatic charts
 * @param metricsUrl  a metrics job's HTTP endpoint (Prometheus text), read before its UDP socket; null = none
 */
public record JobConfig(String name, SourceKind kind, HostPort address, int updateEvery, Duration timeout,
                        Duration retry, long divisor, String units, List<ChartConfig> charts,
                        Map<String, CodenameConfig> codenames, URI metricsUrl) {
    /** The divisor value meaning "no fixed divisor: automatic decade scale per chart". */
    public static final long AUTO_SCALE = 0;
    /** The divisor of explicit lines when the job scales automatically (explicit charts have fixed units). */
    static final long EXPLICIT_LINE_DIVISOR = 1000;
    /** The chart type of a job's automatic and explicit charts is this prefix + the job name. */
    static final String CHART_TYPE_PREFIX = "labbridge_";
    /** The longest job name: {@code labbridge_<name>} must still be a chart type Netdata accepts (an id). */
    public static final int MAX_NAME_CHARS = PluginsdText.MAX_ID_CHARS - CHART_TYPE_PREFIX.length();

    public JobConfig {
        charts = List.copyOf(charts);
        codenames = Map.copyOf(codenames);
    }

    /** A job without per-codename options or HTTP metrics endpoint. */
    public JobConfig(String name, SourceKind kind, HostPort address, int updateEvery, Duration timeout,
                     Duration retry, long divisor, String units, List<ChartConfig> charts) {
        this(name, kind, address, updateEvery, timeout, retry, divisor, units, charts, Map.of(), null);
    }

    /** The options of {@code codename} ({@link CodenameConfig#NONE} when it has none). */
    public CodenameConfig codename(String codename) {
        return codenames.getOrDefault(codename, CodenameConfig.NONE);
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
