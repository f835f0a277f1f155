package org.labbridge.daemon.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;

import java.util.Locale;
import java.util.Map;

/**
 * Flattens a meter registry into PyExpLabSys codenames, so a pull socket can serve it:
 * {@code <meter>} or {@code <meter>|<tag>=<value>|...}, with {@code .<statistic>} appended to the meter name for
 * meters that measure more than one thing (timers: {@code .count}, {@code .total_time}, {@code .max}).
 * <p>
 * Cumulative measurements (statistics {@link Statistic#COUNT COUNT}, {@link Statistic#TOTAL TOTAL},
 * {@link Statistic#TOTAL_TIME TOTAL_TIME}: counters, function counters, the count and total of timers and
 * summaries), which only ever grow, end in the pseudo-tag {@value #STATISTIC_KEY}{@code =count|total|total_time};
 * every other measurement (gauges, {@code .max}, ...) has none. The key is reserved: a real tag called
 * {@value #STATISTIC_KEY} is served as {@value #RENAMED_STATISTIC_KEY}, so a last segment
 * {@code statistic=...} always is the marker, whatever the meter's name (gauges such as
 * {@code system.cpu.count} end in {@code .count} too).
 * <p>
 * Characters PyExpLabSys forbids in codenames ({@code # , ; : &}), the separator {@code |} and control
 * characters become {@code _}.
 */
public final class MeterCodenames {

    /** The key of the pseudo-tag that marks cumulative measurements. */
    public static final String STATISTIC_KEY = "statistic";
    /** What a meter's own tag {@value #STATISTIC_KEY} is renamed to. */
    static final String RENAMED_STATISTIC_KEY = "_statistic";

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
                out.put(codename(meter.getId(), m.getStatistic(), count > 1), value);
            }
        }
        return out;
    }

    /** True for statistics that only ever grow (counts and totals), which a chart shows as rates. */
    public static boolean isCumulative(Statistic statistic) {
        return statistic == Statistic.COUNT || statistic == Statistic.TOTAL || statistic == Statistic.TOTAL_TIME;
    }

    /**
     * The codename of one measurement.
     *
     * @param statistic  what the measurement is
     * @param oneOfSeveral true when the meter has several measurements, so the name carries {@code .<statistic>}
     */
    public static String codename(Meter.Id id, Statistic statistic, boolean oneOfSeveral) {
        StringBuilder sb = new StringBuilder(64).append(clean(id.getName()));
        String stat = statistic.name().toLowerCase(Locale.ROOT);
        if (oneOfSeveral) {
            sb.append('.').append(stat);
        }
        for (Tag tag : id.getTagsAsIterable()) {
            String key = clean(tag.getKey());
            sb.append('|').append(key.equals(STATISTIC_KEY) ? RENAMED_STATISTIC_KEY : key)
                    .append('=').append(clean(tag.getValue()));
        }
        if (isCumulative(statistic)) {
            sb.append('|').append(STATISTIC_KEY).append('=').append(stat);
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
