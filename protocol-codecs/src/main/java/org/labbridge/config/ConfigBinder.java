package org.labbridge.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds YAML to Java records and validates it on the way, collecting every problem with its path and
 * where it was written: {@code labbridge.yaml:4:23: sockets[2].port: 70000 (expected: 1..65535)}.
 *
 * <p>Keys are the record components' names in snake_case ({@code bufferSize} is {@code buffer_size}); an
 * unknown key is an error that suggests the closest known one. Supported component types: {@code String},
 * {@code int}/{@code long}/{@code double}/{@code boolean} and their boxes, {@link Duration} ({@code 5s}),
 * {@link ByteSize} ({@code 1MiB}), {@link ByteSequence} ({@code 0x17}, {@code "\n"}, {@code null}), enums
 * (by name, any case, {@code -} for {@code _}), {@code List<T>}, {@code Map<String, T>}, nested records,
 * sealed interfaces marked {@link TypeKey}, {@code Object} (the YAML value as SnakeYAML loads it), and any
 * type with a {@code public static T fromYaml(Object)} factory (which may describe what it takes in a
 * {@code public static final String EXPECTED}, e.g. {@code host:port}). A scalar where a list is expected is
 * a one-element list. Absent keys take their {@link Default}; a component without one is required, except
 * lists and maps (empty) and {@link Nullable} ones (null). A record's canonical constructor may reject a
 * combination with {@link IllegalArgumentException}; its message is reported at the record's path.
 *
 * <p>{@link #read} keeps the positions ({@link ConfigDocument}) so that checks made after binding report
 * them too. Reading, composing, walking and converting are {@link YamlSource}, {@link NodeBinder} and
 * {@link ScalarBinder}.
 */
public final class ConfigBinder {

    private ConfigBinder() {
    }

    /** Reads and binds a YAML file; an unreadable file is reported with the reason. */
    public static <T> T load(Path file, Class<T> type) throws ConfigException {
        return read(file, type).value();
    }

    /** Binds a YAML document; {@code source} names it in every problem. */
    public static <T> T loadString(String yaml, Class<T> type, String source) throws ConfigException {
        return readString(yaml, type, source).value();
    }

    /** Reads and binds a YAML file, keeping where each value was written. */
    public static <T> ConfigDocument<T> read(Path file, Class<T> type) throws ConfigException {
        return readString(YamlSource.read(file), type, file.toString());
    }

    /** Binds a YAML document, keeping where each value was written. */
    public static <T> ConfigDocument<T> readString(String yaml, Class<T> type, String source) throws ConfigException {
        Node root = YamlSource.compose(yaml, source);
        Locations locations = new Locations();
        T value = bind(root, type, source, locations);
        return new ConfigDocument<>(value, source, locations, root == null);
    }

    /** Parses YAML into plain maps, lists and scalars (no custom tags, bounded size and nesting). */
    public static Object parseYaml(String yaml, String source) throws ConfigException {
        return YamlSource.load(yaml, source);
    }

    /** Binds an already-parsed YAML tree ({@code null} = empty document: every default); no positions. */
    public static <T> T bind(Object tree, Class<T> type) throws ConfigException {
        Node root = tree == null ? null : new Yaml(new SafeConstructor(YamlSource.options()),
                new org.yaml.snakeyaml.representer.Representer(new DumperOptions())).represent(tree);
        return bind(root, type, null, Locations.NONE);
    }

    private static <T> T bind(Node root, Class<T> type, String source, Locations locations) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        Object value = new NodeBinder(source, locations, problems).root(root, type);
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
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
}
