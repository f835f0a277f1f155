package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.SmallStack;

/**
 * Nesting is the peer's choice: reading and writing values must not recurse per level. Each case runs on a
 * thread with the smallest stack the JVM allows (about 136 KiB on Linux x64, below the daemon's 512 KiB), so a
 * recursive reader or writer would overflow at these depths even once compiled.
 */
class DeepNestingTest {

    static final int LIMIT = JsonLimits.DEFAULT.maxNesting();

    static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** {"a": {"a": ... [1] ...}}: objects and arrays alternating, {@code depth} containers in all. */
    static String mixed(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append(i % 2 == 0 ? "{\"a\": " : "[");
        }
        sb.append('1');
        for (int i = depth - 1; i >= 0; i--) {
            sb.append(i % 2 == 0 ? '}' : ']');
        }
        return sb.toString();
    }

    static int depthOf(Object value) {
        int depth = 0;
        Object v = value;
        while (v instanceof List<?> || v instanceof Map<?, ?>) {
            depth++;
            v = v instanceof List<?> l ? (l.isEmpty() ? null : l.get(0)) : ((Map<?, ?>) v).values().iterator().next();
        }
        return depth;
    }

    @Test
    void readsExactlyTheLimit() throws Exception {
        Object v = SmallStack.call(() -> PyJson.loads(mixed(LIMIT)));
        assertEquals(LIMIT, depthOf(v));
        assertEquals(LIMIT, depthOf(SmallStack.call(() -> PyJson.loads(arrays(LIMIT)))));
    }

    @Test
    void refusesOneLevelPastTheLimit() {
        PyJsonException e = assertThrows(PyJsonException.class, () -> SmallStack.call(() -> PyJson.loads(mixed(LIMIT + 1))));
        assertTrue(e.getMessage().contains("nesting exceeds the limit of " + LIMIT), e.getMessage());
    }

    @Test
    void refusesAHundredThousandLevelsWithTheLimitNotTheStack() {
        PyJsonException e = assertThrows(PyJsonException.class,
                () -> SmallStack.call(() -> PyJson.loads(arrays(100_000))));
        assertTrue(e.getMessage().contains("nesting exceeds the limit of " + LIMIT), e.getMessage());
    }

    @Test
    void theValidatorRefusesAHundredThousandLevelsWithTheLimitNotTheStack() {
        byte[] deep = mixed(100_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> SmallStack.call(() -> {
                    new JsonValidator(JsonLimits.DEFAULT).validate(deep);
                    return null;
                }));
        assertTrue(e.getMessage().contains("nesting deeper than " + LIMIT + " levels"), e.getMessage());
    }

    @Test
    void aHundredThousandLevelsReadAndWriteWithoutRecursionWhenAllowed() throws Exception {
        JsonLimits wide = new JsonLimits(1_000_000, 200_000, 100);
        String text = mixed(100_000);
        Object v = SmallStack.call(() -> PyJson.loads(text, wide));
        assertEquals(100_000, depthOf(v));
        assertEquals(text, SmallStack.call(() -> PyJson.dumps(v)));
        String repr = SmallStack.call(() -> PyFormat.repr(v));
        assertEquals(text.replace('"', '\''), repr);
    }

    @Test
    void reprAndDumpsOfDeepTuplesAndMapsKeepPythonsSyntax() throws Exception {
        Object v = PyTuple.of(PyTuple.of(1), List.of(Map.of("k", PyTuple.of())));
        assertEquals("((1,), [{'k': ()}])", SmallStack.call(() -> PyFormat.repr(v)));
        assertEquals("[[1], [{\"k\": []}]]", SmallStack.call(() -> PyJson.dumps(v)));
        // deep and wide at once: siblings after a deep branch are written in order
        List<Object> deep = new ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 5_000; i++) {
            List<Object> inner = new ArrayList<>();
            cur.add(inner);
            cur.add(i);
            cur = inner;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("d", deep);
        m.put("z", true);
        String dumped = SmallStack.call(() -> PyJson.dumps(m));
        assertTrue(dumped.startsWith("{\"d\": [[[["), dumped.substring(0, 20));
        assertTrue(dumped.endsWith("], 2], 1], 0], \"z\": true}"), dumped.substring(dumped.length() - 40));
        assertTrue(dumped.contains("[[], 4999], 4998]"), "the innermost list comes first, then its siblings");
        // equals() on 5,000 levels would recurse itself: compare the text of the value read back instead
        Object back = SmallStack.call(() -> PyJson.loads(dumped, new JsonLimits(1_000_000, 10_000, 100)));
        assertEquals(dumped, SmallStack.call(() -> PyJson.dumps(back)));
    }
}
