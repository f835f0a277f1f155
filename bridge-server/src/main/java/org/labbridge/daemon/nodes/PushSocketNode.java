package org.labbridge.daemon.nodes;

import java.util.List;
import io.micrometer.core.instrument.Tag;
import org.labbridge.daemon.AckBarrier;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.PushNodeConfig;
import org.labbridge.sockets.DataPushSocket;
import org.labbridge.sockets.PushAction;

import java.time.Duration;
import java.time.Instant;

/**
 * A {@code push} node: a PyExpLabSys push socket; every accepted request becomes a message, acknowledged
 * once the durable sinks it is routed to have stored it (at once when there are none).
 */
public final class PushSocketNode extends AbstractNode<PushNodeConfig> {

    private final DataPushSocket socket;

    PushSocketNode(PushNodeConfig config, NodeContext context) {
        super(config);
        this.socket = DataPushSocket.builder(config.socketName())
                .action(PushAction.STORE_LAST)
                .port(config.port())
                .bindAddress(config.bind())
                .allow(org.labbridge.access.SourceAllowlist.of(config.allow()))
                .transport(context.transport())
                .meterRegistry(context.registry())
                .maxDatagramSize(config.maxDatagramSize().toIntClamped())
                .receiveBufferSize(config.receiveBuffer().toIntClamped())
                .checkActivity(config.checkActivity())
                .activityTimeout(config.activityTimeout().toMillis() / 1000.0)
                .build();
        // The ACK waits for the durable sinks the push is routed to (a bridge-client with a spool): an
        // acknowledged push is then spooled (written, and fsynced with fsync: always).
        socket.acknowledgeWhen(pushed -> {
            double t = pushed.receiveTime();
            long seconds = (long) Math.floor(t);
            Instant received = Instant.ofEpochSecond(seconds, Math.round((t - seconds) * 1e9));
            AckBarrier ack = new AckBarrier();
            emit(new Message(pushed.data(), received, config.name(), ack));
            return ack.all();
        });
    }

    public DataPushSocket socket() {
        return socket;
    }

    @Override
    public void start() {
        socket.start();
    }

    @Override
    public void stop(Duration drain) {
        socket.stop();
    }

    @Override
    public String describe() {
        return "push udp " + socket.localAddress();
    }

    @Override
    public List<Tag> meterTags() {
        // the socket's meters carry its port (unique per UDP socket); the node's own carry its name
        return List.of(Tag.of("node", name()), Tag.of("port", String.valueOf(socket.port())));
    }
}
