package org.labbridge.codec.python;

import java.math.BigInteger;

/**
 * CPython's {@code repr(float)}: the shortest decimal that parses back to the same double, the closest one to
 * the exact binary value when several are equally short (ties to an even last digit), printed with Python's
 * notation (fixed for {@code 1e-4 <= |x| < 1e16}, else {@code 1e+16}/{@code 1.5e-05}).
 *
 * <p>The digits come from the Ryu algorithm (Ulf Adams, "Ryu: fast float-to-string conversion", PLDI 2018),
 * written here from the paper: the value's rounding interval is scaled by a power of ten using 125-bit
 * approximations of powers of five (exact for every double, as the paper proves), then digits are removed
 * while both interval ends still differ. Only long arithmetic, no allocation; the tables are built once from
 * exact {@link BigInteger} powers at class initialisation.
 */
final class FloatRepr {
    private static final int POW5_INV_BITCOUNT = 125;
    private static final int POW5_BITCOUNT = 125;
    private static final int POW5_INV_TABLE_SIZE = 342;
    private static final int POW5_TABLE_SIZE = 326;

    /** floor(2^(bitlen(5^q) - 1 + 125) / 5^q) + 1, as (hi, lo) 64-bit halves. */
    private static final long[] POW5_INV_HI = new long[POW5_INV_TABLE_SIZE];
    private static final long[] POW5_INV_LO = new long[POW5_INV_TABLE_SIZE];
    /** The top 125 bits of 5^i (truncated), as (hi, lo) 64-bit halves. */
    private static final long[] POW5_HI = new long[POW5_TABLE_SIZE];
    private static final long[] POW5_LO = new long[POW5_TABLE_SIZE];

    private static final long[] POW10 = new long[19];

    /** 2^53: below it every integral double is printed exactly, which is also its shortest repr. */
    private static final double TWO_POW_53 = 9007199254740992.0;
    /** 2^52: below it a product rounds by at most 1/4, so its nearest integer is within 1 of the exact one. */
    private static final double TWO_POW_52 = 4503599627370496.0;
    /** {@link #appendShortDecimal} tries at most this many fraction digits (lab data: 1 to 6 or so). */
    private static final int MAX_FAST_FRACTION_DIGITS = 10;
    /** 10^0 .. 10^22: every one is an exact double. */
    private static final double[] POW10_DOUBLE = new double[23];

    static {
        BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        BigInteger five = BigInteger.valueOf(5);
        for (int i = 0; i < POW5_TABLE_SIZE || i < POW5_INV_TABLE_SIZE; i++) {
            BigInteger pow = five.pow(i);
            int bits = pow.bitLength();
            if (bits != pow5bits(i)) {
                throw new ExceptionInInitializerError("pow5bits approximation is wrong at " + i);
            }
            if (i < POW5_TABLE_SIZE) {
                BigInteger top = bits >= POW5_BITCOUNT ? pow.shiftRight(bits - POW5_BITCOUNT)
                        : pow.shiftLeft(POW5_BITCOUNT - bits);
                POW5_HI[i] = top.shiftRight(64).longValue();
                POW5_LO[i] = top.and(mask64).longValue();
            }
            if (i < POW5_INV_TABLE_SIZE) {
                BigInteger inv = BigInteger.ONE.shiftLeft(bits - 1 + POW5_INV_BITCOUNT).divide(pow)
                        .add(BigInteger.ONE);
                POW5_INV_HI[i] = inv.shiftRight(64).longValue();
                POW5_INV_LO[i] = inv.and(mask64).longValue();
            }
        }
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        POW10_DOUBLE[0] = 1;
        for (int i = 1; i < POW10_DOUBLE.length; i++) {
            POW10_DOUBLE[i] = POW10_DOUBLE[i - 1] * 10; // exact: 10^22 < 2^53 * 2^22 has 22 trailing zero bits
        }
    }

    private FloatRepr() {
    }

    /** Appends Python's {@code repr(value)}. */
    static void append(StringBuilder out, double value) {
        long bits = Double.doubleToRawLongBits(value);
        int ieeeExponent = (int) (bits >>> 52) & 0x7ff;
        long ieeeMantissa = bits & ((1L << 52) - 1);
        if (ieeeExponent == 0x7ff) {
            out.append(ieeeMantissa != 0 ? "nan" : bits < 0 ? "-inf" : "inf");
            return;
        }
        if (bits < 0) {
            out.append('-');
        }
        if (ieeeExponent == 0 && ieeeMantissa == 0) {
            out.append("0.0");
            return;
        }
        double abs = Math.abs(value);
        if (abs >= 1.0 && abs < TWO_POW_53 && abs == (long) abs) {
            // Fast path: below 2^53 the ulp is <= 1, so the integer itself is the only (and shortest) decimal
            // in the rounding interval; 2^53 < 1e16, so Python prints it in fixed notation.
            out.append((long) abs).append(".0");
            return;
        }
        if (!appendShortDecimal(out, abs)) {
            shortest(out, ieeeExponent, ieeeMantissa);
        }
    }

