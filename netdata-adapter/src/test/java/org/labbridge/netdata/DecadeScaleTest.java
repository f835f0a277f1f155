package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DecadeScaleTest {

    @Test
    void theExponentPutsTheChartedNumberIn1To1000() {
        assertEquals(-6, DecadeScale.exponentFor(1.5e-6));
        assertEquals(-6, DecadeScale.exponentFor(1.05e-5));
        assertEquals(-9, DecadeScale.exponentFor(3.3e-9));
        assertEquals(-12, DecadeScale.exponentFor(1e-12));
        assertEquals(9, DecadeScale.exponentFor(7.5e11));
        assertEquals(0, DecadeScale.exponentFor(1));
        assertEquals(0, DecadeScale.exponentFor(999.999));
        assertEquals(3, DecadeScale.exponentFor(1000));
        assertEquals(-3, DecadeScale.exponentFor(0.999999999));
        assertEquals(0, DecadeScale.exponentFor(0));
        assertEquals(0, DecadeScale.exponentFor(Double.NaN));
    }

    @Test
    void aScaleIsKeptWhileTheChartedNumberStaysIn1To1e6() {
        assertTrue(DecadeScale.keeps(-6, 1e-6));
        assertTrue(DecadeScale.keeps(-6, 0.999e0)); // 999000 µ
        assertFalse(DecadeScale.keeps(-6, 1.0)); // 1e6 µ: three decades up, moves
        assertFalse(DecadeScale.keeps(-6, 0.99e-6)); // below 1 loses digits: moves at once
        assertTrue(DecadeScale.keeps(-6, 0));
    }

    @Test
    void unitsNameTheScale() {
        assertEquals("nA", DecadeScale.units("A", -9));
        assertEquals("umbar", DecadeScale.units("mbar", -6));
        assertEquals("kHz", DecadeScale.units("Hz", 3));
        assertEquals("GB", DecadeScale.units("bytes", 9));
        assertEquals("x1e-9 value", DecadeScale.units("value", -9));
        assertEquals("x1e-33 A", DecadeScale.units("A", -33));
        assertEquals("°C", DecadeScale.units("°C", 0));
        assertEquals("x1e3 °C", DecadeScale.units("°C", 3));
    }

    @Test
    void whatIsSentKeepsSevenDigitsAcrossTheWholeRange() {
        assertEquals(OptionalLong.of(1_234_500), DecadeScale.sent(1.2345e-6, -6, DecadeScale.DIVISOR));
        assertEquals(OptionalLong.of(3_300_000), DecadeScale.sent(3.3e-9, -9, DecadeScale.DIVISOR));
        assertEquals(OptionalLong.of(750_000_000), DecadeScale.sent(7.5e11, 9, DecadeScale.DIVISOR));
        assertEquals(OptionalLong.of(21_512_345), DecadeScale.sent(21.512345, 0, DecadeScale.DIVISOR));
        assertEquals(OptionalLong.of(-1_500_000), DecadeScale.sent(-1.5e-6, -6, DecadeScale.DIVISOR));
        assertEquals(OptionalLong.of(1_000_000), DecadeScale.sent(true, 0, DecadeScale.DIVISOR));
        assertEquals(OptionalLong.empty(), DecadeScale.sent("OLD_DATA", 0, DecadeScale.DIVISOR));
        assertEquals(OptionalLong.empty(), DecadeScale.sent(Double.NaN, 0, DecadeScale.DIVISOR));
        assertEquals(OptionalLong.empty(), DecadeScale.sent(1e30, 0, DecadeScale.DIVISOR), "beyond int64: a gap");
    }

    @Test
    void lostDigitsAreRecognised() {
        assertFalse(DecadeScale.faithful(1.5e-6, 0, 0, 1, 1000));
        assertFalse(DecadeScale.faithful(1.23456, 1235, 0, 1, 1000));
        assertTrue(DecadeScale.faithful(1.5, 1500, 0, 1, 1000));
        assertTrue(DecadeScale.faithful(1.2345e-6, 1_234_500, -6, 1, DecadeScale.DIVISOR));
        assertTrue(DecadeScale.faithful(0, 0, 0, 1, 1000));
    }
}
