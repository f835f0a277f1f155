package org.labbridge.codec.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Utf8Test {

    @Test
    void countsWhatTheEncoderWrites() {
        for (String s : List.of("", "abc", "µmbar", "°C", "€", "\uD83D\uDE00", "a\uD83Db", "\uDE00x", "end\uD83D",
                "mixed µ € \uD83D\uDE00 \uDE00")) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.encodedLength(s), s);
        }
    }

    @Test
    void countsARangeOnly() {
        String s = "xx€\uD83D\uDE00yy";
        assertEquals(3 + 4, Utf8.encodedLength(s, 2, 5));
        assertEquals(1 + 1, Utf8.encodedLength(s, 3, 4) + Utf8.encodedLength(s, 4, 5), "a pair cut in two");
    }
}
