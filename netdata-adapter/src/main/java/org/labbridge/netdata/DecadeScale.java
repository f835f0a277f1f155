package org.labbridge.netdata;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The decade scale of an automatically scaled chart. Netdata keeps about 7 significant digits of a charted
 * number and nothing below ~1e-7 (1.37.1 stores 3.3e-9 as 0), while lab values span 1e-12 to 1e12; so a chart
 * shows {@code value / 10^e}, with {@code e} a multiple of 3 chosen to put the charted number in [1, 1000), and
 * names the scale in its units ({@code nA}, {@code umbar}, {@code kHz}, else {@code x1e-9 value}). Units are ASCII:
 * Netdata 1.37.1 turns every other byte into {@code _} (its {@code json_fix_string}), so micro is {@code u} and the
 * factor is written {@code x}.
 *
 * <p>The scale is kept while the charted number stays in [{@value #LOW}, {@value #HIGH}): a value that drifts up
 * moves the scale only after three decades, one that drops below 1 (where digits would be lost) at once, so a
 * value oscillating around a boundary re-declares its chart at most once. Each dimension sends
 * {@code round(value / 10^e × }{@value #DIVISOR}{@code )} and declares the divisor {@value #DIVISOR}: a charted
 * number in [1, 1e6) arrives with at least 7 significant digits and at most 1e12 (far within int64).
 *
 * <p>The arithmetic is decimal, on the reading's {@code Double.toString}; {@link DecadeShortcut} gives the same
 * answers in {@code double}s where it can be sure, which is nearly always.
 */
final class DecadeScale {
    /** The divisor every automatically scaled dimension declares: 6 decimals of the charted number. */
    static final long DIVISOR = 1_000_000;
    /** The charted number's lower bound; below it the scale moves down. */
    static final double LOW = 1;
    /** The charted number's upper bound; at or above it the scale moves up. */
    static final double HIGH = 1e6;
    private static final int MIN_EXPONENT = -300;
    private static final int MAX_EXPONENT = 300;
    private static final Map<Integer, String> SI_PREFIXES = Map.ofEntries(Map.entry(-30, "q"), Map.entry(-27, "r"),
            Map.entry(-24, "y"), Map.entry(-21, "z"), Map.entry(-18, "a"), Map.entry(-15, "f"), Map.entry(-12, "p"),
            Map.entry(-9, "n"), Map.entry(-6, "u"), Map.entry(-3, "m"), Map.entry(3, "k"), Map.entry(6, "M"),
            Map.entry(9, "G"), Map.entry(12, "T"), Map.entry(15, "P"), Map.entry(18, "E"), Map.entry(21, "Z"),
            Map.entry(24, "Y"), Map.entry(27, "R"), Map.entry(30, "Q"));
    /**
     * Units an SI prefix can stand before: SI units and the usual lab ones ({@code mbar} gives {@code umbar},
     * as vacuum people write it). {@code bytes} is written {@code kB}, {@code MB}, ... for positive scales.
     */
    static final Set<String> PREFIXABLE_UNITS = Set.of("A", "V", "W", "Wh", "VA", "Hz", "Pa", "bar", "mbar", "Torr",
            "g", "m", "s", "K", "ohm", "F", "H", "T", "J", "C", "S", "mol", "L", "l", "eV", "N", "Wb", "Bq",
            "Gy", "Sv", "lm", "lx", "cd", "B", "rad", "sr");

    private DecadeScale() {
    }

    /**
     * The exponent (a multiple of 3) that puts {@code magnitude} (positive) in [1, 1000); 0 for 0, NaN and
     * infinities (which are gaps anyway).
     */
    static int exponentFor(double magnitude) {
        if (!(magnitude > 0) || Double.isInfinite(magnitude)) {
            return 0;
        }
        int decade = BigDecimal.valueOf(magnitude).precision() - BigDecimal.valueOf(magnitude).scale() - 1;
        int e = Math.floorDiv(decade, 3) * 3;
        return Math.max(MIN_EXPONENT, Math.min(MAX_EXPONENT, e));
    }

    /** Whether the scale {@code exponent} still charts {@code magnitude} in [LOW, HIGH) (0 always fits). */
    static boolean keeps(int exponent, double magnitude) {
        if (!(magnitude > 0) || Double.isInfinite(magnitude)) {
            return true;
        }
        int quick = DecadeShortcut.keeps(exponent, magnitude);
        return quick >= 0 ? quick == 1 : decimalKeeps(exponent, magnitude);
    }

    /** {@link #keeps} in decimal arithmetic, for a positive finite magnitude (what the shortcut must agree with). */
    static boolean decimalKeeps(int exponent, double magnitude) {
        BigDecimal charted = BigDecimal.valueOf(magnitude).scaleByPowerOfTen(-exponent);
        return charted.compareTo(BigDecimal.valueOf(LOW)) >= 0 && charted.compareTo(BigDecimal.valueOf(HIGH)) < 0;
    }

    /** The units of a chart at scale {@code exponent}: {@code nA}, {@code umbar}, {@code MB}, {@code x1e-9 value}. */
    static String units(String base, int exponent) {
        if (exponent == 0) {
            return base;
        }
        String prefix = SI_PREFIXES.get(exponent);
        if (prefix != null && PREFIXABLE_UNITS.contains(base)) {
            return prefix + base;
        }
        if (prefix != null && exponent > 0 && base.equals("bytes")) {
            return prefix + "B";
        }
        return "x1e" + exponent + (base.isEmpty() ? "" : " " + base);
    }

    /**
     * {@code round(value / 10^exponent × divisor)}, or empty for a gap (non-numbers, NaN, infinities, out of
     * int64). Decimal arithmetic on the reading's shortest representation, like {@code ScaledValue}.
     */
    static OptionalLong sent(Object value, int exponent, long divisor) {
        long quick = DecadeShortcut.UNSURE;
        if (value instanceof Double d && Double.isFinite(d)) {
            quick = DecadeShortcut.sentDouble(d, exponent, divisor);
        } else if (isLong(value)) {
            quick = DecadeShortcut.sentLong(((Number) value).longValue(), exponent, divisor);
        }
        return quick != DecadeShortcut.UNSURE ? OptionalLong.of(quick) : decimalSent(value, exponent, divisor);
    }

    /** {@link #sent} in decimal arithmetic (what the shortcut must agree with). */
    static OptionalLong decimalSent(Object value, int exponent, long divisor) {
        BigDecimal v = decimal(value);
        if (v == null) {
            return OptionalLong.empty();
        }
        BigInteger scaled = v.multiply(BigDecimal.valueOf(divisor)).scaleByPowerOfTen(-exponent)
                .setScale(0, RoundingMode.HALF_UP).toBigInteger();
        return scaled.bitLength() < 64 ? OptionalLong.of(scaled.longValue()) : OptionalLong.empty();
    }

    /** |value| as a double, or NaN for non-numbers. */
    static double magnitude(Object value) {
        // BigDecimal.valueOf(d).doubleValue() is d again (Double.toString reads back as d), and a long's
        // BigDecimal converts like (double) long: no need for the decimal here
        if (value instanceof Double d) {
            return Double.isFinite(d) ? Math.abs(d) : Double.NaN;
        }
        if (isLong(value)) {
            return Math.abs((double) ((Number) value).longValue());
        }
        return decimalMagnitude(value);
    }

    /** {@link #magnitude} in decimal arithmetic (what the shortcut must agree with). */
    static double decimalMagnitude(Object value) {
        BigDecimal v = decimal(value);
        return v == null ? Double.NaN : Math.abs(v.doubleValue());
    }

    /**
     * Whether {@code sent} (charted as {@code sent × multiplier / divisor × 10^exponent}) shows {@code value} to
     * within 0.01 %: false when rounding to the integer Netdata takes ate the digits (1.5e-6 with divisor 1000).
     */
    static boolean faithful(Object value, long sent, int exponent, long multiplier, long divisor) {
        double quickValue = value instanceof Double d ? d : isLong(value) ? ((Number) value).longValue() : 0;
        if (Double.isFinite(quickValue) && quickValue != 0) {
            int quick = DecadeShortcut.faithful(quickValue, sent, exponent, multiplier, divisor);
            if (quick >= 0) {
                return quick == 1;
            }
        }
        return decimalFaithful(value, sent, exponent, multiplier, divisor);
    }

    /** {@link #faithful} in decimal arithmetic (what the shortcut must agree with). */
    static boolean decimalFaithful(Object value, long sent, int exponent, long multiplier, long divisor) {
        BigDecimal v = decimal(value);
        if (v == null || v.signum() == 0) {
            return true;
        }
        BigDecimal shown = BigDecimal.valueOf(sent).multiply(BigDecimal.valueOf(multiplier))
                .divide(BigDecimal.valueOf(divisor), java.math.MathContext.DECIMAL64).scaleByPowerOfTen(exponent);
        BigDecimal expected = v.multiply(BigDecimal.valueOf(multiplier));
        BigDecimal error = shown.subtract(expected).abs();
        return error.compareTo(expected.abs().multiply(new BigDecimal("0.0001"))) <= 0;
    }

    private static boolean isLong(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (isLong(value)) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? null : BigDecimal.valueOf(d);
        }
        return null;
    }
}
