package org.labbridge.daemon.config;

import java.util.List;

/**
 * A route: every message node {@code from} produces goes to each node in {@code to}.
 *
 * @param from the source node's name
 * @param to   the sink nodes' names ({@code to: b} is short for {@code to: [b]})
 */
public record ConnectionConfig(String from, List<String> to) {
    public ConnectionConfig {
        if (to.isEmpty()) {
            throw new IllegalArgumentException("'to' must name at least one node");
        }
    }
}
