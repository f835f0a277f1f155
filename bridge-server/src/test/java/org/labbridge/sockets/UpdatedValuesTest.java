package org.labbridge.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A push socket's {@code updated}: bounded in keys and bytes, oldest keys forgotten first. */
class UpdatedValuesTest {

    @Test
    void hugeValuesAreForgottenOldestFirstBeyondTheByteBound() {
        UpdatedValues u = new UpdatedValues(10_000, 10_000);
        for (int i = 0; i < 1000; i++) {
            u.putAll(Map.of("k" + i, "v".repeat(3000)));
        }
        assertTrue(u.bytes() <= 10_000, "bytes " + u.bytes());
        assertEquals(List.of("k997", "k998", "k999"), List.copyOf(u.copy().keySet()));
        u.putAll(Map.of("k998", 1)); // an update keeps the key's place and recounts its bytes
        assertEquals(List.of("k997", "k998", "k999"), List.copyOf(u.copy().keySet()));
        assertEquals(1, u.copy().get("k998"));
        u.clear();
        assertEquals(0, u.bytes());
    }

    @Test
    void keysBeyondTheCountBoundAreForgottenOldestFirst() {
        UpdatedValues u = new UpdatedValues(2, 1 << 20);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", 2);
        m.put("c", 3);
        u.putAll(m);
        assertEquals(List.of("b", "c"), List.copyOf(u.copy().keySet()));
    }

    @Test
    void estimatingADeepValueDoesNotRecurse() throws Exception {
        List<Object> deep = new ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 100_000; i++) {
            List<Object> inner = new ArrayList<>();
            cur.add(inner);
            cur = inner;
        }
        cur.add("x");
        long n = org.labbridge.codec.SmallStack.call(() -> UpdatedValues.estimate(deep));
        assertEquals(100_001 * 3L + 3, n);
    }

    /** A list of scalars is sized without the work list, to the same figure; a nested one still with it. */
    @Test
    void flatListsAreSizedAsNestedOnesAre() {
        List<Object> flat = new ArrayList<>(java.util.Arrays.asList(1.5, "ab", null, true));
        assertEquals(2 + 4 + 8 + 4 + 8 + 8, UpdatedValues.estimate(flat));
        assertEquals(2 + 2 + 8 + (2 + 1 + 8), UpdatedValues.estimate(List.of(1, List.of(2))));
        assertEquals(2 + 1 + (2 + 4 + 8 + 4 + 8 + 8), UpdatedValues.estimate(List.of(flat)));
        assertEquals(2 + 1 + 4 + 3, UpdatedValues.estimate(Map.of("k", "x")));
    }
}
