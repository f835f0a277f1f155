package org.labbridge.daemon.config;

import org.labbridge.config.ConfigDocument;
import org.labbridge.config.ConfigException;
import org.labbridge.config.Problem;
import org.labbridge.config.Suggestions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a bound {@link DaemonConfig} as a graph before anything starts: unique names, connections that
 * name existing nodes of a kind that can send or receive, no two sockets on one port, no cycles. Every
 * problem is reported in one pass, with its path and, for a configuration read from a file, where it was
 * written ({@code labbridge.yaml:7:5: nodes[1].port: udp port 9000 is already used by nodes[0].port}).
 */
public final class GraphValidator {

    private GraphValidator() {
    }

    /** @throws ConfigException listing every problem found (paths only) */
    public static void validate(DaemonConfig config) throws ConfigException {
        validate(ConfigDocument.of(config));
    }

    /** @throws ConfigException listing every problem found, located in the document */
    public static void validate(ConfigDocument<DaemonConfig> document) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        DaemonConfig config = document.value();
        Map<String, Integer> indexByName = uniqueNames(document, problems);
        Integer clash = indexByName.get(config.metrics().name());
        if (config.metrics().enabled() && clash != null) {
            problems.add(document.problem("nodes[" + clash + "].name", "'" + config.metrics().name()
                    + "' is the name of the metrics socket (metrics.name); choose another"));
        }
        uniquePorts(document, problems);
        Map<String, Set<String>> edges = connections(document, indexByName, problems);
        // Even with other problems (a duplicate name): every edge that could be resolved is a route the
        // user wrote, and a cycle among them is worth knowing before the next run.
        Topology.of(indexByName.keySet(), edges).cycle().ifPresent(cycle -> problems.add(document.problem(
                cyclePath(config, cycle), "cycle " + String.join(" → ", cycle) + " (a message could circulate for ever)")));
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
    }

    private static Map<String, Integer> uniqueNames(ConfigDocument<DaemonConfig> document, List<Problem> problems) {
        List<NodeConfig> nodes = document.value().nodes();
        Map<String, Integer> indexByName = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Integer previous = indexByName.putIfAbsent(nodes.get(i).name(), i);
            if (previous != null) {
                problems.add(document.problem("nodes[" + i + "].name", "'" + nodes.get(i).name()
                        + "' is already the name of nodes[" + previous + "]"));
            }
        }
        return indexByName;
    }

    private static void uniquePorts(ConfigDocument<DaemonConfig> document, List<Problem> problems) {
        // port 0 is "any free port": it never clashes
        List<PortClaims.Claim> wanted = PortClaims.of(document.value()).stream().filter(c -> c.port() != 0).toList();
        // Each claim against every earlier one: a, b, b on one port clashes at the second b, not only
        // where it meets the first claim.
        for (int i = 0; i < wanted.size(); i++) {
            PortClaims.Claim claim = wanted.get(i);
            for (PortClaims.Claim earlier : wanted.subList(0, i)) {
                if (earlier.protocol().equals(claim.protocol()) && earlier.port() == claim.port()
                        && BindAddresses.overlap(earlier.bind(), claim.bind())) {
                    problems.add(document.problem(claim.portPath(), claim.protocol() + " port " + claim.port()
                            + " is already used by " + earlier.portPath()));
                    break;
                }
            }
        }
    }

    private static Map<String, Set<String>> connections(ConfigDocument<DaemonConfig> document,
                                                        Map<String, Integer> indexByName, List<Problem> problems) {
        DaemonConfig config = document.value();
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        List<ConnectionConfig> connections = config.connections();
        for (int i = 0; i < connections.size(); i++) {
            ConnectionConfig c = connections.get(i);
            String path = "connections[" + i + "]";
            NodeConfig from = node(document, indexByName, c.from(), path + ".from", problems);
            if (from != null && !from.isSource()) {
                problems.add(document.problem(path + ".from", "'" + from.name() + "' is a " + from.kind()
                        + " node, which produces no messages"));
            }
            for (int j = 0; j < c.to().size(); j++) {
                NodeConfig to = node(document, indexByName, c.to().get(j), path + ".to[" + j + "]", problems);
                if (to != null && !to.isSink()) {
                    problems.add(document.problem(path + ".to[" + j + "]", "'" + to.name() + "' is a " + to.kind()
                            + " node, which accepts no messages"));
                }
                if (from != null && to != null) {
                    edges.computeIfAbsent(from.name(), k -> new LinkedHashSet<>()).add(to.name());
                }
            }
        }
        return edges;
    }

    private static NodeConfig node(ConfigDocument<DaemonConfig> document, Map<String, Integer> indexByName,
                                   String name, String path, List<Problem> problems) {
        Integer index = indexByName.get(name);
        if (index == null) {
            problems.add(document.problem(path, "'" + name + "' is not a node"
                    + Suggestions.didYouMean(name, indexByName.keySet())
                    + " (nodes: " + String.join(", ", indexByName.keySet()) + ")"));
            return null;
        }
        return document.value().nodes().get(index);
    }

    /**
     * Where a cycle is reported: the connection that routes its first node into its second (one of the
     * routes to break), or {@code connections} as a whole.
     */
    private static String cyclePath(DaemonConfig config, List<String> cycle) {
        List<ConnectionConfig> connections = config.connections();
        for (int i = 0; i < connections.size() && cycle.size() > 1; i++) {
            if (connections.get(i).from().equals(cycle.get(0)) && connections.get(i).to().contains(cycle.get(1))) {
                return "connections[" + i + "]";
            }
        }
        return "connections";
    }
}
