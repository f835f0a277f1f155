package org.labbridge.daemon.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The order of a routing graph, from one depth-first search: either a cycle, or every node with each sink
 * before the sources that route into it. Validation uses the cycle; the daemon starts nodes sinks first
 * (nothing is routed into a node that is not serving yet) and stops them in the reverse order (a source stops
 * before the sinks it feeds, so they drain what it already routed).
 */
public final class Topology {

    private final List<String> sinksFirst;
    private final List<String> cycle;

    private Topology(List<String> sinksFirst, List<String> cycle) {
        this.sinksFirst = sinksFirst;
        this.cycle = cycle;
    }

    /**
     * @param nodes every node name, in declaration order (kept among nodes the edges do not order)
     * @param edges source name → the names it routes to
     */
    public static Topology of(Collection<String> nodes, Map<String, ? extends Collection<String>> edges) {
        Set<String> done = new LinkedHashSet<>(); // post-order: a node is done after everything it routes to
        List<String> starts = new ArrayList<>(nodes);
        starts.addAll(edges.keySet());
        for (String start : starts) {
            List<String> cycle = visit(start, edges, new ArrayList<>(), done);
            if (cycle != null) {
                return new Topology(List.of(), List.copyOf(cycle));
            }
        }
        return new Topology(List.copyOf(done), null);
    }

    /** The first cycle found, as node names with the first repeated at the end. */
    public Optional<List<String>> cycle() {
        return Optional.ofNullable(cycle);
    }

    /** Every node, each after all nodes it routes to; empty when there is a {@link #cycle()}. */
    public List<String> sinksFirst() {
        return sinksFirst;
    }

    private static List<String> visit(String node, Map<String, ? extends Collection<String>> edges,
                                      List<String> stack, Set<String> done) {
        int at = stack.indexOf(node);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
            cycle.add(node);
            return cycle;
        }
        if (done.contains(node)) {
            return null;
        }
        stack.add(node);
        Collection<String> targets = edges.get(node);
        for (String next : targets == null ? List.<String>of() : targets) {
            List<String> cycle = visit(next, edges, stack, done);
            if (cycle != null) {
                return cycle;
            }
        }
        stack.remove(stack.size() - 1);
        done.add(node);
        return null;
    }
}
