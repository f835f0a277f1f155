package org.labbridge.codec.pyexplabsys;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CodenamesTest {

    private static String error(List<String> names) {
        return assertThrows(IllegalArgumentException.class, () -> Codenames.validate(names)).getMessage();
    }

    @Test
    void acceptsSpacesAndKeepsOrder() {
        assertEquals(List.of("b", "a c"), Codenames.validate(Arrays.asList("b", "a c")));
    }

    @Test
    void duplicateText() {
        assertEquals("Codenames must be unique; 'a' is present more than once", error(List.of("a", "b", "a")));
    }

    @Test
    void badCharacterTexts() {
        for (char c : new char[] {'#', ',', ';', ':', '&'}) {
            assertEquals("The character '" + c + "' is not allowed in the codenames", error(List.of("x" + c + "y")));
        }
    }

    @Test
    void checkOrderIsPythons() {
        // bad characters are checked in BAD_CHARS order, not position order
        assertEquals("The character '#' is not allowed in the codenames", error(List.of("a&b#c")));
        // per name: the duplicate check comes before the character check
        assertEquals("Codenames must be unique; 'a#' is present more than once", error(List.of("a#", "a#")));
        // names are checked in order
        assertEquals("The character ',' is not allowed in the codenames", error(List.of("a,", "b", "b")));
    }

    @Test
    void timeoutsMustMatchCodenames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Codenames.timeouts(List.of("a", "b"), List.of(1.0)));
        assertEquals("If a list of timeouts is supplied, it must have as many items as there are in codenames",
                e.getMessage());
        assertEquals(Arrays.asList(1.0, null), Codenames.timeouts(List.of("a", "b"), Arrays.asList(1.0, null)));
        assertEquals(Arrays.asList(2.5, 2.5), Codenames.timeouts(List.of("a", "b"), 2.5));
    }
}
