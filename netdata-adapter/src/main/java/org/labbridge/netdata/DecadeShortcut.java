package org.labbridge.netdata;

/**
 * Shortcuts for {@link DecadeScale}'s decimal arithmetic in {@code double}/{@code long}: each answers exactly
 * what the decimal ({@link java.math.BigDecimal}) computation answers, or says it cannot be sure (then the caller
 * does the decimal computation). The plugin runs them for every dimension every second; the decimal way costs a
 * {@code Double.toString} and several {@code BigDecimal}s each time (at 10,000 dimensions, most of the plugin's
 * CPU and nearly all its garbage).
 *
 * <p>Why a {@code double} answer can be trusted: {@code BigDecimal.valueOf(d)} is the decimal of
 * {@code Double.toString(d)}, which reads back as {@code d}, so it differs from {@code d} by at most half an ulp
 * (relative 2<sup>-53</sup>); a product or quotient by an exact power of ten adds one rounding each. Allowing a
 * relative error of {@value #SLACK} (some 30 times more than that), a result that is farther than this from
 * the decision boundary (a rounding half, a scale bound, the loss threshold) is decided the same way by the
 * exact value. Anything near a boundary, subnormal, huge or beyond the exact powers of ten is left to the
 * decimal computation.
 */
final class DecadeShortcut {
    /** The relative error allowed for every {@code double} estimate. */
    static final double SLACK = 1e-14;
    /** Results below this magnitude fit a long with their fraction intact. */
    private static final double MAX_ROUNDED = 1e15;
    /** Powers of ten that are exact doubles (10^22 is the largest). */
    private static final double[] POW10 = new double[23];
    /** Powers of ten that fit a long (10^18 is the largest). */
    private static final long[] LONG_POW10 = new long[19];

    static {
        double d = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = d;
            d *= 10;
        }
        long l = 1;
        for (int i = 0; i < LONG_POW10.length; i++) {
            LONG_POW10[i] = l;
            l *= 10;
        }
    }

    /** What the methods return when they cannot be sure. */
    static final long UNSURE = Long.MIN_VALUE;

    private DecadeShortcut() {
    }

    /**
     * {@code round(d × divisor / 10^exponent)}, half away from zero, for a finite {@code d}; {@link #UNSURE}
     * when the result is near a rounding half, too large, or the arithmetic is not exact enough.
     */
    static long sentDouble(double d, int exponent, long divisor) {
        if (d == 0) {
            return 0; // BigDecimal has no negative zero: -0.0 is sent as 0 too
        }
        double a = Math.abs(d);
        if (a < Double.MIN_NORMAL || divisor <= 0) {
            return UNSURE;
        }
        if (divisor > (1L << 53) || Math.abs(exponent) >= POW10.length) {
            return UNSURE; // the divisor or the power of ten would not be an exact double
        }
        double y = exponent <= 0 ? a * divisor * POW10[-exponent] : a * divisor / POW10[exponent];
        if (!(y < MAX_ROUNDED)) {
            return UNSURE;
        }
        double whole = Math.floor(y);
        double fraction = y - whole; // exact: y and its integer part share the exponent range
        if (Math.abs(fraction - 0.5) <= y * SLACK + 0x1p-60) {
            return UNSURE;
        }
        long r = (long) whole + (fraction > 0.5 ? 1 : 0);
        return d < 0 ? -r : r;
    }

    /**
     * {@code round(v × divisor / 10^exponent)}, half away from zero, exactly; {@link #UNSURE} when it would
     * overflow on the way (the decimal computation then decides whether it is a gap).
     */
    static long sentLong(long v, int exponent, long divisor) {
        if (exponent <= 0) {
            if (-exponent >= LONG_POW10.length) {
                return v == 0 ? 0 : UNSURE;
            }
            long r = multiply(v, divisor);
            return r == UNSURE ? UNSURE : multiply(r, LONG_POW10[-exponent]);
        }
        if (exponent >= LONG_POW10.length) {
            return UNSURE;
        }
        long n = multiply(v, divisor);
        if (n == UNSURE) {
            return UNSURE;
        }
        long p = LONG_POW10[exponent];
        long q = n / p;
        long rem = Math.abs(n % p); // < p <= 1e18: doubling it cannot overflow
        return rem * 2 >= p ? q + (n < 0 ? -1 : 1) : q;
    }

    private static long multiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        // exact iff the high word is the sign extension of the low one; Long.MIN_VALUE itself is UNSURE
        return (hi == (lo >> 63)) && lo != UNSURE ? lo : UNSURE;
    }

    /**
     * Whether {@code magnitude / 10^exponent} lies in [{@link DecadeScale#LOW}, {@link DecadeScale#HIGH}):
     * 1 (yes), 0 (no) or -1 (unsure), for a positive finite {@code magnitude}.
     */
    static int keeps(int exponent, double magnitude) {
        if (Math.abs(exponent) >= POW10.length || magnitude < Double.MIN_NORMAL) {
            return -1;
        }
        double c = exponent <= 0 ? magnitude * POW10[-exponent] : magnitude / POW10[exponent];
        double lowIn = DecadeScale.LOW * (1 + SLACK);
        double lowOut = DecadeScale.LOW * (1 - SLACK);
        double highIn = DecadeScale.HIGH * (1 - SLACK);
        double highOut = DecadeScale.HIGH * (1 + SLACK);
        if (c >= lowIn && c < highIn) {
            return 1;
        }
        if (c < lowOut || c >= highOut) {
            return 0;
        }
        return -1;
    }

    /**
     * Whether {@code sent × multiplier / divisor × 10^exponent} is within 0.01 % of {@code v × multiplier}:
     * 1 (yes), 0 (no) or -1 (unsure), for a non-zero finite {@code v}. The multiplier cancels out (unless 0).
     */
    static int faithful(double v, long sent, int exponent, long multiplier, long divisor) {
        double a = Math.abs(v);
        if (multiplier == 0 || divisor <= 0 || Math.abs(exponent) >= POW10.length || a < 1e-250 || a > 1e250) {
            return -1;
        }
        double shown = (double) sent / divisor;
        shown = exponent >= 0 ? shown * POW10[exponent] : shown / POW10[-exponent];
        double error = Math.abs(shown - v) / a;
        // each side is off by at most SLACK relative to itself: the error ratio by SLACK × (1 + |shown / v|)
        double slack = SLACK * (2 + Math.abs(shown) / a);
        if (error <= FAITHFUL - slack) {
            return 1;
        }
        if (error > FAITHFUL + slack) {
            return 0;
        }
        return -1;
    }

    /** The relative error {@link DecadeScale#faithful} accepts. */
    static final double FAITHFUL = 1e-4;
}
