package org.labbridge.codec.plugind;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginsdWordsTest {

    @Test
    void splitsLikeNetdata() {
        assertEquals(List.of("SET", "x", "5"), PluginsdWords.split("SET x = 5"));
        assertEquals(List.of("SET", "x", "5"), PluginsdWords.split("SET x=5"));
        assertEquals(List.of("SET", "x"), PluginsdWords.split("SET x = "));
        assertEquals(List.of("SET", "x", ""), PluginsdWords.split("SET x = ''"));
        assertEquals(List.of("A", "b c", "d"), PluginsdWords.split("A 'b c' d"));
        assertEquals(List.of("A", "b c", "d"), PluginsdWords.split("A \"b c\"d"));
        assertEquals(List.of("A", "it\"s", "x"), PluginsdWords.split("A 'it\"s' x"));
        assertEquals(List.of("A", "b'c"), PluginsdWords.split("A b'c"));
        assertEquals(List.of("A", "a=b"), PluginsdWords.split("A 'a=b'"));
        assertEquals(List.of("A", "a\\'b"), PluginsdWords.split("A 'a\\'b'"));
        assertEquals(List.of("A", "b", "c"), PluginsdWords.split("\t A\r\nb\t\tc  "));
        assertEquals(List.of(), PluginsdWords.split("   "));
        assertEquals(List.of("A", "open quote"), PluginsdWords.split("A 'open quote"));
    }

    @Test
    void functionRequestsFromTheAgent() {
        assertEquals(List.of("FUNCTION", "3e1f-aa", "10", "labbridge-sources info"),
                PluginsdWords.split("FUNCTION 3e1f-aa 10 \"labbridge-sources info\"", false));
        assertEquals(List.of("FUNCTION", "t", "10", "f a=b", "member", "src"),
                PluginsdWords.split("FUNCTION t 10 \"f a=b\" \"member\" \"src\"", false));
    }
}
