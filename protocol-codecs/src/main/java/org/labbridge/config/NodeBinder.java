package org.labbridge.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One binding run over a composed YAML tree: walks lists, mappings, records and sealed interfaces, records
 * where each path was written, and collects every problem (with its line and column) instead of stopping at
 * the first. Scalars are converted by {@link ScalarBinder}.
 */
final class NodeBinder {

    /** Marker for "could not bind": the problem is already recorded. */
    static final Object FAILED = new Object();

    private final String source;
    private final Locations locations;
    private final List<Problem> problems;
    private final PlainValues plain = new PlainValues();
    /** How deep {@link #value} is; a recursive alias ({@code &a [*a]}) would otherwise never end. */
    private int depth;
    private static final int MAX_DEPTH = 2 * YamlSource.MAX_NESTING;

    NodeBinder(String source, Locations locations, List<Problem> problems) {
        this.source = source;
        this.locations = locations;
        this.problems = problems;
    }

    /** Binds the document's root ({@code null}, an empty document, binds as an empty mapping). */
    Object root(Node root, Class<?> type) {
        return value(root == null ? emptyMapping() : root, type, type, "", null);
    }

    Object value(Node node, Class<?> raw, Type generic, String path, RecordComponent component) {
        locations.record(path, node.getStartMark());
        if (depth >= MAX_DEPTH) { // only an alias to an enclosing node gets here: the composer bounds nesting
            problems.add(problem(path, "nested too deeply (an alias to an enclosing value?)"));
            return FAILED;
        }
        depth++;
        try {
            return bound(node, raw, generic, path, component);
        } finally {
            depth--;
        }
    }

    private Object bound(Node node, Class<?> raw, Type generic, String path, RecordComponent component) {
        if (node instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
            if (raw == ByteSequence.class || raw == Object.class
                    || component != null && component.isAnnotationPresent(Nullable.class)) {
                return null;
            }
            return fail(path, node, TypeDescriptions.describe(raw, generic));
        }
        try {
            if (ScalarBinder.handles(raw)) {
                return ScalarBinder.bind(plain.of(node), raw, component);
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
                return plain.of(node);
            }
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            return fail(path, node, message.startsWith("expected: ") ? message.substring("expected: ".length()) : message);
        } catch (MarkedYAMLException e) { // a duplicate key in a value taken as a whole
            problems.add(problemAt(e.getProblemMark(), path, "invalid YAML: " + e.getProblem()));
            return FAILED;
        }
        throw new IllegalStateException("ConfigBinder cannot bind " + generic + " at " + path);
    }

