package org.labbridge.daemon.config;

import org.labbridge.config.ConfigBinder;
import org.labbridge.config.ConfigDocument;
import org.labbridge.config.ConfigException;
import org.labbridge.config.Default;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole labbridge configuration: one YAML file (see {@code conf/labbridge.yaml} in the distribution for
 * every option, commented).
 *
 * @param logLevel    root log level (TRACE..ERROR)
 * @param drainTime   how long shutdown may take to flush bridges and replies
 * @param transport   event-loop settings
 * @param metrics     the built-in metrics socket
 * @param http        the HTTP endpoint ({@code /metrics}, {@code /health}, {@code /api/nodes})
 * @param nodes       the graph's nodes
 * @param connections the graph's routes
 */
public record DaemonConfig(
        @Default("INFO") String logLevel,
        @Default("5s") Duration drainTime,
        TransportConfig transport,
        MetricsConfig metrics,
        HttpConfig http,
        List<NodeConfig> nodes,
        List<ConnectionConfig> connections) {

    /** Classpath resource of the embedded default configuration. */
    public static final String EMBEDDED_DEFAULT = "/org/labbridge/daemon/default.yaml";

    public DaemonConfig {
        if (!logLevel.matches("(?i)TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
            throw new IllegalArgumentException("log_level '" + logLevel + "' is not one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        }
    }

    /** Loads and binds a file (validation of the graph is separate: {@code GraphValidator}). */
    public static DaemonConfig load(Path file) throws ConfigException {
        return ConfigBinder.load(file, DaemonConfig.class);
    }

    /** Loads and binds a file, keeping where each value was written, for located graph errors. */
    public static ConfigDocument<DaemonConfig> read(Path file) throws ConfigException {
        return ConfigBinder.read(file, DaemonConfig.class);
    }

    /** The embedded default: date-pull :9000, push :8500, bridge server :45454, routed together. */
    public static DaemonConfig embeddedDefault() {
        return readEmbeddedDefault().value();
    }

    /** {@link #embeddedDefault()} with its positions (in the resource). */
    public static ConfigDocument<DaemonConfig> readEmbeddedDefault() {
        try (InputStream in = DaemonConfig.class.getResourceAsStream(EMBEDDED_DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + EMBEDDED_DEFAULT);
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ConfigBinder.readString(yaml, DaemonConfig.class, "embedded default");
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException("the embedded default configuration is invalid", e);
        }
    }
}
