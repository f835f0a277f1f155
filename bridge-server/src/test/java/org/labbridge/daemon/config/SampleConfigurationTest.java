package org.labbridge.daemon.config;

import org.junit.jupiter.api.Test;
import org.labbridge.config.ConfigBinder;
import org.labbridge.config.TypeKey;
import org.labbridge.config.TypeName;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sample {@code conf/labbridge.yaml} shows every option the configuration binding accepts. The options
 * are derived from the configuration records the way {@link ConfigBinder} binds them (a record's keys are
 * its components in snake_case; lists, maps and sealed {@link TypeKey} interfaces lead to further records),
 * so a new option fails this test until the sample shows it.
 *
 * <p>An option may be shown live or commented out ({@code # idle_timeout: 60s}) where it belongs: commented
 * option lines are uncommented before parsing, so a commented option counts only in the right section.
 */
class SampleConfigurationTest {

    private static final Path SAMPLE = Path.of("src/dist/conf/labbridge.yaml");

    /** A commented-out option line: indentation, "# ", a snake_case key, ":". Prose comments do not match. */
    private static final String COMMENTED_OPTION = "(?m)^(\\s*)# ([a-z][a-z_]*:(?:\\s|$))";

    @Test
    void theSampleShowsEveryOptionOfEverySection() throws Exception {
        Map<String, Set<String>> accepted = new TreeMap<>();
        options(DaemonConfig.class, accepted);

        String uncommented = Files.readString(SAMPLE).replaceAll(COMMENTED_OPTION, "$1$2");
        // duplicate keys allowed: a commented alternative (two `timeouts:` forms) repeats a key
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(uncommented);
        Map<String, Set<String>> shown = new TreeMap<>();
        shown(tree, DaemonConfig.class, shown);

        Map<String, Set<String>> missing = new TreeMap<>();
        accepted.forEach((section, keys) -> {
            Set<String> absent = new TreeSet<>(keys);
            absent.removeAll(shown.getOrDefault(section, Set.of()));
            if (!absent.isEmpty()) {
                missing.put(section, absent);
            }
        });
        assertEquals(Map.of(), missing, "options the binding accepts that " + SAMPLE + " does not show");
    }

    @Test
    void theSampleShowsEveryNodeKind() throws Exception {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(SAMPLE));
        Set<String> kinds = new TreeSet<>();
        for (Object node : (List<?>) ((Map<?, ?>) tree).get("nodes")) {
            kinds.add(String.valueOf(((Map<?, ?>) node).get("kind")));
        }
        Set<String> all = new TreeSet<>();
        for (Class<?> kind : NodeConfig.class.getPermittedSubclasses()) {
            all.addAll(List.of(kind.getAnnotation(TypeName.class).value()));
        }
        assertEquals(all, kinds);
    }

    @Test
    void theCommentedOutOptionsAreValidToo() throws Exception {
        // what a user gets by uncommenting: it must bind (the graph is checked elsewhere)
        String uncommented = Files.readString(SAMPLE).replaceAll(COMMENTED_OPTION, "$1$2");
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(uncommented);
        GraphValidator.validate(ConfigBinder.bind(tree, DaemonConfig.class));
    }

    /** Every section (record) reachable from {@code type}, with the YAML keys the binder accepts in it. */
    private static void options(Type type, Map<String, Set<String>> out) {
        Class<?> raw = raw(type);
        if (isSection(raw)) {
            if (out.containsKey(raw.getSimpleName())) {
                return;
            }
            Set<String> keys = new TreeSet<>();
            out.put(raw.getSimpleName(), keys);
            for (RecordComponent c : raw.getRecordComponents()) {
                keys.add(ConfigBinder.yamlKey(c.getName()));
                options(c.getGenericType(), out);
            }
        } else if (isPolymorphic(raw)) {
            for (Class<?> sub : raw.getPermittedSubclasses()) {
                options(sub, out);
            }
        } else if (List.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            Type[] args = ((ParameterizedType) type).getActualTypeArguments();
            options(args[args.length - 1], out);
        }
    }

    /** The keys present in {@code node}, bound as {@code type}, per section. */
    private static void shown(Object node, Type type, Map<String, Set<String>> out) {
        Class<?> raw = raw(type);
        if (isSection(raw) && node instanceof Map<?, ?> map) {
            Set<String> keys = out.computeIfAbsent(raw.getSimpleName(), k -> new TreeSet<>());
            for (RecordComponent c : raw.getRecordComponents()) {
                String key = ConfigBinder.yamlKey(c.getName());
                if (map.containsKey(key)) {
                    keys.add(key);
                    shown(map.get(key), c.getGenericType(), out);
                }
            }
        } else if (isPolymorphic(raw) && node instanceof Map<?, ?> map) {
            Object kind = map.get(raw.getAnnotation(TypeKey.class).value());
            for (Class<?> sub : raw.getPermittedSubclasses()) {
                if (List.of(sub.getAnnotation(TypeName.class).value()).contains(String.valueOf(kind))) {
                    shown(node, sub, out);
                }
            }
        } else if (List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (Object item : node instanceof List<?> list ? list : List.of(node)) {
                shown(item, element, out);
            }
        } else if (Map.class.isAssignableFrom(raw) && node instanceof Map<?, ?> map) {
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            new ArrayList<>(map.values()).forEach(v -> shown(v, value, out));
        }
    }

    /**
     * A configuration section: a record of this package that the binder binds key by key. Records with a
     * {@code fromYaml} factory ({@code Codenames}, {@code Timeouts}) and value types from
     * {@code org.labbridge.config} ({@code ByteSize}, {@code HostPort}) are single values.
     */
    private static boolean isSection(Class<?> raw) {
        return raw.isRecord() && raw.getPackage().equals(DaemonConfig.class.getPackage()) && !hasFromYaml(raw);
    }

    private static boolean isPolymorphic(Class<?> raw) {
        return raw.isSealed() && raw.isAnnotationPresent(TypeKey.class);
    }

    private static boolean hasFromYaml(Class<?> raw) {
        try {
            Method m = raw.getMethod("fromYaml", Object.class);
            return Modifier.isStatic(m.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }
}
