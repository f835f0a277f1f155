package org.labbridge.codec.plugind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScaledValueTest {

    @Test
    void numbersAreScaledByTheDivisor() {
        assertEquals(OptionalLong.of(21500), ScaledValue.scale(21.5, 1000));
        assertEquals(OptionalLong.of(1001), ScaledValue.scale(1.0005, 1000));
        assertEquals(OptionalLong.of(-1001), ScaledValue.scale(-1.0005, 1000));
        assertEquals(OptionalLong.of(100), ScaledValue.scale(0.1, 1000));
        assertEquals(OptionalLong.of(47000), ScaledValue.scale(47, 1000));
        assertEquals(OptionalLong.of(47), ScaledValue.scale(47L, 1));
        assertEquals(OptionalLong.of(1000), ScaledValue.scale(true, 1000));
        assertEquals(OptionalLong.of(0), ScaledValue.scale(false, 1000));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), ScaledValue.scale(BigInteger.valueOf(Long.MAX_VALUE), 1));
    }

    @Test
    void whatCannotBeAnInt64IsAGap() {
        assertFalse(ScaledValue.scale(Double.NaN, 1000).isPresent());
        assertFalse(ScaledValue.scale(Double.POSITIVE_INFINITY, 1000).isPresent());
        assertFalse(ScaledValue.scale(1e300, 1000).isPresent());
        assertFalse(ScaledValue.scale(Long.MAX_VALUE, 1000).isPresent());
        assertFalse(ScaledValue.scale(BigInteger.TEN.pow(30), 1).isPresent());
        assertFalse(ScaledValue.scale("OLD_DATA", 1000).isPresent());
        assertFalse(ScaledValue.scale(null, 1000).isPresent());
        assertTrue(ScaledValue.isNumeric(true));
        assertFalse(ScaledValue.isNumeric("1"));
    }
}
