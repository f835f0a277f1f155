package org.labbridge.codec.pyexplabsys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected values and messages were taken from CPython 3.11. */
class PyNumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "42|42", "' 42 '|42", "+7|7", "-7|-7", "1_000|1000", "007|7", "'\t5\n'|5", "-0|0",
            "9223372036854775807|9223372036854775807"})
    void ints(String text, long expected) throws PyValueError {
        assertEquals(expected, PyNumbers.parseInt(text));
    }

    @Test
    void bigIntsStayExact() throws PyValueError {
        assertEquals(new BigInteger("123456789012345678901234567890"),
                PyNumbers.parseInt("123456789012345678901234567890"));
        assertEquals(new BigInteger("-9223372036854775809"), PyNumbers.parseInt("-9223372036854775809"));
        assertEquals(Long.MIN_VALUE, PyNumbers.parseInt("-9223372036854775808"));
    }

    @Test
    void unicodeDigitsAndSpaces() throws PyValueError {
        assertEquals(12L, PyNumbers.parseInt("\u0661\u0662")); // Arabic-Indic digits, as int() accepts
        assertEquals(5L, PyNumbers.parseInt("\u00a05\u3000"));
        assertEquals(1.5, PyNumbers.parseFloat("\u0661.5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "", " ", "1_", "_1", "1__0", "+", "- 1", "0x10", "1e3", "abc", "1 2", "\u00b2"})
    void badInts(String text) {
        PyValueError e = assertThrows(PyValueError.class, () -> PyNumbers.parseInt(text));
        assertTrue(e.getMessage().startsWith("invalid literal for int() with base 10: "), e.getMessage());
    }

    @Test
    void intMessagesUsePythonRepr() {
        assertEquals("invalid literal for int() with base 10: '1.5'",
                assertThrows(PyValueError.class, () -> PyNumbers.parseInt("1.5")).getMessage());
        assertEquals("invalid literal for int() with base 10: ''",
                assertThrows(PyValueError.class, () -> PyNumbers.parseInt("")).getMessage());
        assertEquals("invalid literal for int() with base 10: ' x'",
                assertThrows(PyValueError.class, () -> PyNumbers.parseInt(" x")).getMessage());
        // %.200R: the repr is cut after 200 characters
        String longText = "x".repeat(300);
        assertEquals("invalid literal for int() with base 10: '" + "x".repeat(199),
                assertThrows(PyValueError.class, () -> PyNumbers.parseInt(longText)).getMessage());
    }

    @Test
    void intDigitLimit() throws PyValueError {
        assertEquals(4300, PyNumbers.parseInt("9".repeat(4300)).toString().length());
        assertEquals("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; "
                        + "use sys.set_int_max_str_digits() to increase the limit",
                assertThrows(PyValueError.class, () -> PyNumbers.parseInt("9".repeat(4301))).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.5|1.5", ".5|0.5", "5.|5.0", "5|5.0", "1e3|1000.0", "1E-3|0.001", "5.e3|5000.0", "-.5e1|-5.0",
            "' 2.25 '|2.25", "1_000.000_5|1000.0005", "+3|3.0", "1e400|Infinity", "-1e400|-Infinity",
            "inf|Infinity", "-Infinity|-Infinity", "iNfInItY|Infinity", "+inf|Infinity", "1e5_0|1.0E50"})
    void floats(String text, double expected) throws PyValueError {
        assertEquals(expected, PyNumbers.parseFloat(text));
    }

    @Test
    void nans() throws PyValueError {
        assertTrue(Double.isNaN(PyNumbers.parseFloat("nan")));
        assertTrue(Double.isNaN(PyNumbers.parseFloat("-NaN")));
        assertTrue(Double.isNaN(PyNumbers.parseFloat("NAN")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", ".", "e5", "1e", "1e+", "1_e5", "1e_5", "_1", "1_", "1__0", "0x1p3", "1.5f",
            "1.5d", "in", "infinit", "nan1", "1,5", "- 1", "1 2", "Infinityy", "1._5"})
    void badFloats(String text) {
        PyValueError e = assertThrows(PyValueError.class, () -> PyNumbers.parseFloat(text));
        assertTrue(e.getMessage().startsWith("could not convert string to float: "), e.getMessage());
    }

    @Test
    void floatMessageUsesRepr() {
        assertEquals("could not convert string to float: 'abc'",
                assertThrows(PyValueError.class, () -> PyNumbers.parseFloat("abc")).getMessage());
        assertEquals("could not convert string to float: \"it's\"",
                assertThrows(PyValueError.class, () -> PyNumbers.parseFloat("it's")).getMessage());
    }
}
