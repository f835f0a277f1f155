package org.labbridge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.labbridge.daemon.NodeInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: {@code 200 {"status":"ok",...}} when the daemon is serving and every node is
 * running, else {@code 503} with the reason (starting, stopping, or the nodes that are not running) — what
 * Docker's {@code HEALTHCHECK}, systemd or a load balancer asks.
 */
final class HealthEndpoint implements HttpEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> daemonState;
    private final Supplier<List<NodeInfo>> nodes;

    HealthEndpoint(Supplier<String> daemonState, Supplier<List<NodeInfo>> nodes) {
        this.daemonState = daemonState;
        this.nodes = nodes;
    }

    @Override
    public HttpReply get(String query, String accept) {
        String state = daemonState.get();
        List<NodeInfo> infos = nodes.get();
        List<String> notRunning = new ArrayList<>();
        for (NodeInfo n : infos) {
            if (!n.state().equals("running")) {
                notRunning.add(n.name() + " (" + n.state() + ")");
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        boolean ok = state.equals("serving") && notRunning.isEmpty();
        doc.put("status", ok ? "ok" : "unavailable");
        doc.put("daemon", state);
        doc.put("nodes", infos.size());
        if (!ok) {
            doc.put("reason", !state.equals("serving") ? "labbridge is " + state
                    : "nodes not running: " + String.join(", ", notRunning));
        }
        try {
            return HttpReply.json(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    JSON.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
