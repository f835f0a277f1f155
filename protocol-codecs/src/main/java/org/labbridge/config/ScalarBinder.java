package org.labbridge.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Converts one plain YAML value (as SnakeYAML constructs it) to a component's type: strings, numbers,
 * booleans, {@link Duration}, {@link ByteSize}, {@link ByteSequence}, enums, and any type with a
 * {@code public static T fromYaml(Object)} factory. A value that does not fit throws
 * {@link IllegalArgumentException} with {@code "expected: ..."}.
 */
final class ScalarBinder {

    private ScalarBinder() {
    }

    /** Whether {@code raw} is bound from a value here rather than walked as a structure. */
    static boolean handles(Class<?> raw) {
        return raw == String.class || raw == int.class || raw == long.class || raw == double.class
                || raw == boolean.class || raw == Integer.class || raw == Long.class
                || raw == Double.class || raw == Boolean.class || raw == Duration.class || raw == ByteSize.class
                || raw == ByteSequence.class || raw.isEnum() || fromYamlMethod(raw) != null;
    }

    static Object bind(Object value, Class<?> raw, RecordComponent component) {
        if (raw == String.class) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return String.valueOf(value);
            }
            throw expected("a string");
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return integer(value, raw == int.class || raw == Integer.class, component);
        }
        if (raw == double.class || raw == Double.class) {
            return number(value, component);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw expected("true or false");
        }
        if (raw == Duration.class) {
            Duration d = value instanceof Number n ? Durations.parse(n.toString()) : Durations.parse(text(value));
            if (!inRange(d.toMillis(), component)) {
                throw expected(rangeText(component) + " ms");
            }
            return d;
        }
        if (raw == ByteSize.class) {
            ByteSize s = ByteSize.parse(value.toString());
            if (!inRange(s.bytes(), component)) {
                throw expected(rangeText(component) + " bytes");
            }
            return s;
        }
        if (raw == ByteSequence.class) {
            if (value instanceof Integer i) { // YAML reads an unquoted 0x17 as the integer 23
                if (i < 0 || i > 255) {
                    throw expected(ByteSequence.EXPECTED);
                }
                return ByteSequence.of((byte) (int) i);
            }
            return ByteSequence.parse(text(value));
        }
        if (raw.isEnum()) {
            String wanted = text(value).trim().replace('-', '_');
            for (Object constant : raw.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
                    return constant;
                }
            }
            throw expected(TypeDescriptions.enumNames(raw));
        }
        return invokeFromYaml(fromYamlMethod(raw), value);
    }

    private static Object integer(Object value, boolean isInt, RecordComponent component) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            throw expected("an integer");
        }
        BigInteger big = new BigInteger(value.toString());
        long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (big.compareTo(BigInteger.valueOf(min)) < 0 || big.compareTo(BigInteger.valueOf(max)) > 0
                || !inRange(big.longValue(), component)) {
            throw expected(component != null && component.isAnnotationPresent(Range.class)
                    ? rangeText(component) : min + ".." + max);
        }
        return isInt ? (Object) big.intValue() : (Object) big.longValue();
    }

    private static Object number(Object value, RecordComponent component) {
        if (!(value instanceof Number n)) {
            throw expected("a number");
        }
        double d = n.doubleValue();
        Range range = component == null ? null : component.getAnnotation(Range.class);
        if (range != null && (d < range.min() || d > range.max())) {
            throw expected(rangeText(component));
        }
        return d;
    }

    /**
     * A value type may bind itself: a {@code public static T fromYaml(Object node)} method receives the
     * YAML value and throws {@link IllegalArgumentException} ("expected: ...") when it is unusable.
     */
    private static Method fromYamlMethod(Class<?> raw) {
        try {
            Method m = raw.getMethod("fromYaml", Object.class);
            return Modifier.isStatic(m.getModifiers()) && raw.isAssignableFrom(m.getReturnType()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object invokeFromYaml(Method fromYaml, Object value) {
        try {
            return fromYaml.invoke(null, value);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(fromYaml + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(fromYaml + " is not accessible", e);
        }
    }

    private static boolean inRange(long value, RecordComponent c) {
        Range r = c == null ? null : c.getAnnotation(Range.class);
        return r == null || (value >= r.min() && value <= r.max());
    }

    private static String rangeText(RecordComponent c) {
        Range r = c == null ? null : c.getAnnotation(Range.class);
        if (r == null) {
            return "a value";
        }
        if (r.max() == Long.MAX_VALUE) {
            return ">= " + r.min();
        }
        return r.min() + ".." + r.max();
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw expected("a string");
    }

    private static IllegalArgumentException expected(String what) {
        return new IllegalArgumentException("expected: " + what);
    }
}
