package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import java.time.Duration;
import java.util.List;

/**
 * One job: a source and how to chart it.
 *
 * @param name        the job name (an id: letters, digits, {@code _}, {@code -})
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
    public JobConfig {
        charts = List.copyOf(charts);
    }

    /** Whether charts come from codenames (no explicit {@code charts}). */
    public boolean automatic() {
        return charts.isEmpty();
    }
}
