package org.labbridge.codec.message;

import java.util.Locale;

/** How the text of a message is structured ({@code structure_type}). */
public enum StructureType {
    /** JSON text; values are Jackson trees ({@code JsonNode}). The default. */
    JSON,
    /** Plain text; values are {@code String}s. */
    STRING;

    /** Parses {@code json} / {@code string} (any case). */
    public static StructureType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("structure_type: expected json or string, got '" + text + "'", e);
        }
    }
}
