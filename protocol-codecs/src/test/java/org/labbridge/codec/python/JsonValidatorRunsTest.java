package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The eight-bytes-at-a-time skips of {@link JsonValidator} stop exactly where the byte loops they shorten
 * would: every byte value at every position of a word, after plain bytes and after other stoppers, and
 * random arrays.
 */
class JsonValidatorRunsTest {

    private static boolean plain(byte c) {
        return c >= 0x20 && c != '"' && c != '\\';
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Where the byte loop stops, or where the word loop may hand over (fewer than 8 bytes before the end). */
    private static void check(byte[] b, int from) {
        int p = from;
        while (p < b.length && plain(b[p])) {
            p++;
        }
        int run = JsonValidator.plainRun(b, from, b.length);
        assertRun(b, from, p, run, "plain");
        int d = from;
        while (d < b.length && digit(b[d])) {
            d++;
        }
        assertRun(b, from, d, JsonValidator.digitRun(b, from, b.length), "digit");
    }

    private static void assertRun(byte[] b, int from, int expected, int actual, String what) {
        if (actual != expected) {
            // stopping early is allowed only in the last 7 bytes, all of them before the real stop
            boolean tail = actual < expected && b.length - actual < 8 && actual >= from;
            if (!tail) {
                assertEquals(expected, actual, what + " run from " + from + " of " + java.util.HexFormat.of().formatHex(b));
            }
        }
    }

    @Test
    void everyByteValueAtEveryPositionStopsTheRun() {
        for (int len = 8; len <= 24; len += 8) {
            for (int pos = 0; pos < len; pos++) {
                for (int v = 0; v < 256; v++) {
                    byte[] text = new byte[len];
                    byte[] digits = new byte[len];
                    java.util.Arrays.fill(text, (byte) 'a');
                    java.util.Arrays.fill(digits, (byte) '7');
                    text[pos] = (byte) v;
                    digits[pos] = (byte) v;
                    // a second stopper after the first must not move the answer
                    if (pos + 3 < len) {
                        text[pos + 3] = 0;
                        digits[pos + 3] = (byte) 0xFF;
                    }
                    check(text, 0);
                    check(digits, 0);
                }
            }
        }
    }

    @Test
    void randomArraysAgreeWithTheByteLoops() {
        Random random = new Random(42);
        byte[] alphabet = "ab\"\\0129:/ \u0001".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                int r = random.nextInt(100);
                b[i] = r < 60 ? (byte) (r < 30 ? 'x' : '5') : r < 90 ? alphabet[random.nextInt(alphabet.length)]
                        : (byte) random.nextInt(256);
            }
            check(b, b.length == 0 ? 0 : random.nextInt(b.length));
        }
    }
}
