package org.labbridge.config;

import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * SnakeYAML's safe construction, one node at a time: a scalar node becomes what {@code Yaml.load} would
 * have made of it (an {@code Integer}, a {@code Boolean}, a {@code String}...), so that binding from nodes
 * reads every value exactly as binding from plain maps did.
 */
final class PlainValues extends SafeConstructor {

    PlainValues() {
        super(YamlSource.options());
    }

    /** The plain value of {@code node} and everything under it. */
    Object of(Node node) {
        return constructObject(node);
    }

    /** Applies YAML merge keys ({@code <<: *defaults}) to {@code node}, in place. */
    void merge(MappingNode node) {
        flattenMapping(node);
    }
}
