package org.labbridge.codec.plugind;

import java.util.Objects;

/**
 * What a {@code DIMENSION} line declares. Netdata charts {@code value × multiplier / divisor}.
 *
 * @param id         the dimension id, an id ({@link PluginsdText#isId}); what {@code SET} names
 * @param name       the name shown (free text)
 * @param algorithm  how values are turned into points
 * @param multiplier multiplier, not 0
 * @param divisor    divisor, not 0
 * @param options    dimension options ({@code obsolete hidden noreset nooverflow}) or empty
 */
public record DimensionDefinition(String id, String name, Algorithm algorithm, long multiplier, long divisor,
                                  String options) {
    public DimensionDefinition {
        if (!PluginsdText.isId(id)) {
            throw new IllegalArgumentException("dimension id must be an id: '" + id + "'");
        }
        Objects.requireNonNull(algorithm, "algorithm");
        if (multiplier == 0 || divisor == 0) {
            throw new IllegalArgumentException("multiplier and divisor must not be 0");
        }
        name = Objects.requireNonNullElse(name, "");
        options = Objects.requireNonNullElse(options, "");
    }
}
