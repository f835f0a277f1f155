package org.labbridge.daemon.config;

import java.util.List;

/**
 * The codenames of a pull socket: a fixed list, or {@code auto} (any codename is accepted and listed in
 * arrival order).
 *
 * @param auto  whether codenames are registered as they arrive
 * @param names the fixed codenames (empty when auto)
 */
public record Codenames(boolean auto, List<String> names) {

    public static final Codenames AUTO = new Codenames(true, List.of());

    /** What {@link #fromYaml} takes, for error messages. */
    public static final String EXPECTED = "auto or a list of codenames";

    public Codenames {
        names = List.copyOf(names);
    }

    /** Binds {@code auto} or a list of strings. */
    public static Codenames fromYaml(Object node) {
        if ("auto".equals(node)) {
            return AUTO;
        }
        if (node instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return new Codenames(false, list.stream().map(String.class::cast).toList());
        }
        throw new IllegalArgumentException("expected: " + EXPECTED);
    }
}
