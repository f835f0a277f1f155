package org.labbridge.daemon;

import org.labbridge.daemon.config.MetricsConfig;
import org.labbridge.daemon.config.NodeConfig;

/** Builds the running node for a node configuration. */
public interface NodeFactory {

    /** A node for {@code config}, not started yet. */
    Node create(NodeConfig config, NodeContext context) throws Exception;

    /** The built-in metrics socket. */
    Node metrics(MetricsConfig config, NodeContext context) throws Exception;
}
