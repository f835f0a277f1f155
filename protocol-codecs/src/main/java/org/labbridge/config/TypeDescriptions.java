package org.labbridge.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Types and values described the way a user writes them in YAML, for error messages. */
final class TypeDescriptions {

    private TypeDescriptions() {
    }

    /**
     * What a value of {@code raw} looks like: {@code an integer}, {@code host:port}, {@code a duration like
     * 250ms...}. A type that binds itself says so in a {@code public static final String EXPECTED}.
     */
    static String describe(Class<?> raw, Type generic) {
        String declared = declaredExpectation(raw);
        if (declared != null) {
            return declared;
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "an integer";
        }
        if (raw == double.class || raw == Double.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == Duration.class) {
            return Durations.EXPECTED;
        }
        if (raw == String.class) {
            return "a string";
        }
        if (raw.isEnum()) {
            return enumNames(raw);
        }
        if (List.class.isAssignableFrom(raw)) {
            return "a list";
        }
        if (raw.isSealed() && raw.isAnnotationPresent(TypeKey.class)) {
            return "a mapping with '" + raw.getAnnotation(TypeKey.class).value() + "'";
        }
        if (raw.isRecord() || Map.class.isAssignableFrom(raw)) {
            return "a mapping";
        }
        return raw.getSimpleName();
    }

    /** {@code one of: drop-newest, drop-oldest} (enum constants as YAML spells them). */
    static String enumNames(Class<?> raw) {
        StringJoiner names = new StringJoiner(", ", "one of: ", "");
        for (Object constant : raw.getEnumConstants()) {
            names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return names.toString();
    }

    private static String declaredExpectation(Class<?> raw) {
        try {
            Field f = raw.getField("EXPECTED");
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getDeclaringClass() == raw) {
                return (String) f.get(null);
            }
        } catch (NoSuchFieldException | IllegalAccessException e) {
            // no declaration: described by kind
        }
        return null;
    }

    /** A YAML value as the user wrote it: scalars bare, strings quoted only when they need it. */
    static String show(Object value) {
        if (value instanceof String s) {
            // Quote what would otherwise read as another type or hide its spaces: "9000", "true", " x".
            boolean ambiguous = s.isBlank() || !s.strip().equals(s) || s.matches("[-+]?[0-9.]+")
                    || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") || s.equalsIgnoreCase("null");
            return ambiguous ? '"' + s + '"' : s;
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
