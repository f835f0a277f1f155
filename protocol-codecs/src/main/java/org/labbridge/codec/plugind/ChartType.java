package org.labbridge.codec.plugind;

import java.util.Locale;

/** Netdata chart types (the {@code charttype} word of {@code CHART}). */
public enum ChartType {
    LINE, AREA, STACKED;

    /** The word Netdata expects. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code line}, {@code area} or {@code stacked} (any case). */
    public static ChartType parse(String text) {
        for (ChartType t : values()) {
            if (t.word().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected line, area or stacked, got '" + text + "'");
    }
}
