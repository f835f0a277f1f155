package org.labbridge.daemon.nodes;

import java.util.List;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Counter;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.daemon.DaemonMeters;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.LiveNodeConfig;
import org.labbridge.logging.RateLimitedLogger;
import org.labbridge.sockets.LiveSocket;
import org.labbridge.sockets.Refusal;
import org.labbridge.sockets.StateLimits;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code live} node: PyExpLabSys's LiveSocket. Each routed message (its registered codenames) is set on
 * the internal pull socket and sent to the live server as one batch.
 */
public final class LiveSocketNode extends AbstractNode<LiveNodeConfig> {

    private static final RateLimitedLogger limited = RateLimitedLogger.of(LiveSocketNode.class);

    private final LiveSocket socket;
    private final Set<String> codenames;
    private final Counter rejected;
    private final Counter stateFull;

    LiveSocketNode(LiveNodeConfig config, NodeContext context) {
        super(config);
        this.codenames = Set.copyOf(config.codenames());
        this.socket = LiveSocket.builder(config.name(), config.codenames(), config.liveServer().host(),
                        config.liveServer().port())
                .internalDataPullSocketPort(config.port())
                .pull(b -> b.bindAddress(config.bind()).allow(org.labbridge.access.SourceAllowlist.of(config.allow())).transport(context.transport())
                        .meterRegistry(context.registry())
                        .limits(new StateLimits(config.codenames().size(), StateLimits.DEFAULT.maxCodenameLength(),
                                config.maxStateBytes().toIntClamped(), Double.NaN)))
                .build();
        this.rejected = DaemonMeters.MESSAGES_REJECTED.counter(context.registry(), "node", config.name(),
                "reason", "unknown_codename");
        this.stateFull = DaemonMeters.MESSAGES_REJECTED.counter(context.registry(), "node", config.name(),
                "reason", Refusal.Reason.STATE_FULL.tag());
    }

    @Override
    public void start() {
        socket.start();
    }

    @Override
    public void accept(Message message) {
        double now = message.receivedEpochSeconds();
        Map<String, Object> batch = new LinkedHashMap<>();
        message.values().forEach((cn, value) -> {
            PyTuple point = codenames.contains(cn) ? PointConversion.toPoint(value, now) : null;
            if (point == null) {
                rejected.increment();
            } else {
                batch.put(cn, point);
            }
        });
        if (!batch.isEmpty()) {
            for (Refusal r : socket.setBatch(batch)) {
                stateFull.increment();
                limited.warn(config.name() + " state_full", "{}: codename '{}' refused (state_full): {}", config.name(),
                        Refusal.shorten(r.codename()), r.message());
            }
        }
    }

    @Override
    public void stop(Duration drain) {
        socket.stop();
    }

    @Override
    public String describe() {
        return "live udp " + config.bind() + ":" + config.port() + " → " + config.liveServer();
    }

    @Override
    public List<Tag> meterTags() {
        // the socket's meters carry its port (unique per UDP socket); the node's own carry its name
        return List.of(Tag.of("node", name()), Tag.of("port", String.valueOf(socket.internalPullSocket().port())));
    }
}
