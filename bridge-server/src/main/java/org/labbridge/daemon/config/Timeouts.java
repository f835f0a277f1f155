package org.labbridge.daemon.config;

import org.labbridge.config.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-codename staleness timeouts of a pull socket: none, one for all ({@code timeouts: 10s}), or one per
 * codename ({@code timeouts: {temperature: 5s}}). A stale point answers {@code OLD_DATA}.
 *
 * @param all        the timeout of every codename not in {@code perCodename}; null = never stale
 * @param perCodename explicit timeouts
 */
public record Timeouts(Duration all, Map<String, Duration> perCodename) {

    public static final Timeouts NONE = new Timeouts(null, Map.of());

    /** What {@link #fromYaml} takes, for error messages. */
    public static final String EXPECTED = "a duration, or a mapping codename: duration";

    public Timeouts {
        perCodename = Map.copyOf(perCodename);
    }

    /** The timeout of {@code codename}, or null when it never goes stale. */
    public Duration of(String codename) {
        return perCodename.getOrDefault(codename, all);
    }

    /** Binds a duration or a mapping codename → duration. */
    public static Timeouts fromYaml(Object node) {
        if (node instanceof Number || node instanceof String) {
            return new Timeouts(Durations.parse(node.toString()), Map.of());
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Duration> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), Durations.parse(String.valueOf(v))));
            return new Timeouts(null, out);
        }
        throw new IllegalArgumentException("expected: " + EXPECTED);
    }
}
