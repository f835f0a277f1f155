package org.labbridge.daemon.config;

import org.labbridge.config.Default;
import org.labbridge.config.TypeName;

/**
 * Logs every message routed into it as one JSON line, for debugging a graph.
 *
 * @param name  node name
 * @param level the log level of the lines ({@code INFO} by default)
 */
@TypeName("log")
public record LogNodeConfig(String name, @Default("INFO") String level) implements NodeConfig, NodeConfig.Sink {

    public LogNodeConfig {
        NodeConfig.requireName(name);
        if (!level.matches("(?i)TRACE|DEBUG|INFO|WARN|ERROR")) {
            throw new IllegalArgumentException("level '" + level + "' is not one of TRACE, DEBUG, INFO, WARN, ERROR");
        }
    }
}