    /** Ryu alone (for a positive finite non-zero double), for tests of {@link #appendShortDecimal}. */
    static void appendRyu(StringBuilder out, double abs) {
        long bits = Double.doubleToRawLongBits(abs);
        shortest(out, (int) (bits >>> 52) & 0x7ff, bits & ((1L << 52) - 1));
    }

    /**
     * The repr of a positive non-integral double with a few fraction digits ({@code 21.5}, {@code 0.125},
     * {@code 1414154338.172345}), what pushed lab values nearly always are, with a handful of divisions
     * instead of Ryu's digit loop; {@code false} (nothing written) when it cannot tell, and Ryu answers.
     *
     * <p>Why it is Ryu's answer: at k fraction digits, the integers c with {@code c / 10^k} parsing back to
     * {@code abs} (correctly rounded, as the IEEE division of two exact doubles is) form an interval that
     * holds {@code abs * 10^k}. The product rounds by at most 1/4 below 2^52, so its nearest integer M is
     * within 1 of the exact one, and if any integer of that interval exists, M-1, M or M+1 is one (the
     * interval is convex). So the first k where one of them parses back is the fewest fraction digits, and
     * for a non-integral number below 2^52 the fewest fraction digits are the fewest digits: Ryu's shortest.
     * When two parse back at that k (only then could "closest" choose), Ryu decides. A lower k never has
     * one: c with a trailing zero would have parsed back one digit earlier, so c needs no trimming.
     */
    static boolean appendShortDecimal(StringBuilder out, double abs) {
        double ulp = Math.ulp(abs);
        for (int k = 1; k <= MAX_FAST_FRACTION_DIGITS; k++) {
            double p = POW10_DOUBLE[k];
            double product = abs * p;
            if (!(product < TWO_POW_52)) {
                return false;
            }
            double m = Math.rint(product);
            // c / p == abs needs |c - abs * p| <= p * ulp / 2 (the rounding interval is at most ulp wide), and
            // the product is within ulp(product) / 2 of abs * p: a candidate farther from the product than
            // the sum of both cannot parse back. Checked at twice that reach (a margin for this sum's own
            // rounding; every term is exact), it spares the divisions of nearly every k that has no answer:
            // a timestamp with 6 fraction digits took 18 divisions, now 3. Rounding is monotone and reach is a
            // double, so a rounded |c - product| exceeds reach only if the exact one does: a candidate may be
            // let through to the division, never lost.
            double reach = p * ulp + Math.ulp(product);
            if (Math.abs(product - m) > reach) {
                continue;
            }
            long found = 0;
            int count = 0;
            for (double c = Math.max(1, m - 1); c <= m + 1; c++) {
                if (Math.abs(c - product) <= reach && c / p == abs) {
                    found = (long) c;
                    count++;
                }
            }
            if (count == 1) {
                layout(out, found, -k);
                return true;
            }
            if (count > 1) {
                return false;
            }
        }
        return false;
    }

