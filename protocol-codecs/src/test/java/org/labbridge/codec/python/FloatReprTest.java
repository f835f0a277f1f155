package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloatReprTest {

    /** Every line of vectors/float-repr.tsv: IEEE bits in hex, then CPython's repr. */
    @Test
    void everyVectorMatchesCPython() throws IOException {
        List<String> failures = new ArrayList<>();
        int count = 0;
        try (InputStream in = getClass().getResourceAsStream("/vectors/float-repr.tsv")) {
            assertTrue(in != null, "vectors/float-repr.tsv on the test classpath");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                assertEquals(2, cols.length, "malformed vector line: " + line);
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(cols[0], 16));
                String got = PyFormat.floatRepr(d);
                if (!got.equals(cols[1])) {
                    failures.add(cols[0] + ": expected " + cols[1] + " got " + got);
                }
                count++;
            }
        }
        assertEquals(1631, count, "vector count");
        assertEquals(List.of(), failures);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0|0.0", "-0.0|-0.0", "NaN|nan", "Infinity|inf", "-Infinity|-inf",
        "1.0|1.0", "-1.5|-1.5", "21.5|21.5", "1414154338.172345|1414154338.172345",
        "4.9E-324|5e-324", "-4.9E-324|-5e-324", "1.7976931348623157E308|1.7976931348623157e+308",
        "2.2250738585072014E-308|2.2250738585072014e-308", "2.225073858507201E-308|2.225073858507201e-308",
        "1.0E-4|0.0001", "9.999999999999999E-5|9.999999999999999e-05", "1.0E-5|1e-05", "1.5E-5|1.5e-05",
        "1.0E16|1e+16", "9.999999999999998E15|9999999999999998.0", "9.999999999999999E15|1e+16",
        "1.23456789012345677E17|1.2345678901234568e+17", "1.0E15|1000000000000000.0",
        "9007199254740992.0|9007199254740992.0", "9007199254740994.0|9007199254740994.0",
        "9007199254740991.0|9007199254740991.0", "1.0E22|1e+22", "1.0E23|1e+23", "2.0E23|2e+23",
        "0.1|0.1", "0.3|0.3", "0.30000000000000004|0.30000000000000004", "100.0|100.0", "1.0E-10|1e-10",
        "123.456|123.456", "0.001|0.001", "5.0E-324|5e-324", "1.0E100|1e+100", "1.0E-100|1e-100",
        "0x1.0p-1022|2.2250738585072014e-308", "0x1.0p-1074|5e-324", "0x1.0p53|9007199254740992.0",
        "0x1.0p54|1.8014398509481984e+16", "0x1.0p-14|6.103515625e-05", "0x1.0p-13|0.0001220703125",
        "3.0E-4|0.0003", "1.2345E-4|0.00012345"
    })
    void edgeCases(String input, String expected) {
        double d = Double.parseDouble(input);
        assertEquals(expected, PyFormat.floatRepr(d));
        if (Double.isFinite(d)) {
            assertEquals(d, Double.parseDouble(PyFormat.floatRepr(d)));
        }
    }

    @Test
    void floatWidensToDouble() {
        StringBuilder sb = new StringBuilder();
        PyFormat.appendFloatRepr(sb, 0.1f);
        assertEquals("0.10000000149011612", sb.toString());
    }

    @Test
    void appendsWithoutDisturbingPrefix() {
        StringBuilder sb = new StringBuilder("x=");
        PyFormat.appendFloatRepr(sb, 1e-7);
        assertEquals("x=1e-07", sb.toString());
    }

    /** Random bit patterns: round trip and the shortest/closest digits of the BigDecimal oracle. */
    @Test
    void randomBitPatternsAreShortestAndClosest() {
        SplittableRandom random = new SplittableRandom(20261122L);
        int checked = 0;
        while (checked < 200_000) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            checkAgainstOracle(d);
            checked++;
        }
    }

    /** Human-looking values (few decimals) and values around the notation boundaries and powers of 2 and 10. */
    @Test
    void shortDecimalsPowersAndNeighbours() {
        SplittableRandom random = new SplittableRandom(42L);
        for (int i = 0; i < 50_000; i++) {
            long digits = random.nextLong(1, 100_000_000_000L);
            int exp = random.nextInt(-30, 30);
            checkAgainstOracle(Double.parseDouble(digits + "e" + exp));
        }
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            checkAgainstOracle(p);
            checkAgainstOracle(Math.nextUp(p));
            if (Math.nextDown(p) > 0) {
                checkAgainstOracle(Math.nextDown(p));
            }
        }
        for (int e = -323; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            checkAgainstOracle(p);
            checkAgainstOracle(Math.nextUp(p));
            if (Math.nextDown(p) > 0) {
                checkAgainstOracle(Math.nextDown(p));
            }
        }
        for (long m = 1; m < 5000; m++) {
            checkAgainstOracle(Double.longBitsToDouble(m)); // subnormals
            checkAgainstOracle(Double.longBitsToDouble(0x000fffffffffffffL - m));
            checkAgainstOracle(Double.longBitsToDouble(0x7fefffffffffffffL - m));
        }
        checkAgainstOracle(Double.MIN_NORMAL);
        checkAgainstOracle(Double.MAX_VALUE);
        checkAgainstOracle(123456789012345678.0);
    }

    /**
     * The short-decimal fast path against Ryu alone, differentially: typed-looking literals (1 to 16 digits,
     * 0 to 12 of them after the point), their neighbours, random bit patterns, and the ends of its range
     * (2^52 / 10^k, 10^-k). Wherever the fast path answers, it must print what Ryu prints; and it must
     * answer for nearly every literal with at most 10 fraction digits (else it would be dead code).
     */
    @Test
    void shortDecimalFastPathPrintsWhatRyuPrints() {
        SplittableRandom random = new SplittableRandom(20261206L);
        int literals = 0;
        int fastLiterals = 0;
        for (int i = 0; i < 400_000; i++) {
            int digits = random.nextInt(1, 17);
            int fraction = random.nextInt(0, Math.min(digits, 12) + 1);
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < digits; j++) {
                text.append((char) ('0' + random.nextInt(j == 0 && digits > 1 ? 1 : 0, 10)));
            }
            if (fraction > 0) {
                text.insert(digits - fraction, '.');
            }
            double d = Double.parseDouble(text.toString());
            if (d == 0 || d == Math.rint(d)) {
                continue;
            }
            literals++;
            if (compareWithRyu(d) && fraction <= 10 && digits <= 15) {
                fastLiterals++;
            }
            compareWithRyu(Math.nextUp(d));
            compareWithRyu(Math.nextDown(d));
        }
        assertTrue(fastLiterals > literals / 2, "fast path answered " + fastLiterals + " of " + literals);
        for (int i = 0; i < 300_000; i++) {
            double d = Math.abs(Double.longBitsToDouble(random.nextLong()));
            if (Double.isFinite(d) && d != 0 && d != Math.rint(d)) {
                compareWithRyu(d);
            }
            double small = random.nextDouble() * Math.pow(10, random.nextInt(-6, 16));
            if (small != 0 && small != Math.rint(small)) {
                compareWithRyu(small);
            }
        }
        for (int k = 1; k <= 12; k++) {
            double edge = 4503599627370496.0 / Math.pow(10, k);
            double tiny = Math.pow(10, -k);
            for (double d : new double[] {edge, Math.nextUp(edge), Math.nextDown(edge), tiny, Math.nextUp(tiny),
                    Math.nextDown(tiny), 0.5 * tiny, 1.5 * tiny}) {
                if (d != Math.rint(d)) {
                    compareWithRyu(d);
                }
            }
        }
        for (int e = -40; e <= 51; e++) { // powers of two: the interval below is half as wide
            double p = Math.scalb(1.0, e);
            for (double d : new double[] {p, Math.nextUp(p), Math.nextDown(p)}) {
                if (d != Math.rint(d)) {
                    compareWithRyu(d);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        assertTrue(FloatRepr.appendShortDecimal(out, 21.5));
        assertEquals("21.5", out.toString());
    }

    /** @return whether the fast path answered for {@code d} (positive, finite, not integral) */
    private static boolean compareWithRyu(double d) {
        StringBuilder fast = new StringBuilder();
        if (!FloatRepr.appendShortDecimal(fast, d)) {
            assertEquals(0, fast.length(), "wrote before declining");
            return false;
        }
        StringBuilder ryu = new StringBuilder();
        FloatRepr.appendRyu(ryu, d);
        if (!fast.toString().contentEquals(ryu)) {
            fail("fast path differs for " + Double.toHexString(d) + ": " + fast + " vs Ryu " + ryu);
        }
        return true;
    }

    private static void checkAgainstOracle(double d) {
        String repr = PyFormat.floatRepr(d);
        if (Double.parseDouble(repr) != d) {
            fail("no round trip for " + Double.toHexString(d) + ": " + repr);
        }
        checkNotation(d, repr);
        BigDecimal ours = new BigDecimal(repr).abs();
        BigDecimal expected = Oracle.shortestClosest(Math.abs(d), ours.stripTrailingZeros().precision());
        if (ours.compareTo(expected) != 0) {
            fail("not shortest/closest for " + Double.toHexString(d) + ": got " + repr + " expected "
                    + expected.toString());
        }
    }

    private static void checkNotation(double d, String repr) {
        double a = Math.abs(d);
        boolean fixed = a >= 1e-4 && a < 1e16;
        if (fixed) {
            assertTrue(repr.indexOf('e') < 0 && repr.indexOf('.') > 0, repr);
        } else {
            assertTrue(repr.matches("-?\\d(\\.\\d*[1-9])?e[+-]\\d{2,3}"), repr);
        }
    }

    /** A slow exact reference: the rounding interval in BigDecimal, candidates rounded down and up. */
    static final class Oracle {
        /**
         * Checks that no decimal with {@code ourLength - 1} significant digits lies in the rounding interval
         * (which covers every shorter length too) and returns the closest {@code ourLength}-digit decimal in it.
         */
        static BigDecimal shortestClosest(double x, int ourLength) {
            BigDecimal exact = new BigDecimal(x);
            BigDecimal up = Double.isFinite(Math.nextUp(x)) ? new BigDecimal(Math.nextUp(x))
                    : exact.add(new BigDecimal(Math.ulp(x)));
            BigDecimal down = new BigDecimal(Math.nextDown(x));
            BigDecimal two = BigDecimal.valueOf(2);
            BigDecimal upper = exact.add(up.subtract(exact).divide(two));
            BigDecimal lower = exact.subtract(exact.subtract(down).divide(two));
            boolean inclusive = (Double.doubleToRawLongBits(x) & 1) == 0;
            if (ourLength > 1) {
                MathContext shorter = new MathContext(ourLength - 1, RoundingMode.FLOOR);
                BigDecimal lo = exact.round(shorter);
                BigDecimal hi = exact.round(new MathContext(ourLength - 1, RoundingMode.CEILING));
                if (inside(lo, lower, upper, inclusive) || inside(hi, lower, upper, inclusive)) {
                    return BigDecimal.valueOf(-1); // a shorter decimal exists: never equal to ours
                }
            }
            BigDecimal lo = exact.round(new MathContext(ourLength, RoundingMode.FLOOR));
            BigDecimal hi = exact.round(new MathContext(ourLength, RoundingMode.CEILING));
            boolean loIn = inside(lo, lower, upper, inclusive);
            boolean hiIn = inside(hi, lower, upper, inclusive);
            if (loIn && hiIn) {
                int cmp = exact.subtract(lo).compareTo(hi.subtract(exact));
                if (cmp != 0) {
                    return cmp < 0 ? lo : hi;
                }
                return lo.unscaledValue().testBit(0) ? hi : lo;
            }
            if (loIn) {
                return lo;
            }
            if (hiIn) {
                return hi;
            }
            return BigDecimal.valueOf(-2); // ours is not even in the interval
        }

        private static boolean inside(BigDecimal c, BigDecimal lower, BigDecimal upper, boolean inclusive) {
            int a = c.compareTo(lower);
            int b = c.compareTo(upper);
            return inclusive ? a >= 0 && b <= 0 : a > 0 && b < 0;
        }
    }
}
