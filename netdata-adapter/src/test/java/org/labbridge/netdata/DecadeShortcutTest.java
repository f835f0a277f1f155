package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DecadeScale} answers with {@link DecadeShortcut} where it can: every answer must be the decimal one
 * ({@code DecadeScale.decimal*}, the computation as it was before the shortcut). The inputs are random lab-like
 * readings (1 to 17 significant digits, so that exact rounding halves occur), raw random doubles, integers and the
 * edges.
 */
class DecadeShortcutTest {
    private static final long[] DIVISORS = {1, 10, 1000, DecadeScale.DIVISOR, 1_000_000_000L};
    private static final int[] EXPONENTS = {-300, -30, -24, -21, -18, -15, -12, -9, -6, -3, 0, 3, 6, 9, 12, 15, 18,
            21, 24, 30, 300};

    /** Readings as a lab sends them, and the awkward ones. */
    private static List<Object> readings(Random r, int n) {
        List<Object> out = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.0000005, 12.3456785,
                1.2345e-6, 3.3e-9, 7.5e11, 999.9995, 999999.5, 1e-7, 5e-7, Double.MIN_VALUE, Double.MIN_NORMAL,
                Double.MAX_VALUE, 1e15, 4.5e15, 9.007199254740993e15, 0.1 + 0.2, 1e23, 2e-3, 8.41e21,
                Double.NaN, Double.POSITIVE_INFINITY, 0L, 1L, -1L, 47L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE / 1000, 9_223_372_036_855L, 123_456_789_012L, Integer.MAX_VALUE, Integer.MIN_VALUE, 5,
                -5, 1500, -1500, 2_500_000));
        for (int i = 0; i < n; i++) {
            switch (i % 5) {
                case 0, 1 -> { // decimal literal with 1..17 digits and a decade, as JSON carries it
                    int digits = 1 + r.nextInt(17);
                    StringBuilder sb = new StringBuilder(r.nextBoolean() ? "-" : "");
                    sb.append(1 + r.nextInt(9));
                    for (int k = 1; k < digits; k++) {
                        sb.append(r.nextInt(10));
                    }
                    if (r.nextInt(3) == 0) {
                        sb.setCharAt(sb.length() - 1, '5'); // a rounding half at some scale
                    }
                    out.add(Double.parseDouble(sb + "e" + (r.nextInt(40) - 20 - digits)));
                }
                case 2 -> out.add(Math.sin(i) * Math.pow(10, r.nextInt(30) - 15));
                case 3 -> out.add(Double.longBitsToDouble(r.nextLong()));
                default -> out.add(r.nextInt(4) == 0 ? r.nextLong() : (long) r.nextInt(2_000_000) - 1_000_000);
            }
        }
        return out;
    }

    @Test
    void sentIsTheDecimalRounding() {
        Random r = new Random(15);
        int checked = 0;
        for (Object v : readings(r, 4_000)) {
            for (int e : EXPONENTS) {
                for (long divisor : DIVISORS) {
                    assertEquals(DecadeScale.decimalSent(v, e, divisor), DecadeScale.sent(v, e, divisor),
                            () -> v + " at 1e" + e + ", divisor " + divisor);
                    checked++;
                }
            }
        }
        assertTrue(checked > 400_000);
    }

    @Test
    void theScaleIsKeptExactlyAsTheDecimalComparisonSays() {
        Random r = new Random(16);
        for (Object v : readings(r, 4_000)) {
            double m = DecadeScale.magnitude(v);
            assertEquals(DecadeScale.decimalMagnitude(v), m, 0.0, () -> "magnitude of " + v);
            if (!(m > 0) || Double.isInfinite(m)) {
                continue;
            }
            for (int e = -33; e <= 33; e += 3) {
                int exponent = e;
                assertEquals(DecadeScale.decimalKeeps(e, m), DecadeScale.keeps(e, m), () -> m + " at 1e" + exponent);
            }
            for (double edge : new double[] {1, 1e6, Math.nextDown(1.0), Math.nextDown(1e6), Math.nextUp(1.0)}) {
                double at = edge * Math.pow(10, r.nextInt(21) - 10);
                int e = (r.nextInt(7) - 3) * 3;
                assertEquals(DecadeScale.decimalKeeps(e, at), DecadeScale.keeps(e, at), () -> at + " at 1e" + e);
            }
        }
    }

    @Test
    void lossIsRecognisedExactlyAsTheDecimalComparisonSays() {
        Random r = new Random(17);
        for (Object v : readings(r, 4_000)) {
            for (long divisor : DIVISORS) {
                int e = (r.nextInt(9) - 4) * 3;
                OptionalLong sent = DecadeScale.sent(v, e, divisor);
                if (sent.isEmpty()) {
                    continue;
                }
                long multiplier = r.nextInt(4) == 0 ? 1 + r.nextInt(1000) : 1;
                // the sent value itself, and ones just inside and outside 0.01 %
                long s = sent.getAsLong();
                long tenThousandth = Math.max(1, Math.abs(s) / 10_000);
                for (long candidate : new long[] {s, s + 1, s - 1, s + tenThousandth, s - tenThousandth,
                        s + tenThousandth + 1, 0}) {
                    assertEquals(DecadeScale.decimalFaithful(v, candidate, e, multiplier, divisor),
                            DecadeScale.faithful(v, candidate, e, multiplier, divisor),
                            () -> v + " sent as " + candidate + " at 1e" + e + " x" + multiplier + "/" + divisor);
                }
            }
        }
    }

    @Test
    void theShortcutAnswersTheUsualReadings() {
        // the point of it: lab readings at their chart's scale are decided without decimals
        assertEquals(63_123_000, DecadeShortcut.sentDouble(63.123, 0, DecadeScale.DIVISOR));
        assertEquals(-1_500_000, DecadeShortcut.sentDouble(-1.5e-6, -6, DecadeScale.DIVISOR));
        assertEquals(750_000_000, DecadeShortcut.sentLong(750_000_000_000L, 9, DecadeScale.DIVISOR));
        assertEquals(1, DecadeShortcut.keeps(-6, 1.2e-6));
        assertEquals(1, DecadeShortcut.faithful(63.123, 63_123_000, 0, 1, DecadeScale.DIVISOR));
        // and leaves a rounding half to the decimals: 12.3456785 × 1e6 is 12345678.5 exactly in decimal
        assertEquals(DecadeShortcut.UNSURE, DecadeShortcut.sentDouble(12.3456785, 0, DecadeScale.DIVISOR));
    }
}