    /** Ryu's digit generation for a positive finite non-zero double, then Python's layout. */
    private static void shortest(StringBuilder out, int ieeeExponent, long ieeeMantissa) {
        int e2;
        long m2;
        if (ieeeExponent == 0) {
            e2 = 1 - 1023 - 52 - 2;
            m2 = ieeeMantissa;
        } else {
            e2 = ieeeExponent - 1023 - 52 - 2;
            m2 = (1L << 52) | ieeeMantissa;
        }
        // Round-half-even parsing maps an interval end to this double iff its mantissa is even.
        boolean acceptBounds = (m2 & 1) == 0;
        long mv = 4 * m2;
        // The lower neighbour is closer (half the distance) at a power of two, except at the lowest exponents.
        int mmShift = (ieeeMantissa != 0 || ieeeExponent <= 1) ? 1 : 0;

        long vr;
        long vp;
        long vm;
        int e10;
        boolean vmIsTrailingZeros = false;
        boolean vrIsTrailingZeros = false;
        if (e2 >= 0) {
            int q = log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            int k = POW5_INV_BITCOUNT + pow5bits(q) - 1;
            int i = -e2 + q + k;
            long hi = POW5_INV_HI[q];
            long lo = POW5_INV_LO[q];
            vr = mulShift(mv, lo, hi, i);
            vp = mulShift(mv + 2, lo, hi, i);
            vm = mulShift(mv - 1 - mmShift, lo, hi, i);
            if (q <= 21) {
                // Only here can the scaled values be exact integers (5^q divides them).
                if (mv % 5 == 0) {
                    vrIsTrailingZeros = multipleOfPowerOf5(mv, q);
                } else if (acceptBounds) {
                    vmIsTrailingZeros = multipleOfPowerOf5(mv - 1 - mmShift, q);
                } else if (multipleOfPowerOf5(mv + 2, q)) {
                    vp--; // the exact upper end is excluded
                }
            }
        } else {
            int q = log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            int i = -e2 - q;
            int k = pow5bits(i) - POW5_BITCOUNT;
            int j = q - k;
            long hi = POW5_HI[i];
            long lo = POW5_LO[i];
            vr = mulShift(mv, lo, hi, j);
            vp = mulShift(mv + 2, lo, hi, j);
            vm = mulShift(mv - 1 - mmShift, lo, hi, j);
            if (q <= 1) {
                // mv has at least one trailing zero bit, so vr is exact; vp/vm are exact too.
                vrIsTrailingZeros = true;
                if (acceptBounds) {
                    vmIsTrailingZeros = mmShift == 1;
                } else {
                    vp--;
                }
            } else if (q < 63) {
                // vr = floor(mv * 5^i / 2^q) is exact iff 2^q divides mv.
                vrIsTrailingZeros = (mv & ((1L << q) - 1)) == 0;
            }
        }

        int removed = 0;
        long output;
        if (vmIsTrailingZeros || vrIsTrailingZeros) {
            // Rare general case: exact ends/values matter for the inclusive bound and the tie to even.
            int lastRemovedDigit = 0;
            while (vp / 10 > vm / 10) {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = (int) (vr % 10);
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            if (vmIsTrailingZeros) {
                while (vm % 10 == 0) {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = (int) (vr % 10);
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) {
                lastRemovedDigit = 4; // exactly half-way: round to even
            }
            boolean up = (vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5;
            output = vr + (up ? 1 : 0);
        } else {
            boolean roundUp = false;
            while (vp / 100 > vm / 100) {
                roundUp = vr % 100 >= 50;
                vr /= 100;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }
            while (vp / 10 > vm / 10) {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            output = vr + ((vr == vm || roundUp) ? 1 : 0);
        }
        int exp = e10 + removed;
        while (output % 10 == 0) {
            output /= 10;
            exp++;
        }
        layout(out, output, exp);
    }

    /** Python's layout of {@code digits * 10^exp} (digits without trailing zeros), like float_repr_style short. */
    private static void layout(StringBuilder out, long digits, int exp) {
        int n = decimalLength(digits);
        int decpt = n + exp; // value = 0.DIGITS * 10^decpt
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.");
                zeros(out, -decpt);
                out.append(digits);
            } else if (decpt >= n) {
                out.append(digits);
                zeros(out, decpt - n);
                out.append(".0");
            } else {
                long div = POW10[n - decpt];
                long frac = digits % div;
                out.append(digits / div).append('.');
                zeros(out, n - decpt - decimalLength(frac));
                out.append(frac);
            }
        } else {
            long div = POW10[n - 1];
            out.append(digits / div);
            if (n > 1) {
                long frac = digits % div;
                out.append('.');
                zeros(out, n - 1 - decimalLength(frac));
                out.append(frac);
            }
            int e = decpt - 1;
            out.append('e').append(e < 0 ? '-' : '+');
            if (e < 0) {
                e = -e;
            }
            if (e < 10) {
                out.append('0');
            }
            out.append(e);
        }
    }

    private static void zeros(StringBuilder out, int count) {
        for (int i = 0; i < count; i++) {
            out.append('0');
        }
    }

    private static int decimalLength(long v) {
        int n = 1;
        while (n < 19 && v >= POW10[n]) {
            n++;
        }
        return n;
    }

    /** (m * (hi * 2^64 + lo)) >> shift, for 0 <= m < 2^56, hi < 2^62 and a result that fits in 64 bits. */
    private static long mulShift(long m, long lo, long hi, int shift) {
        long b0Hi = Math.multiplyHigh(m, lo) + (lo < 0 ? m : 0); // unsigned high half of m * lo
        long b2Lo = m * hi;
        long b2Hi = Math.multiplyHigh(m, hi);
        long sumLo = b0Hi + b2Lo;
        long sumHi = b2Hi + (Long.compareUnsigned(sumLo, b2Lo) < 0 ? 1 : 0);
        int s = shift - 64;
        if (s == 0) {
            return sumLo;
        }
        if (s >= 64) {
            return sumHi >>> (s - 64);
        }
        return (sumLo >>> s) | (sumHi << (64 - s));
    }

    /** floor(log10(2^e)) for 0 <= e <= 1650. */
    private static int log10Pow2(int e) {
        return (int) (((long) e * 78913) >>> 18);
    }

    /** floor(log10(5^e)) for 0 <= e <= 2620. */
    private static int log10Pow5(int e) {
        return (int) (((long) e * 732923) >>> 20);
    }

    /** ceil(log2(5^e)) for e >= 1, 1 for e = 0 (the bit length of 5^e). */
    private static int pow5bits(int e) {
        return (int) ((((long) e * 1217359) >>> 19) + 1);
    }

    private static boolean multipleOfPowerOf5(long value, int p) {
        int count = 0;
        while (value > 0 && value % 5 == 0) {
            value /= 5;
            count++;
            if (count >= p) {
                return true;
            }
        }
        return count >= p;
    }
}
