package org.labbridge.daemon.config;

import org.labbridge.config.TypeKey;

/**
 * One node of the routing graph, chosen by its {@code kind}. Every node has a unique {@code name}, by
 * which connections refer to it.
 */
@TypeKey("kind")
public sealed interface NodeConfig permits PullNodeConfig, PushNodeConfig, LiveNodeConfig,
        BridgeServerNodeConfig, BridgeClientNodeConfig, LogNodeConfig {

    /** The node's unique name. */
    String name();

    /** The {@code kind} that selected this node type in YAML. */
    default String kind() {
        return getClass().getAnnotation(org.labbridge.config.TypeName.class).value()[0];
    }

    /** Whether messages can come out of this node (it may appear in {@code from}). */
    boolean isSource();

    /** Whether messages can go into this node (it may appear in {@code to}). */
    boolean isSink();

    /** The UDP or TCP port this node binds, or -1 when it binds none. */
    default int boundPort() {
        return -1;
    }

    /** The address {@link #boundPort()} is bound on. */
    default String boundAddress() {
        return "127.0.0.1";
    }

    /** {@code udp} or {@code tcp} for {@link #boundPort()}. */
    default String boundProtocol() {
        return "udp";
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
