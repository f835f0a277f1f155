package org.labbridge.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.labbridge.daemon.config.ConnectionConfig;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.NodeConfig;
import org.labbridge.daemon.config.Topology;
import org.labbridge.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running labbridge process: one transport, one meter registry, the configured nodes wired by a
 * {@link Router}, and the metrics socket. Built from a validated {@link DaemonConfig}.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final Transport transport;
    private final MeterRegistry registry;
    private final Map<String, Node> nodes;
    private final List<Node> started = new ArrayList<>();
    private volatile boolean stopped;

    private Daemon(DaemonConfig config, Transport transport, MeterRegistry registry, Map<String, Node> nodes) {
        this.config = config;
        this.transport = transport;
        this.registry = registry;
        this.nodes = nodes;
    }

    /**
     * Builds and starts every node. If any fails to start (a port in use, say), the ones already started are
     * stopped and the exception is thrown: the daemon never runs half-configured.
     */
    public static Daemon start(DaemonConfig config, NodeFactory factory) throws Exception {
        long t0 = System.nanoTime();
        Transport transport = Transport.create("labbridge", config.transport().threads(),
                config.transport().preferNative());
        MeterRegistry registry = new SimpleMeterRegistry();
        bindProcessMeters(registry, transport);
        NodeContext context = new NodeContext(transport, registry, config.drainTime());
        Map<String, Node> nodes = new LinkedHashMap<>();
        Daemon daemon = new Daemon(config, transport, registry, nodes);
        try {
            for (NodeConfig nodeConfig : config.nodes()) {
                nodes.put(nodeConfig.name(), factory.create(nodeConfig, context));
            }
            if (config.metrics().enabled()) {
                Node metrics = factory.metrics(config.metrics(), context);
                nodes.put(metrics.name(), metrics);
            }
            daemon.wireAndStart();
        } catch (Exception | Error e) {
            daemon.stop(Duration.ofSeconds(1)); // nothing half-started stays bound or running
            throw e;
        }
        log.info("labbridge serving: {} nodes started in {} ms", nodes.size(), (System.nanoTime() - t0) / 1_000_000);
        return daemon;
    }

    private void wireAndStart() throws Exception {
        Map<String, List<Node>> targets = new LinkedHashMap<>();
        for (ConnectionConfig c : config.connections()) {
            List<Node> list = targets.computeIfAbsent(c.from(), k -> new ArrayList<>());
            for (String to : c.to()) {
                Node target = nodes.get(to);
                if (!list.contains(target)) {
                    list.add(target);
                }
            }
        }
        Router router = new Router(targets, registry);
        for (Node node : nodes.values()) {
            String name = node.name();
            node.outputTo(message -> router.route(name, message));
            node.admitWith(values -> router.refusal(name, values));
        }
        // Every sink before the sources that route into it, so that nothing is routed into a node that is not
        // serving yet; stop() goes the other way round, so sinks drain last.
        for (String name : startOrder(nodes.keySet(), config.connections())) {
            Node node = nodes.get(name);
            node.start();
            started.add(node);
            log.info("node {}: {}", node.name(), node.describe());
        }
        for (String name : nodes.keySet()) {
            boolean routed = targets.containsKey(name) || targets.values().stream()
                    .anyMatch(l -> l.stream().anyMatch(n -> n.name().equals(name)));
            if (!routed && !name.equals(config.metrics().name())) {
                log.warn("node {} is in no connection: it serves, but nothing is routed to or from it", name);
            }
        }
    }

    /** The node names in the order they start: each after every node it routes to (the graph is acyclic). */
    static List<String> startOrder(Collection<String> names, List<ConnectionConfig> connections) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (ConnectionConfig c : connections) {
            edges.computeIfAbsent(c.from(), k -> new ArrayList<>()).addAll(c.to());
        }
        Topology topology = Topology.of(names, edges);
        if (topology.cycle().isPresent()) { // GraphValidator rejects cycles before a daemon is built
            throw new IllegalArgumentException("connections: cycle " + topology.cycle().get());
        }
        return topology.sinksFirst();
    }

    private static void bindProcessMeters(MeterRegistry registry, Transport transport) {
        new NettyEventExecutorMetrics(transport.group()).bindTo(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public Transport transport() {
        return transport;
    }

    /** The running node of that name, or null. */
    public Node node(String name) {
        return nodes.get(name);
    }

    /**
     * Stops the nodes in the reverse of their start order: each source before the sinks it routes to, so a
     * sink stops only when nothing can be routed into it any more and flushes what it got within {@code drain}.
     * Then shuts the event loops down. Idempotent.
     */
    public synchronized void stop(Duration drain) {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + drain.toNanos();
        List<Node> reverse = new ArrayList<>(started); // sources first: see startOrder
        java.util.Collections.reverse(reverse);
        for (Node node : reverse) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                node.stop(left);
            } catch (RuntimeException e) {
                log.warn("node {}: error while stopping: {}", node.name(), e.toString());
            }
        }
        Duration left = Duration.ofNanos(Math.max(100_000_000L, deadline - System.nanoTime()));
        transport.shutdown(Duration.ZERO, left);
        log.info("labbridge stopped");
    }

    @Override
    public void close() {
        stop(config.drainTime());
    }
}
