package org.labbridge.daemon.config;

import org.labbridge.config.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a bound {@link DaemonConfig} as a graph before anything starts: unique names, connections that
 * name existing nodes of a kind that can send or receive, no two sockets on one port, no cycles. Every
 * problem is reported with its path, like a binding error.
 */
public final class GraphValidator {

    private GraphValidator() {
    }

    /** @throws ConfigException listing every problem found */
    public static void validate(DaemonConfig config) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> indexByName = uniqueNames(config.nodes(), problems);
        Integer clash = indexByName.get(config.metrics().name());
        if (config.metrics().enabled() && clash != null) {
            problems.add("nodes[" + clash + "].name: '" + config.metrics().name()
                    + "' is the name of the metrics socket (metrics.name); choose another");
        }
        uniquePorts(config, problems);
        Map<String, Set<String>> edges = connections(config, indexByName, problems);
        if (problems.isEmpty()) {
            Topology.of(indexByName.keySet(), edges).cycle().ifPresent(cycle -> problems.add(
                    "connections: cycle " + String.join(" → ", cycle) + " (a message could circulate for ever)"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static Map<String, Integer> uniqueNames(List<NodeConfig> nodes, List<String> problems) {
        Map<String, Integer> indexByName = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Integer previous = indexByName.putIfAbsent(nodes.get(i).name(), i);
            if (previous != null) {
                problems.add("nodes[" + i + "].name: '" + nodes.get(i).name() + "' is already the name of nodes["
                        + previous + "]");
            }
        }
        return indexByName;
    }

    private static void uniquePorts(DaemonConfig config, List<String> problems) {
        record Claim(String protocol, int port, String address, String owner) {
        }
        List<NodeConfig> nodes = config.nodes();
        List<Claim> wanted = new ArrayList<>();
        if (config.metrics().enabled()) {
            wanted.add(new Claim("udp", config.metrics().port(), config.metrics().bind(), "metrics.port"));
        }
        if (config.http().enabled() && config.http().port() != 0) {
            wanted.add(new Claim("tcp", config.http().port(), config.http().bind(), "http.port"));
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof NodeConfig.Bound bound) {
                wanted.add(new Claim(bound.protocol(), bound.port(), bound.bind(), "nodes[" + i + "].port"));
            }
        }
        // Each claim against every earlier one: a, b, b on one port clashes at the second b, not only
        // where it meets the first claim.
        for (int i = 0; i < wanted.size(); i++) {
            Claim claim = wanted.get(i);
            for (Claim earlier : wanted.subList(0, i)) {
                if (earlier.protocol().equals(claim.protocol()) && earlier.port() == claim.port()
                        && BindAddresses.overlap(earlier.address(), claim.address())) {
                    problems.add(claim.owner() + ": " + claim.protocol() + " port " + claim.port()
                            + " is already used by " + earlier.owner());
                    break;
                }
            }
        }
    }

    private static Map<String, Set<String>> connections(DaemonConfig config, Map<String, Integer> indexByName,
                                                        List<String> problems) {
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        List<ConnectionConfig> connections = config.connections();
        for (int i = 0; i < connections.size(); i++) {
            ConnectionConfig c = connections.get(i);
            String path = "connections[" + i + "]";
            NodeConfig from = node(config, indexByName, c.from(), path + ".from", problems);
            if (from != null && !from.isSource()) {
                problems.add(path + ".from: '" + from.name() + "' is a " + from.kind()
                        + " node, which produces no messages");
            }
            for (int j = 0; j < c.to().size(); j++) {
                NodeConfig to = node(config, indexByName, c.to().get(j), path + ".to[" + j + "]", problems);
                if (to != null && !to.isSink()) {
                    problems.add(path + ".to[" + j + "]: '" + to.name() + "' is a " + to.kind()
                            + " node, which accepts no messages");
                }
                if (from != null && to != null) {
                    edges.computeIfAbsent(from.name(), k -> new LinkedHashSet<>()).add(to.name());
                }
            }
        }
        return edges;
    }

    private static NodeConfig node(DaemonConfig config, Map<String, Integer> indexByName, String name, String path,
                                   List<String> problems) {
        Integer index = indexByName.get(name);
        if (index == null) {
            problems.add(path + ": '" + name + "' is not a node (nodes: " + String.join(", ", indexByName.keySet())
                    + ")");
            return null;
        }
        return config.nodes().get(index);
    }
}
