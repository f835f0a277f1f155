package org.labbridge.codec.pyexplabsys;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RawWithNamesTest {

    private static String error(String data) {
        return assertThrows(PyValueError.class, () -> RawWithNames.parse(data)).getMessage();
    }

    @Test
    void docExample() throws PyValueError {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("greeting", "Live long and prosper");
        expected.put("numbers", List.of(47L, 42L));
        assertEquals(expected, RawWithNames.parse("greeting:str:Live long and prosper;numbers:int:47,42"));
    }

    @Test
    void types() throws PyValueError {
        Map<String, Object> m = RawWithNames.parse("a:int:1;b:float:2.5,3;c:bool:True,False;d:str:;e:str:x,y");
        assertEquals(1L, m.get("a"));
        assertEquals(List.of(2.5, 3.0), m.get("b"));
        assertEquals(List.of(true, false), m.get("c"));
        assertEquals("", m.get("d"));
        assertEquals(List.of("x", "y"), m.get("e"));
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(m.keySet()));
    }

    @Test
    void repeatedCodenameKeepsFirstPositionLastValue() throws PyValueError {
        Map<String, Object> m = RawWithNames.parse("a:int:1;b:int:2;a:int:3");
        assertEquals(List.of("a", "b"), List.copyOf(m.keySet()));
        assertEquals(3L, m.get("a"));
    }

    @Test
    void partFormatErrors() {
        assertEquals("The data part 'a:int' did not match the expected format of 3 parts divided by ':'",
                error("a:int"));
        assertEquals("The data part '' did not match the expected format of 3 parts divided by ':'", error(""));
        assertEquals("The data part '' did not match the expected format of 3 parts divided by ':'", error("a:int:1;"));
        assertEquals("The data part 'a:str:1:2' did not match the expected format of 3 parts divided by ':'",
                error("a:str:1:2"));
    }

    @Test
    void typeError() {
        assertEquals("The data type 'double' is unknown. Only dict_keys(['int', 'float', 'str', 'bool']) are allowed",
                error("a:double:1"));
        assertEquals("The data type 'Int' is unknown. Only dict_keys(['int', 'float', 'str', 'bool']) are allowed",
                error("a:Int:1"));
    }

    @Test
    void conversionErrorsVerbatim() {
        assertEquals("Unable to convert values to 'int'. Error is: invalid literal for int() with base 10: '1.5'",
                error("a:int:1.5"));
        assertEquals("Unable to convert values to 'float'. Error is: could not convert string to float: 'abc'",
                error("a:float:1,abc"));
        assertEquals("Unable to convert values to 'bool'. Error is: Cannot translate the string 'yes' to a boolean. "
                + "Only the strings 'True' or 'False' are allowed", error("a:bool:yes"));
        assertEquals("Unable to convert values to 'bool'. Error is: Cannot translate the string 'true' to a boolean. "
                + "Only the strings 'True' or 'False' are allowed", error("a:bool:true"));
        assertEquals("Unable to convert values to 'int'. Error is: invalid literal for int() with base 10: ''",
                error("a:int:"));
    }

    @Test
    void firstFailingPartWins() {
        assertEquals("The data type 'x' is unknown. Only dict_keys(['int', 'float', 'str', 'bool']) are allowed",
                error("a:int:1;b:x:1;c:int"));
    }

    @Test
    void pythonSplitKeepsEmptyFields() {
        assertEquals(Arrays.asList("", "a", "", ""), RawWithNames.split(";a;;", ';'));
        assertEquals(List.of(""), RawWithNames.split("", ';'));
    }
}
