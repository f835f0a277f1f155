package org.labbridge.daemon.nodes;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Counter;
import org.labbridge.codec.pyexplabsys.Codenames;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.daemon.DaemonMeters;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.PullNodeConfig;
import org.labbridge.sockets.DataPullSocket;
import org.labbridge.sockets.DateDataPullSocket;
import org.labbridge.sockets.PullSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
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

    private final PullSocket socket;
    private final Set<String> accepted;
    private final Counter noPoint;
    private final Counter unknownCodename;
    private final Counter badCodename;
    private final Counter tooManyCodenames;

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
                .autoCodenameTimeout(seconds(config.timeouts().all()));
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
        this.tooManyCodenames = rejected(context, "too_many_codenames");
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
        double now = message.receivedEpochSeconds();
        Map<String, PyTuple> points = new LinkedHashMap<>();
        int room = config.maxCodenames() - socket.codenames().size();
        for (Map.Entry<String, Object> e : message.values().entrySet()) {
            String cn = e.getKey();
            boolean known = socket.point(cn) != null;
            if (!admit(cn, known || room > 0)) {
                continue;
            }
            PyTuple point = PointConversion.toPoint(e.getValue(), now);
            if (point == null) {
                noPoint.increment();
                log.debug("{}: value of '{}' is not a scalar or a list of two or more; ignored", config.name(), cn);
                continue;
            }
            points.put(cn, point);
            if (!known) {
                room--;
            }
        }
        if (!points.isEmpty()) {
            socket.setBatch(points); // one atomic batch: a pull never sees half a message
        }
    }

    /** Whether a codename may be set: one bad key never costs the rest of the message. */
    private boolean admit(String codename, boolean hasRoom) {
        if (accepted != null) {
            if (accepted.contains(codename)) {
                return true;
            }
            unknownCodename.increment();
            log.debug("{}: codename '{}' is not in its codenames; ignored", config.name(), codename);
            return false;
        }
        try {
            Codenames.checkCharacters(codename);
        } catch (IllegalArgumentException e) {
            badCodename.increment();
            log.debug("{}: codename '{}' refused: {}", config.name(), codename, e.getMessage());
            return false;
        }
        if (!hasRoom) {
            tooManyCodenames.increment();
            log.debug("{}: max_codenames ({}) reached; '{}' ignored", config.name(), config.maxCodenames(), codename);
            return false;
        }
        return true;
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
