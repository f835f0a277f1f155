package org.labbridge.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Binds YAML to Java records and validates it on the way, collecting every problem with its path.
 *
 * <p>Keys are the record components' names in snake_case ({@code bufferSize} is {@code buffer_size}).
 * Supported component types: {@code String}, {@code int}/{@code long}/{@code double}/{@code boolean} and
 * their boxes, {@link Duration} ({@code 5s}), {@link ByteSize} ({@code 1MiB}), {@link ByteSequence}
 * ({@code 0x17}, {@code "\n"}, {@code null}), enums (by name, any case, {@code -} for {@code _}),
 * {@code List<T>}, {@code Map<String, T>}, nested records, sealed interfaces marked {@link TypeKey}, and
 * {@code Object} (the YAML value as SnakeYAML loaded it), and any type with a
 * {@code public static T fromYaml(Object)} factory. A scalar where a list is expected is a one-element list. Absent keys take their {@link Default}; a
 * component without one is required, except lists and maps (empty) and {@link Nullable} ones (null).
 * A record's canonical constructor may reject a combination with {@link IllegalArgumentException}; its
 * message is reported at the record's path.
 */
public final class ConfigBinder {

    /** Bounds on the YAML document itself: a config file is small, a hostile one must not be. */
    private static final int MAX_DOCUMENT_CODE_POINTS = 4 * 1024 * 1024;
    private static final int MAX_NESTING = 50;
    private static final int MAX_ALIASES = 50;

    private ConfigBinder() {
    }

