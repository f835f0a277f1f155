package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link ValueShape} answers what the three {@code instanceof} checks it replaces answered, for every class. */
class ValueShapeTest {

    @Test
    void scalarsOfTheModel() {
        for (Object v : Arrays.asList(null, true, 7, 7L, new BigInteger("123456789012345678901234567890"), 21.5,
                1.5f, (short) 3, (byte) 2, "text", "")) {
            assertEquals(ValueShape.SCALAR, ValueShape.of(v), String.valueOf(v));
            assertFalse(ValueShape.isContainer(v));
        }
    }

    @Test
    void containersOfTheModel() {
        assertEquals(ValueShape.TUPLE, ValueShape.of(PyTuple.of(1.0, 2.0)));
        for (Object list : List.of(new ArrayList<>(), new LinkedList<>(), List.of(1), List.of(1, 2, 3),
                Collections.unmodifiableList(new ArrayList<>()), Arrays.asList(1, 2), Collections.emptyList())) {
            assertEquals(ValueShape.LIST, ValueShape.of(list), list.getClass().getName());
            assertTrue(ValueShape.isContainer(list));
        }
        for (Object map : List.of(new LinkedHashMap<>(), new HashMap<>(), new TreeMap<>(), Map.of("a", 1),
                Collections.unmodifiableMap(new LinkedHashMap<>()), Collections.emptyMap())) {
            assertEquals(ValueShape.MAP, ValueShape.of(map), map.getClass().getName());
            assertTrue(ValueShape.isContainer(map));
        }
    }

    @Test
    void anythingElseIsAScalarForTheWritersToRefuse() {
        assertEquals(ValueShape.SCALAR, ValueShape.of(new Object()));
        assertEquals(ValueShape.SCALAR, ValueShape.of(Set.of(1))); // not a list: repr refuses it as before
        assertEquals(ValueShape.SCALAR, ValueShape.of(new int[] {1}));
    }

    /** Classes met first here (anonymous subclasses) are classified, and the remembered answer stays the same. */
    @Test
    void answersAreStablePerClass() {
        Object sub = new ArrayList<Object>() { };
        assertEquals(ValueShape.LIST, ValueShape.of(sub));
        assertEquals(ValueShape.LIST, ValueShape.of(sub));
        Object map = new LinkedHashMap<String, Object>() { };
        assertEquals(ValueShape.MAP, ValueShape.of(map));
        assertEquals(ValueShape.MAP, ValueShape.of(map));
    }
}
