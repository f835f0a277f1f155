package org.labbridge.codec.plugind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.OptionalLong;

/**
 * Turns a reading into the int64 that {@code SET} carries. Netdata 1.37.1 parses SET values with
 * {@code strtoll}: no fractions, so a fractional reading is multiplied by the dimension's divisor (the
 * divisor declared on the {@code DIMENSION}) and Netdata divides it back. Anything that cannot be
 * represented (NaN, infinities, out of int64 range, non-numbers) gives an empty result: a gap.
 */
public final class ScaledValue {
    private static final BigDecimal MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private ScaledValue() {
    }

    /**
     * {@code round(value × divisor)} (half away from zero, decimal arithmetic on the shortest repr so that
     * {@code 1.0005 × 1000} is 1001), or empty for a gap. Integers are multiplied exactly; booleans are 0
     * and 1 scaled the same way; strings, null and anything else are empty.
     */
    public static OptionalLong scale(Object value, long divisor) {
        if (value instanceof Boolean b) {
            return exact(BigInteger.valueOf(b ? 1 : 0), divisor);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return exact(BigInteger.valueOf(((Number) value).longValue()), divisor);
        }
        if (value instanceof BigInteger bi) {
            return exact(bi, divisor);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return OptionalLong.empty();
            }
            BigDecimal scaled = BigDecimal.valueOf(d).multiply(BigDecimal.valueOf(divisor))
                    .setScale(0, RoundingMode.HALF_UP);
            if (scaled.compareTo(MIN) < 0 || scaled.compareTo(MAX) > 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(scaled.longValueExact());
        }
        return OptionalLong.empty();
    }

    private static OptionalLong exact(BigInteger v, long divisor) {
        BigInteger scaled = v.multiply(BigInteger.valueOf(divisor));
        return scaled.bitLength() < 64 ? OptionalLong.of(scaled.longValue()) : OptionalLong.empty();
    }

    /** Whether {@link #scale} can turn {@code value} into a number at all (strings and null cannot). */
    public static boolean isNumeric(Object value) {
        return value instanceof Number || value instanceof Boolean;
    }
}
