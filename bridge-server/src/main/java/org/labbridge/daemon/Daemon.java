package org.labbridge.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.labbridge.daemon.config.ConnectionConfig;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.NodeConfig;
import org.labbridge.daemon.config.Topology;
import org.labbridge.http.HttpServer;
import org.labbridge.http.OperationsEndpoints;
import org.labbridge.logging.RateLimitedLogger;
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
    private final PrometheusMeterRegistry registry;
    private final Map<String, Node> nodes;
    private final Map<String, String> kinds = new LinkedHashMap<>();
    private final List<Node> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private io.netty.util.concurrent.ScheduledFuture<?> logSummaries;
    private volatile boolean stopped;
    private volatile String state = "starting";
    private HttpServer http;

    private Daemon(DaemonConfig config, Transport transport, PrometheusMeterRegistry registry, Map<String, Node> nodes) {
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
        // One registry for everything: the UDP metrics socket reads it, and /metrics scrapes it in the
        // Prometheus text format (micrometer-registry-prometheus).
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindProcessMeters(registry, transport);
        NodeContext context = new NodeContext(transport, registry, config.drainTime());
        Map<String, Node> nodes = new LinkedHashMap<>();
        Daemon daemon = new Daemon(config, transport, registry, nodes);
        try {
            for (NodeConfig nodeConfig : config.nodes()) {
                nodes.put(nodeConfig.name(), factory.create(nodeConfig, context));
                daemon.kinds.put(nodeConfig.name(), nodeConfig.kind());
            }
            if (config.metrics().enabled()) {
                Node metrics = factory.metrics(config.metrics(), context);
                nodes.put(metrics.name(), metrics);
                daemon.kinds.put(metrics.name(), "metrics");
            }
            daemon.startHttp();
            daemon.wireAndStart();
            daemon.scheduleLogSummaries();
            daemon.state = "serving";
        } catch (Exception | Error e) {
            // The cause first, then the clean-up it triggers: an operator reads the log top-down.
            log.error("labbridge could not start: {}; stopping what had started", describe(e));
            daemon.stop(Duration.ofSeconds(1)); // nothing half-started stays bound or running
            throw e;
        }
        log.info("labbridge serving: {} nodes started in {} ms", nodes.size(), (System.nanoTime() - t0) / 1_000_000);
        return daemon;
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null && (e instanceof IllegalStateException || e instanceof java.io.IOException)
                ? e.getMessage() : e.toString();
    }

    /** The HTTP endpoint first: it answers {@code /health} with 503 while the nodes start. */
    private void startHttp() {
        if (!config.http().enabled()) {
            return;
        }
        org.labbridge.access.SourceAllowlist allow = org.labbridge.access.SourceAllowlist.of(config.http().allow());
        http = HttpServer.create(transport, config.http().bind(), config.http().port(),
                OperationsEndpoints.of(registry, () -> state, this::nodeInfos),
                allow.allowsAll() ? null : new org.labbridge.access.DeniedConnectionFilter(allow,
                        DaemonMeters.HTTP_DENIED.counter(registry), "http endpoint"));
        http.start();
    }

    /** The HTTP endpoint's address, or null when it is disabled. */
    public java.net.InetSocketAddress httpAddress() {
        return http == null ? null : http.localAddress();
    }

    /** Every node as operators see it ({@code /api/nodes}), in configuration order. */
    public List<NodeInfo> nodeInfos() {
        List<NodeInfo> out = new ArrayList<>();
        for (Node node : nodes.values()) {
            String nodeState = started.contains(node) ? (stopped ? "stopped" : "running") : (stopped ? "stopped" : "starting");
            out.add(new NodeInfo(node.name(), kinds.getOrDefault(node.name(), "unknown"), nodeState, node.describe(),
                    node.meterTags()));
        }
        return out;
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
            node.outputTo(router.from(name));
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

    /**
     * Rate-limited log lines write the summary of a burst when the next line of their cause comes; this
     * writes it when none comes, so that a storm that stopped is still reported (at most
     * {@link #LOG_SUMMARY_PERIOD} after its interval ended).
     */
    private void scheduleLogSummaries() {
        long period = LOG_SUMMARY_PERIOD.toMillis();
        logSummaries = transport.group().next().scheduleAtFixedRate(RateLimitedLogger::flushAll, period, period,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** How often pending summaries of rate-limited log lines are written. */
    static final Duration LOG_SUMMARY_PERIOD = Duration.ofSeconds(10);

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

    public PrometheusMeterRegistry registry() {
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
        state = "stopping";
        if (logSummaries != null) {
            logSummaries.cancel(false);
        }
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
        if (http != null) {
            http.close(); // last: /health says "stopping" while the nodes drain
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
