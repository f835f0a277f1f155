package org.labbridge.netdata;

import java.util.Locale;

/** What a job reads from: the config key that names its address. */
public enum SourceKind {
    /** A PyExpLabSys-compatible pull socket, polled with {@code json_wn}. */
    PULL,
    /** The labbridge TCP bridge: the latest value of every codename that passes. */
    BRIDGE,
    /** The labbridge daemon's meters, published as a pull socket named {@code labbridge-metrics}. */
    METRICS;

    /** The config key: {@code pull}, {@code bridge}, {@code metrics}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
