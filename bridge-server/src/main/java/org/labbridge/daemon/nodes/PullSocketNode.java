package org.labbridge.daemon.nodes;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import org.labbridge.codec.pyexplabsys.Codenames;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.daemon.DaemonMeters;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.PullNodeConfig;
import org.labbridge.logging.RateLimitedLogger;
import org.labbridge.sockets.DataPullSocket;
import org.labbridge.sockets.DateDataPullSocket;
import org.labbridge.sockets.PullSocket;
import org.labbridge.sockets.Refusal;
import org.labbridge.sockets.StateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code date-pull} or {@code data-pull} node: a PyExpLabSys pull socket whose points are set by the
 * messages routed into it (one atomic batch per message, so a pull never sees half a message).
 */
public final class PullSocketNode extends AbstractNode<PullNodeConfig> {

    private static final Logger log = LoggerFactory.getLogger(PullSocketNode.class);
    private static final RateLimitedLogger limited = new RateLimitedLogger(log);

    private final PullSocket socket;
    private final Set<String> accepted;
    private final Counter noPoint;
    private final Counter unknownCodename;
    private final Counter badCodename;
    private final Map<Refusal.Reason, Counter> refusedByReason = new EnumMap<>(Refusal.Reason.class);

    PullSocketNode(PullNodeConfig config, NodeContext context) {
        super(config);
        boolean auto = config.codenames().auto();
        // With auto codenames, those named in `timeouts` are registered up front so that their own timeout
        // applies (auto-registered codenames all share `timeouts.all`).
        List<String> codenames = auto ? List.copyOf(config.timeouts().perCodename().keySet())
                : config.codenames().names();
        this.accepted = auto ? null : Set.copyOf(codenames);
        PullSocket.Builder<?, ?> builder = config.dated()
                ? DateDataPullSocket.builder(config.socketName(), codenames)
                : DataPullSocket.builder(config.socketName(), codenames);
        builder.port(config.port())
                .bindAddress(config.bind())
                .allow(org.labbridge.access.SourceAllowlist.of(config.allow()))
                .transport(context.transport())
                .meterRegistry(context.registry())
                .maxDatagramSize(config.maxDatagramSize().toIntClamped())
                .receiveBufferSize(config.receiveBuffer().toIntClamped())
                .checkActivity(config.checkActivity())
                .activityTimeout(config.activityTimeout().toMillis() / 1000.0)
                .defaultX(config.defaultX())
                .defaultY(config.defaultY())
                .autoCodenames(auto)
                .autoCodenameTimeout(seconds(config.timeouts().all()))
                .limits(new StateLimits(config.maxCodenames(), config.maxCodenameLength(),
                        config.maxStateBytes().toIntClamped(),
                        config.codenameExpiry() == null ? Double.NaN : seconds(config.codenameExpiry())));
        if (!codenames.isEmpty()) {
            List<Double> timeouts = new ArrayList<>();
            for (String cn : codenames) {
                timeouts.add(seconds(config.timeouts().of(cn)));
            }
            builder.timeouts(timeouts);
        }
        this.socket = builder.build();
        this.noPoint = rejected(context, "no_point");
        this.unknownCodename = rejected(context, "unknown_codename");
        this.badCodename = rejected(context, "bad_codename");
        for (Refusal.Reason reason : Refusal.Reason.values()) {
            refusedByReason.put(reason, rejected(context, reason.tag()));
        }
        FunctionCounter.builder(DaemonMeters.CODENAMES_EXPIRED.meterName(), socket, PullSocket::expiredCodenames)
                .description(DaemonMeters.CODENAMES_EXPIRED.description())
                .tags("node", config.name())
                .register(context.registry());
    }

    private Counter rejected(NodeContext context, String reason) {
        return DaemonMeters.MESSAGES_REJECTED.counter(context.registry(), "node", config.name(), "reason", reason);
    }

    private static Double seconds(Duration d) {
        return d == null ? null : d.toNanos() / 1e9;
    }

    /** The socket, for tests and for the daemon's introspection. */
    public PullSocket socket() {
        return socket;
    }

    @Override
    public void start() {
        socket.start();
    }

    @Override
    public void accept(Message message) {
        Map<String, PyTuple> points = points(message.values(), message.receivedEpochSeconds(), true);
        if (!points.isEmpty()) {
            // one atomic batch: a pull never sees half a message; what would break the limits is left out
            for (Refusal r : socket.setBatch(points)) {
                refused(r);
            }
        }
    }

    /**
     * Why setting these values now would leave some out to keep the socket's state limits, or {@code null}:
     * asked by a push before it acknowledges, so that its sender hears of it.
     */
    @Override
    public String refusal(Map<String, Object> values) {
        Map<String, PyTuple> points = points(values, 0.0, false);
        if (points.isEmpty()) {
            return null;
        }
        List<Refusal> refused = socket.check(points);
        if (refused.isEmpty()) {
            return null;
        }
        refused(refused.get(0)); // counted and logged here, with its reason, though the push is what is refused
        return "node '" + config.name() + "' refuses it: " + refused.get(0).message();
    }

    /** The points of the values this node takes (counting what it does not take when {@code count}). */
    private Map<String, PyTuple> points(Map<String, Object> values, double now, boolean count) {
        Map<String, PyTuple> points = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String cn = e.getKey();
            if (!admit(cn, count)) {
                continue;
            }
            PyTuple point = PointConversion.toPoint(e.getValue(), now);
            if (point == null) {
                if (count) {
                    noPoint.increment();
                    log.debug("{}: value of '{}' is not a scalar or a list of two or more; ignored", config.name(), cn);
                }
                continue;
            }
            points.put(cn, point);
        }
        return points;
    }

    /** Whether a codename may be set: one bad key never costs the rest of the message. */
    private boolean admit(String codename, boolean count) {
        if (accepted != null) {
            if (accepted.contains(codename)) {
                return true;
            }
            if (count) {
                unknownCodename.increment();
                log.debug("{}: codename '{}' is not in its codenames; ignored", config.name(), codename);
            }
            return false;
        }
        try {
            Codenames.checkCharacters(codename);
        } catch (IllegalArgumentException e) {
            if (count) {
                badCodename.increment();
                log.debug("{}: codename '{}' refused: {}", config.name(), codename, e.getMessage());
            }
            return false;
        }
        return true;
    }

    /** Counts and logs a refused codename: one line per node and reason per minute, then a summary (rate-limited). */
    private void refused(Refusal r) {
        refusedByReason.get(r.reason()).increment();
        limited.warn(config.name() + " " + r.reason().tag(), "{}: codename '{}' refused ({}): {}", config.name(),
                Refusal.shorten(r.codename()), r.reason().tag(), r.message());
    }

    @Override
    public void stop(Duration drain) {
        socket.stop();
    }

    @Override
    public String describe() {
        return config.kind() + " udp " + socket.localAddress();
    }

    @Override
    public List<Tag> meterTags() {
        // the socket's meters carry its port (unique per UDP socket); the node's own carry its name
        return List.of(Tag.of("node", name()), Tag.of("port", String.valueOf(socket.port())));
    }
}