    /** Reads and binds a YAML file. */
    public static <T> T load(Path file, Class<T> type) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return loadString(text, type, file.toString());
    }

    /** Binds a YAML document; {@code source} names it in syntax errors. */
    public static <T> T loadString(String yaml, Class<T> type, String source) throws ConfigException {
        return bind(parseYaml(yaml, source), type);
    }

    /** Parses YAML into plain maps, lists and scalars (no custom tags, bounded size and nesting). */
    public static Object parseYaml(String yaml, String source) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_DOCUMENT_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            int column = e.getProblemMark() == null ? 0 : e.getProblemMark().getColumn() + 1;
            throw new ConfigException(source + ":" + line + ":" + column + ": invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(source + ": invalid YAML: " + e.getMessage());
        }
    }

    /** Binds an already-parsed YAML tree ({@code null} = empty document: every default). */
    public static <T> T bind(Object tree, Class<T> type) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Object value = new Binding(problems).value(tree == null ? Map.of() : tree, type, type, "", null);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return type.cast(value);
    }

    /** {@code bufferSize} → {@code buffer_size}. */
    public static String yamlKey(String componentName) {
        StringBuilder sb = new StringBuilder(componentName.length() + 4);
        for (char c : componentName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** One binding run; records problems instead of stopping at the first. */
    private static final class Binding {
        private final List<String> problems;

        Binding(List<String> problems) {
            this.problems = problems;
        }

        /** Marker for "could not bind": the caller has already recorded the problem. */
        private static final Object FAILED = new Object();

        Object value(Object node, Class<?> raw, Type generic, String path, RecordComponent component) {
            if (node == null) {
                if (raw == ByteSequence.class || isNullable(component) || raw == Object.class) {
                    return null;
                }
                return fail(path, "null", describe(raw, generic));
            }
            try {
                if (raw == String.class) {
                    return node instanceof String || node instanceof Number || node instanceof Boolean
                            ? String.valueOf(node) : fail(path, node, "a string");
                }
                if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
                    return integer(node, raw, path, component);
                }
                if (raw == double.class || raw == Double.class) {
                    return number(node, path, component);
                }
                if (raw == boolean.class || raw == Boolean.class) {
                    return node instanceof Boolean b ? b : fail(path, node, "true or false");
                }
                if (raw == Duration.class) {
                    Duration d = node instanceof Number n ? Durations.parse(n.toString()) : Durations.parse(text(node));
                    return inRange(d.toMillis(), component) ? d : fail(path, node, rangeText(component) + " ms");
                }
                if (raw == ByteSize.class) {
                    ByteSize s = ByteSize.parse(node.toString());
                    return inRange(s.bytes(), component) ? s : fail(path, node, rangeText(component) + " bytes");
                }
                if (raw == ByteSequence.class) {
                    if (node instanceof Integer i) { // YAML reads an unquoted 0x17 as the integer 23
                        return i >= 0 && i <= 255 ? ByteSequence.of((byte) (int) i)
                                : fail(path, node, ByteSequence.EXPECTED);
                    }
                    return ByteSequence.parse(text(node));
                }
                if (raw.isEnum()) {
                    return enumValue(node, raw, path);
                }
                Method fromYaml = fromYamlMethod(raw);
                if (fromYaml != null) {
                    return invokeFromYaml(fromYaml, node);
                }
                if (List.class.isAssignableFrom(raw)) {
                    return list(node, generic, path);
                }
                if (Map.class.isAssignableFrom(raw)) {
                    return map(node, generic, path);
                }
                if (raw.isRecord()) {
                    return record(node, raw, path);
                }
                if (raw.isSealed() && raw.isAnnotationPresent(TypeKey.class)) {
                    return polymorphic(node, raw, path);
                }
                if (raw == Object.class) {
                    return node;
                }
            } catch (IllegalArgumentException e) {
                String message = e.getMessage() == null ? "invalid" : e.getMessage();
                if (message.startsWith("expected: ")) {
                    return fail(path, node, message.substring("expected: ".length()));
                }
                return fail(path, node, message);
            }
            throw new IllegalStateException("ConfigBinder cannot bind " + generic + " at " + path);
        }

        private Object integer(Object node, Class<?> raw, String path, RecordComponent component) {
            boolean isInt = raw == int.class || raw == Integer.class;
            if (!(node instanceof Integer || node instanceof Long || node instanceof BigInteger)) {
                return fail(path, node, "an integer");
            }
            BigInteger big = new BigInteger(node.toString());
            long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (big.compareTo(BigInteger.valueOf(min)) < 0 || big.compareTo(BigInteger.valueOf(max)) > 0
                    || !inRange(big.longValue(), component)) {
                return fail(path, node, component != null && component.isAnnotationPresent(Range.class)
                        ? rangeText(component) : min + ".." + max);
            }
            return isInt ? (Object) big.intValue() : (Object) big.longValue();
        }

        private Object number(Object node, String path, RecordComponent component) {
            if (!(node instanceof Number n)) {
                return fail(path, node, "a number");
            }
            double d = n.doubleValue();
            Range range = component == null ? null : component.getAnnotation(Range.class);
            if (range != null && (d < range.min() || d > range.max())) {
                return fail(path, node, rangeText(component));
            }
            return d;
        }

        private Object enumValue(Object node, Class<?> raw, String path) {
            String wanted = text(node).trim().replace('-', '_');
            StringJoiner names = new StringJoiner(", ", "one of: ", "");
            for (Object constant : raw.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                if (name.equalsIgnoreCase(wanted)) {
                    return constant;
                }
                names.add(name.toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            return fail(path, node, names.toString());
        }

        private Object list(Object node, Type generic, String path) {
            if (node instanceof Map<?, ?>) {
                return fail(path, node, "a list");
            }
            // A lone scalar is a one-element list: `to: pull` reads as `to: [pull]`.
            List<?> items = node instanceof List<?> l ? l : List.of(node);
            Type elementType = typeArgument(generic, 0);
            List<Object> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Object v = value(items.get(i), rawClass(elementType), elementType, path + "[" + i + "]", null);
                if (v != FAILED) {
                    out.add(v);
                }
            }
            return Collections.unmodifiableList(out);
        }

        private Object map(Object node, Type generic, String path) {
            if (!(node instanceof Map<?, ?> entries)) {
                return fail(path, node, "a mapping");
            }
            Type valueType = typeArgument(generic, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = value(e.getValue(), rawClass(valueType), valueType, join(path, key), null);
                if (v != FAILED) {
                    out.put(key, v);
                }
            }
            return Collections.unmodifiableMap(out);
        }

        private Object polymorphic(Object node, Class<?> sealed, String path) {
            String key = sealed.getAnnotation(TypeKey.class).value();
            StringJoiner names = new StringJoiner(", ", "one of: ", "");
            for (Class<?> sub : sealed.getPermittedSubclasses()) {
                for (String name : sub.getAnnotation(TypeName.class).value()) {
                    names.add(name);
                }
            }
            if (!(node instanceof Map<?, ?> entries)) {
                return fail(path, node, "a mapping with '" + key + "'");
            }
            Object name = entries.get(key);
            if (name == null) {
                return fail(join(path, key), "missing", names.toString());
            }
            for (Class<?> sub : sealed.getPermittedSubclasses()) {
                if (List.of(sub.getAnnotation(TypeName.class).value()).contains(String.valueOf(name))) {
                    Map<Object, Object> rest = new LinkedHashMap<>(entries);
                    boolean recordWantsKey = java.util.Arrays.stream(sub.getRecordComponents())
                            .anyMatch(c -> yamlKey(c.getName()).equals(key));
                    if (!recordWantsKey) {
                        rest.remove(key);
                    }
                    return record(rest, sub, path);
                }
            }
            return fail(join(path, key), name, names.toString());
        }

        private Object record(Object node, Class<?> type, String path) {
            if (!(node instanceof Map<?, ?> entries)) {
                return fail(path, node, "a mapping");
            }
            RecordComponent[] components = type.getRecordComponents();
            Map<String, RecordComponent> byKey = new LinkedHashMap<>();
            for (RecordComponent c : components) {
                byKey.put(yamlKey(c.getName()), c);
            }
            boolean ok = true;
            for (Object key : entries.keySet()) {
                if (!byKey.containsKey(String.valueOf(key))) {
                    problems.add(join(path, String.valueOf(key)) + ": unknown key (expected one of: "
                            + String.join(", ", byKey.keySet()) + ")");
                    ok = false;
                }
            }
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                String key = yamlKey(c.getName());
                String childPath = join(path, key);
                Object v;
                if (entries.containsKey(key)) {
                    v = value(entries.get(key), c.getType(), c.getGenericType(), childPath, c);
                } else {
                    v = absent(c, childPath);
                }
                if (v == FAILED) {
                    ok = false;
                } else {
                    args[i] = v;
                }
            }
            if (!ok) {
                return FAILED;
            }
            try {
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                }
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                return canonical.newInstance(args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                    problems.add((path.isEmpty() ? "(top level)" : path) + ": " + cause.getMessage());
                    return FAILED;
                }
                throw new IllegalStateException("cannot build " + type.getName(), cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + type.getName(), e);
            }
        }

        private Object absent(RecordComponent c, String path) {
            Default def = c.getAnnotation(Default.class);
            if (def != null) {
                Object node = parseYamlScalar(def.value());
                return value(node, c.getType(), c.getGenericType(), path, c);
            }
            if (List.class.isAssignableFrom(c.getType())) {
                return List.of();
            }
            if (Map.class.isAssignableFrom(c.getType())) {
                return Map.of();
            }
            if (isNullable(c)) {
                return null;
            }
            if (c.getType().isRecord()) { // a nested section with only defaults may be left out
                List<String> nested = new ArrayList<>();
                Object v = new Binding(nested).record(Map.of(), c.getType(), path);
                if (nested.isEmpty()) {
                    return v;
                }
            }
            problems.add(path + ": missing (expected: " + describe(c.getType(), c.getGenericType()) + ")");
            return FAILED;
        }

        private Object fail(String path, Object node, String expected) {
            problems.add((path.isEmpty() ? "(top level)" : path) + ": " + show(node) + " (expected: " + expected + ")");
            return FAILED;
        }
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

    private static Object invokeFromYaml(Method fromYaml, Object node) {
        try {
            return fromYaml.invoke(null, node);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(fromYaml + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(fromYaml + " is not accessible", e);
        }
    }

    private static Object parseYamlScalar(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    private static boolean isNullable(RecordComponent c) {
        return c != null && c.isAnnotationPresent(Nullable.class);
    }

    private static boolean inRange(long value, RecordComponent c) {
        Range r = c == null ? null : c.getAnnotation(Range.class);
        return r == null || (value >= r.min() && value <= r.max());
    }

    private static String rangeText(RecordComponent c) {
        Range r = c.getAnnotation(Range.class);
        if (r == null) {
            return "a value";
        }
        if (r.max() == Long.MAX_VALUE) {
            return ">= " + r.min();
        }
        return r.min() + ".." + r.max();
    }

    private static String text(Object node) {
        if (node instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("expected: a string");
    }

    /** A YAML value as the user wrote it: scalars bare, strings quoted only when they need it. */
    private static String show(Object node) {
        if (node instanceof String s) {
            // Quote what would otherwise read as another type or hide its spaces: "9000", "true", " x".
            boolean ambiguous = s.isBlank() || !s.strip().equals(s) || s.matches("[-+]?[0-9.]+")
                    || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") || s.equalsIgnoreCase("null");
            return ambiguous ? '"' + s + '"' : s;
        }
        if (node instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (node instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(node);
    }

    private static String describe(Class<?> raw, Type generic) {
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
        if (raw == ByteSize.class) {
            return ByteSize.EXPECTED;
        }
        if (raw == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(raw)) {
            return "a list";
        }
        if (raw.isRecord() || Map.class.isAssignableFrom(raw) || raw.isSealed()) {
            return "a mapping";
        }
        return raw.getSimpleName();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Type typeArgument(Type generic, int index) {
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
