package org.labbridge.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.labbridge.daemon.NodeInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The daemon's paths: {@code /metrics}, {@code /health}, {@code /api/nodes}. */
public final class OperationsEndpoints {

    private OperationsEndpoints() {
    }

    /**
     * The endpoints of a daemon.
     *
     * @param registry    the daemon's meters
     * @param daemonState {@code starting}, {@code serving} or {@code stopping}
     * @param nodes       the nodes as they are now
     */
    public static Map<String, HttpEndpoint> of(PrometheusMeterRegistry registry, Supplier<String> daemonState,
                                               Supplier<List<NodeInfo>> nodes) {
        Map<String, HttpEndpoint> paths = new LinkedHashMap<>();
        paths.put("/metrics", new MetricsEndpoint(registry));
        paths.put("/health", new HealthEndpoint(daemonState, nodes));
        paths.put("/api/nodes", new NodesEndpoint(registry, nodes, System::nanoTime));
        return paths;
    }
}
