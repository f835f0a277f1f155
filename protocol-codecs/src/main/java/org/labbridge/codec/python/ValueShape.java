package org.labbridge.codec.python;

import java.util.List;
import java.util.Map;

/**
 * What a value of the model (see the package docs) is made of: a scalar, a tuple, a list or a map, told
 * apart without an {@code instanceof} against an interface that fails.
 *
 * <p>Why: on Java 17 (HotSpot before JDK 23's hashed secondary supers), {@code v instanceof List} for a
 * class that is not a List scans the class's whole interface list on every check, as a failing check is never
 * cached: about 35 ns per check on our 2-core machines, where the same check costs 2 ns on Java 25. Asking
 * "container?" of a {@code Double} cost two of them, so writing {@code {'t': 21.5}} as Python's repr spent
 * most of its ~250 ns there. Here the model's scalar classes are recognised by identity, and any other
 * class is classified once and remembered in a {@link ClassValue}.
 */
public enum ValueShape {
    /** Anything that is not a container: None, bool, int, float, str (and values outside the model). */
    SCALAR,
    /** A {@link PyTuple}. */
    TUPLE,
    /**
     * A {@link List}. Checked before {@link Map}; no real class is both (javac and {@code Proxy} refuse the
     * clashing {@code remove(Object)}), so the writers that used to ask Map first answer the same.
     */
    LIST,
    /** A {@link Map}. */
    MAP;

    private static final ClassValue<ValueShape> BY_CLASS = new ClassValue<>() {
        @Override
        protected ValueShape computeValue(Class<?> type) {
            if (PyTuple.class.isAssignableFrom(type)) {
                return TUPLE;
            }
            if (List.class.isAssignableFrom(type)) {
                return LIST;
            }
            return Map.class.isAssignableFrom(type) ? MAP : SCALAR;
        }
    };

    /** The shape of {@code value} ({@link #SCALAR} for null). */
    public static ValueShape of(Object value) {
        if (value == null) {
            return SCALAR;
        }
        Class<?> type = value.getClass();
        // The model's scalars by identity: what nearly every pushed or pulled value is.
        if (type == Double.class || type == String.class || type == Long.class || type == Integer.class
                || type == Boolean.class) {
            return SCALAR;
        }
        return BY_CLASS.get(type);
    }

    /** Whether {@code value} is a tuple, list or map. */
    public static boolean isContainer(Object value) {
        return of(value) != SCALAR;
    }
}
