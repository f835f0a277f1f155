package org.labbridge.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import org.labbridge.daemon.NodeInfo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One reading of the meters that belong to a node: cumulative ones (counters: their count) and gauges,
 * keyed {@code <meter>} or {@code <meter>|<tag>=<value>} for the tags that are not the node's own
 * (e.g. {@code labbridge.udp.errors|reason=bad_json}).
 *
 * @param counters cumulative values (only ever grow)
 * @param gauges   current values
 */
record NodeMeterSnapshot(Map<String, Double> counters, Map<String, Double> gauges) {

    static NodeMeterSnapshot of(MeterRegistry registry, NodeInfo node) {
        Map<String, Double> counters = new TreeMap<>();
        Map<String, Double> gauges = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            List<Tag> tags = meter.getId().getTags();
            if (!belongs(tags, node.meterTags())) {
                continue;
            }
            String key = key(meter.getId().getName(), tags, node.meterTags());
            for (Measurement m : meter.measure()) {
                double v = m.getValue();
                if (Double.isNaN(v)) {
                    continue;
                }
                if (m.getStatistic() == Statistic.COUNT && meter.getId().getType() != Meter.Type.GAUGE) {
                    counters.merge(key, v, Double::sum);
                } else if (m.getStatistic() == Statistic.VALUE) {
                    gauges.merge(key, v, Double::sum);
                }
            }
        }
        return new NodeMeterSnapshot(counters, gauges);
    }

    private static boolean belongs(List<Tag> tags, List<Tag> own) {
        for (Tag t : tags) {
            if (own.contains(t)) {
                return true;
            }
        }
        return false;
    }

    private static String key(String name, List<Tag> tags, List<Tag> own) {
        StringBuilder sb = new StringBuilder(name);
        for (Tag t : tags) {
            // the node's identifying tags (and the role, implied by the kind) say nothing more
            if (own.contains(t) || t.getKey().equals("socket") || t.getKey().equals("role")) {
                continue;
            }
            sb.append('|').append(t.getKey()).append('=').append(t.getValue());
        }
        return sb.toString();
    }
}
