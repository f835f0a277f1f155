package org.labbridge.daemon.nodes;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.ScheduledFuture;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.daemon.Node;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.MetricsConfig;
import org.labbridge.daemon.metrics.MeterCodenames;
import org.labbridge.daemon.metrics.MetricsReplyBudget;
import org.labbridge.sockets.DataPullSocket;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built-in metrics socket: a {@code DataPullSocket} (codenames: auto) whose points are every meter's
 * current value, copied from the registry every {@code refresh} on an event loop. Any PyExpLabSys client,
 * and the Netdata adapter's {@code metrics:} job, can pull it with {@code json_wn}.
 */
public final class MetricsSocketNode implements Node {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MetricsSocketNode.class);
    private static final org.labbridge.logging.RateLimitedLogger OMITTED_LOG =
            org.labbridge.logging.RateLimitedLogger.of(MetricsSocketNode.class);

    private final MetricsConfig config;
    private final MeterRegistry registry;
    private final NodeContext context;
    private final DataPullSocket socket;
    private ScheduledFuture<?> refresher;

    MetricsSocketNode(MetricsConfig config, NodeContext context) {
        this.config = config;
        this.context = context;
        this.registry = context.registry();
        this.socket = DataPullSocket.builder(config.name(), List.of())
                .autoCodenames(true)
                .port(config.port())
                .bindAddress(config.bind())
                .allow(org.labbridge.access.SourceAllowlist.of(config.allow()))
                .transport(context.transport())
                .meterRegistry(registry)
                .checkActivity(false)
                .pokeOnSet(false)
                .build();
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void start() {
        socket.start();
        refresh();
        long period = Math.max(10, config.refresh().toMillis());
        refresher = context.transport().group().next()
                .scheduleAtFixedRate(this::refresh, period, period, TimeUnit.MILLISECONDS);
    }

    /** Copies every meter into the socket in one atomic batch; a failure is logged, the schedule goes on. */
    void refresh() {
        try {
            copyMeters();
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task for good: the socket would serve frozen values
            log.warn("metrics socket: refresh failed: {}", e.toString());
        }
    }

    private void copyMeters() {
        Instant now = Instant.now();
        double t = now.getEpochSecond() + now.getNano() / 1e9;
        Map<String, PyTuple> points = new LinkedHashMap<>();
        MetricsReplyBudget.Selection selection = MetricsReplyBudget.select(MeterCodenames.snapshot(registry));
        selection.served().forEach((codename, value) -> points.put(codename, PyTuple.of(t, value)));
        socket.setBatch(points);
        if (selection.omitted() > 0) {
            OMITTED_LOG.warn("omitted", "metrics socket '{}': {} meters left out of its replies to keep json_wn under the"
                    + " UDP maximum; the HTTP endpoint's /metrics has every meter", config.name(), selection.omitted());
        }
    }

    @Override
    public void stop(Duration drain) {
        if (refresher != null) {
            refresher.cancel(false);
        }
        socket.stop();
    }

    @Override
    public String describe() {
        return "metrics udp " + socket.localAddress() + " (refresh " + config.refresh().toMillis() + " ms)";
    }

    @Override
    public List<Tag> meterTags() {
        // the socket's meters carry its port (unique per UDP socket); the node's own carry its name
        return List.of(Tag.of("port", String.valueOf(socket.port())));
    }
}
