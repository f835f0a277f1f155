package org.labbridge.netdata;

import org.labbridge.codec.plugind.Algorithm;

import java.util.List;

/**
 * One line of an explicit chart as written: {@code codename} or
 * {@code [codename, name, algorithm, multiplier, divisor]} (a trailing part may be left out, name and
 * algorithm may be null). The binder has no positional records, so this binds itself and names the
 * element that is wrong.
 *
 * @param codename   the codename
 * @param name       the dimension name
 * @param algorithm  the Netdata algorithm
 * @param multiplier the Netdata multiplier (non-zero)
 * @param divisor    the divisor, or null for the job's
 */
public record LineYaml(String codename, String name, Algorithm algorithm, long multiplier, Long divisor) {
    /** What {@link #fromYaml} takes, for error messages. */
    public static final String EXPECTED = "a codename or [codename, name, algorithm, multiplier, divisor]";

    /** Binds a codename or a list of up to 5 elements. */
    public static LineYaml fromYaml(Object node) {
        if (isText(node)) {
            return new LineYaml(node.toString(), node.toString(), Algorithm.ABSOLUTE, 1, null);
        }
        if (!(node instanceof List<?> l) || l.isEmpty() || l.size() > 5 || !isText(l.get(0))) {
            throw new IllegalArgumentException("expected: " + EXPECTED);
        }
        String codename = l.get(0).toString();
        String name = codename;
        if (l.size() > 1 && l.get(1) != null) {
            name = element(l, 1, "name", "text");
        }
        Algorithm algorithm = Algorithm.ABSOLUTE;
        if (l.size() > 2 && l.get(2) != null) {
            try {
                algorithm = Algorithm.parse(element(l, 2, "algorithm", "text"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected: algorithm (element 2) " + e.getMessage().replaceFirst(
                        "^expected ", ""), e);
            }
        }
        long multiplier = 1;
        if (l.size() > 3) {
            if (!(l.get(3) instanceof Integer || l.get(3) instanceof Long) || ((Number) l.get(3)).longValue() == 0) {
                throw wrong(3, "multiplier", "a non-zero whole number", l.get(3));
            }
            multiplier = ((Number) l.get(3)).longValue();
        }
        Long divisor = null;
        if (l.size() > 4 && l.get(4) != null) {
            if (!(l.get(4) instanceof Integer || l.get(4) instanceof Long) || ((Number) l.get(4)).longValue() < 1
                    || ((Number) l.get(4)).longValue() > Divisor.MAX) {
                throw wrong(4, "divisor", "a whole number from 1 to " + Divisor.MAX, l.get(4));
            }
            divisor = ((Number) l.get(4)).longValue();
        }
        return new LineYaml(codename, name, algorithm, multiplier, divisor);
    }

    private static boolean isText(Object o) {
        return o instanceof String || o instanceof Number || o instanceof Boolean;
    }

    private static String element(List<?> l, int i, String what, String expected) {
        if (!isText(l.get(i))) {
            throw wrong(i, what, expected, l.get(i));
        }
        return l.get(i).toString();
    }

    private static IllegalArgumentException wrong(int i, String what, String expected, Object got) {
        return new IllegalArgumentException("expected: " + what + " (element " + i + ") " + expected + ", got '"
                + got + "'");
    }
}
