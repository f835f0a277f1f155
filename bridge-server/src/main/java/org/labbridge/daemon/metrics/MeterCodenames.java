package org.labbridge.daemon.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;

import java.util.Map;

/**
 * Flattens a meter registry into PyExpLabSys codenames, so a pull socket can serve it:
 * {@code <meter>} or {@code <meter>|<tag>=<value>|...}, with {@code .<statistic>} appended for meters
 * that measure more than one thing (timers: {@code .count}, {@code .total_time}, {@code .max}).
 * Characters PyExpLabSys forbids in codenames ({@code # , ; : &}) become {@code _}.
 */
public final class MeterCodenames {

    private MeterCodenames() {
    }

    /** Current value of every measurement, in a stable (sorted) order. */
    public static Map<String, Double> snapshot(MeterRegistry registry) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            Iterable<Measurement> measurements = meter.measure();
            int count = 0;
            for (Measurement ignored : measurements) {
                count++;
            }
            for (Measurement m : meter.measure()) {
                double value = m.getValue();
                if (Double.isNaN(value)) {
                    continue; // a gauge whose object is gone
                }
                out.put(codename(meter.getId(), count > 1 ? m.getStatistic() : null), value);
            }
        }
        return out;
    }

    /** The codename of one measurement; {@code statistic} null when the meter has only one. */
    public static String codename(Meter.Id id, Statistic statistic) {
        StringBuilder sb = new StringBuilder(64).append(clean(id.getName()));
        if (statistic != null) {
            sb.append('.').append(statistic.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (Tag tag : id.getTagsAsIterable()) {
            sb.append('|').append(clean(tag.getKey())).append('=').append(clean(tag.getValue()));
        }
        return sb.toString();
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '#' || c == ',' || c == ';' || c == ':' || c == '&' || c == '|' || c < 0x20 ? '_' : c);
        }
        return sb.toString();
    }

}