    private Object list(Node node, Type generic, String path) {
        if (node instanceof MappingNode) {
            return fail(path, node, "a list");
        }
        // A lone scalar is a one-element list: `to: pull` reads as `to: [pull]`.
        List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
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

    private Object map(Node node, Type generic, String path) {
        if (!(node instanceof MappingNode mapping)) {
            return fail(path, node, "a mapping");
        }
        Type valueType = typeArgument(generic, 1);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : entries(mapping, path).entrySet()) {
            Object v = value(e.getValue().getValueNode(), rawClass(valueType), valueType, join(path, e.getKey()), null);
            if (v != FAILED) {
                out.put(e.getKey(), v);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private Object polymorphic(Node node, Class<?> sealed, String path) {
        String key = sealed.getAnnotation(TypeKey.class).value();
        StringJoiner names = new StringJoiner(", ", "one of: ", "");
        for (Class<?> sub : sealed.getPermittedSubclasses()) {
            for (String name : sub.getAnnotation(TypeName.class).value()) {
                names.add(name);
            }
        }
        if (!(node instanceof MappingNode mapping)) {
            return fail(path, node, "a mapping with '" + key + "'");
        }
        Map<String, NodeTuple> entries = entries(mapping, path);
        NodeTuple kind = entries.get(key);
        if (kind == null) {
            problems.add(problem(join(path, key), "missing (expected: " + names + ")"));
            return FAILED;
        }
        Object name = plain.of(kind.getValueNode());
        for (Class<?> sub : sealed.getPermittedSubclasses()) {
            if (List.of(sub.getAnnotation(TypeName.class).value()).contains(String.valueOf(name))) {
                boolean recordWantsKey = Arrays.stream(sub.getRecordComponents())
                        .anyMatch(c -> ConfigBinder.yamlKey(c.getName()).equals(key));
                if (!recordWantsKey) {
                    entries.remove(key);
                }
                return record(entries, sub, path);
            }
        }
        return fail(join(path, key), kind.getValueNode(), names.toString());
    }

    private Object record(Node node, Class<?> type, String path) {
        if (!(node instanceof MappingNode mapping)) {
            return fail(path, node, "a mapping");
        }
        return record(entries(mapping, path), type, path);
    }

    private Object record(Map<String, NodeTuple> entries, Class<?> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            byKey.put(ConfigBinder.yamlKey(c.getName()), c);
        }
        boolean ok = true;
        for (String key : entries.keySet()) {
            if (!byKey.containsKey(key)) {
                problems.add(problem(join(path, key), "unknown key" + Suggestions.didYouMean(key, byKey.keySet())
                        + " (expected one of: " + String.join(", ", byKey.keySet()) + ")"));
                ok = false;
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = ConfigBinder.yamlKey(c.getName());
            String childPath = join(path, key);
            NodeTuple entry = entries.get(key);
            Object v = entry != null ? value(entry.getValueNode(), c.getType(), c.getGenericType(), childPath, c)
                    : absent(c, childPath);
            if (v == FAILED) {
                ok = false;
            } else {
                args[i] = v;
            }
        }
        return ok ? construct(type, components, args, path) : FAILED;
    }

    private Object construct(Class<?> type, RecordComponent[] components, Object[] args, String path) {
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
                problems.add(problem(path, String.valueOf(cause.getMessage())));
                return FAILED;
            }
            throw new IllegalStateException("cannot build " + type.getName(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    /** The value of a component whose key is absent: its default, or a problem when it is required. */
    private Object absent(RecordComponent c, String path) {
        Default def = c.getAnnotation(Default.class);
        if (def != null) {
            // A default has no place in the file: bound without recording positions, so a problem with the
            // value it gives is found at the nearest written ancestor.
            Node node = defaultNode(def.value());
            return new NodeBinder(source, Locations.NONE, problems).value(node, c.getType(), c.getGenericType(), path, c);
        }
        if (List.class.isAssignableFrom(c.getType())) {
            return List.of();
        }
        if (Map.class.isAssignableFrom(c.getType())) {
            return Map.of();
        }
        if (c.isAnnotationPresent(Nullable.class)) {
            return null;
        }
        if (c.getType().isRecord()) { // a nested section with only defaults may be left out
            List<Problem> nested = new ArrayList<>();
            Object v = new NodeBinder(source, Locations.NONE, nested).record(emptyMapping(), c.getType(), path);
            if (nested.isEmpty()) {
                return v;
            }
        }
        problems.add(problem(path, "missing (expected: " + TypeDescriptions.describe(c.getType(), c.getGenericType()) + ")"));
        return FAILED;
    }

    /**
     * A mapping's entries by key, after YAML merge keys; a key given twice is a problem at the second (the
     * first one is kept, so that one typo does not hide the other values' problems).
     */
    private Map<String, NodeTuple> entries(MappingNode mapping, String path) {
        if (mapping.isMerged() || mapping.getValue().stream().anyMatch(t -> Tag.MERGE.equals(t.getKeyNode().getTag()))) {
            try {
                plain.merge(mapping);
            } catch (MarkedYAMLException e) {
                problems.add(problemAt(e.getProblemMark(), path, "invalid YAML: " + e.getProblem()));
            }
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = String.valueOf(plain.of(t.getKeyNode()));
            String keyPath = join(path, key);
            NodeTuple first = entries.putIfAbsent(key, t);
            if (first != null) {
                Mark at = first.getKeyNode().getStartMark();
                problems.add(problemAt(t.getKeyNode().getStartMark(), keyPath, "duplicate key"
                        + (at == null ? "" : " (first at line " + (at.getLine() + 1) + ")")));
            } else {
                locations.record(keyPath, t.getKeyNode().getStartMark());
            }
        }
        return entries;
    }

    private Object fail(String path, Node node, String expected) {
        problems.add(problem(path, show(node) + " (expected: " + expected + ")"));
        return FAILED;
    }

    private String show(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return TypeDescriptions.show(plain.of(node));
    }

    private Problem problem(String path, String message) {
        Locations.Position p = locations.find(path);
        return new Problem(source, p == null ? 0 : p.line(), p == null ? 0 : p.column(), path, message, false);
    }

    private Problem problemAt(Mark mark, String path, String message) {
        if (mark == null) {
            return problem(path, message);
        }
        return new Problem(source, mark.getLine() + 1, mark.getColumn() + 1, path, message, false);
    }

    private static Node defaultNode(String text) {
        try {
            Node node = YamlSource.compose(text, "@Default");
            return node == null ? new ScalarNode(Tag.NULL, "null", null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN) : node;
        } catch (ConfigException e) {
            throw new IllegalStateException("invalid @Default(\"" + text + "\"): " + e.getMessage(), e);
        }
    }

    private static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), org.yaml.snakeyaml.DumperOptions.FlowStyle.FLOW);
    }

    static String join(String path, String key) {
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
