package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The canonical keys of {@link AsciiKeys} and of the flat reader that uses them: one instance, right, bounded. */
class AsciiKeysTest {

    private static String key(String s) {
        byte[] b = ("{\"" + s + "\"").getBytes(StandardCharsets.US_ASCII);
        return AsciiKeys.key(b, 2, b.length - 1);
    }

    @Test
    void aRepeatedKeyIsOneInstanceAcrossMessages() {
        Map<String, Object> first = read("{\"temperature\": 21.5, \"pressure\": 1e-7}");
        Map<String, Object> second = read("{\"pressure\": 2e-7, \"temperature\": 21.6}");
        assertSame(key(first, "temperature"), key(second, "temperature"));
        assertSame(key(first, "pressure"), key(second, "pressure"));
        // values are not canonicalized: a string value is its own
        Map<String, Object> a = read("{\"s\": \"on\"}");
        Map<String, Object> b = read("{\"s\": \"on\"}");
        assertEquals(a.get("s"), b.get("s"));
        assertNotSame(a.get("s"), b.get("s"));
    }

    /** A datagram's way in: the flat reader on fresh bytes. */
    private static Map<String, Object> read(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return PyJson.loadsFlat(utf8, 0, utf8.length, JsonLimits.DEFAULT);
    }

    private static String key(Map<String, Object> m, String name) {
        return m.keySet().stream().filter(name::equals).findFirst().orElseThrow();
    }

    @Test
    void aLongKeyIsMadeAfreshEachTime() {
        String longKey = "k".repeat(AsciiKeys.MAX_KEY_BYTES + 1);
        String atTheBound = "b".repeat(AsciiKeys.MAX_KEY_BYTES);
        assertEquals(longKey, key(longKey));
        assertNotSame(key(longKey), key(longKey));
        assertSame(key(atTheBound), key(atTheBound));
    }

    @Test
    void keysSharingASlotEachGetTheirOwnText() {
        // two keys with the same slot, read in turn: each replaces the other and must never be returned for it
        String a = "aa";
        String b = null;
        for (int i = 0; b == null; i++) {
            String candidate = "k" + i;
            if (slot(candidate) == slot(a)) {
                b = candidate;
            }
        }
        for (int i = 0; i < 1_000; i++) {
            assertEquals(a, key(a));
            assertEquals(b, key(b));
        }
    }

    private static int slot(String s) {
        int h = s.hashCode();
        return (h ^ (h >>> 16)) & (AsciiKeys.SLOTS - 1);
    }

    @Test
    void everNewKeysKeepItBounded() {
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            first.add(key("first-" + i));
        }
        for (int i = 0; i < 100_000; i++) {
            String k = "codename-" + i;
            assertEquals(k, key(k));
        }
        // a table that kept every key would still hand out the first instances
        int stillKept = 0;
        for (int i = 0; i < 1_000; i++) {
            if (first.get(i) == key("first-" + i)) {
                stillKept++;
            }
        }
        assertTrue(stillKept < 10, stillKept + " of the first 1,000 keys survived 100,000 others");
        assertTrue(AsciiKeys.kept() <= AsciiKeys.SLOTS, "kept " + AsciiKeys.kept());
    }

    @Test
    void threadsRacingOverTheSlotsAlwaysGetTheRightKey() throws Exception {
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 3 * AsciiKeys.SLOTS; i++) {
            pool.add("cn" + i + "_" + "x".repeat(i % 40));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                results.add(threads.submit((Callable<Integer>) () -> {
                    Random random = new Random(seed);
                    int wrong = 0;
                    for (int i = 0; i < 200_000; i++) {
                        String k = pool.get(random.nextInt(pool.size()));
                        if (!k.equals(key(k))) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(0, f.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
