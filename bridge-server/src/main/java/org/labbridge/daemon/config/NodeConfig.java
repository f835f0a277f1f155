package org.labbridge.daemon.config;

import org.labbridge.config.TypeKey;

/**
 * One node of the routing graph, chosen by its {@code kind}. Every node has a unique {@code name}, by
 * which connections refer to it.
 */
@TypeKey("kind")
public sealed interface NodeConfig permits PullNodeConfig, PushNodeConfig, LiveNodeConfig,
        BridgeServerNodeConfig, BridgeClientNodeConfig, LogNodeConfig, MqttPublishNodeConfig, MqttSubscribeNodeConfig {

    /** The node's unique name. */
    String name();

    /** The {@code kind} that selected this node type in YAML. */
    default String kind() {
        return getClass().getAnnotation(org.labbridge.config.TypeName.class).value()[0];
    }

    /** Whether messages can come out of this node (it may appear in {@code from}). */
    default boolean isSource() {
        return this instanceof Source;
    }

    /** Whether messages can go into this node (it may appear in {@code to}). */
    default boolean isSink() {
        return this instanceof Sink;
    }

    /** A node that produces messages. */
    interface Source {
    }

    /** A node that accepts messages. */
    interface Sink {
    }

    /** A node that binds a port: validation checks that no two nodes bind the same one. */
    interface Bound {
        /** The address to bind ({@code ""} or {@code 0.0.0.0} = all interfaces). */
        String bind();

        /** The port to bind. */
        int port();

        /** The sources it serves ({@code allow}); empty = every source. */
        java.util.List<org.labbridge.access.AllowRule> allow();

        /** {@code udp} or {@code tcp}. */
        default String protocol() {
            return "udp";
        }
    }

    /** Rejects names that connections could not refer to unambiguously. */
    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("name '" + name + "' may only use letters, digits, '_', '.', '-'");
        }
    }
}
