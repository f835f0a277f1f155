package org.labbridge.codec.plugind;

import java.util.Locale;

/** Netdata dimension algorithms (the {@code algorithm} word of {@code DIMENSION}). */
public enum Algorithm {
    ABSOLUTE, INCREMENTAL, PERCENTAGE_OF_ABSOLUTE_ROW, PERCENTAGE_OF_INCREMENTAL_ROW;

    /** The word Netdata expects, e.g. {@code percentage-of-absolute-row}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses the Netdata word (any case). */
    public static Algorithm parse(String text) {
        for (Algorithm a : values()) {
            if (a.word().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("expected absolute, incremental, percentage-of-absolute-row or "
                + "percentage-of-incremental-row, got '" + text + "'");
    }
}
