package org.labbridge.daemon.nodes;

import java.util.List;
import io.micrometer.core.instrument.Tag;
import org.labbridge.client.bridge.Backoff;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.BridgeClientNodeConfig;

import java.time.Duration;

/**
 * A {@code bridge-client} node: one connection to a bridge server, re-established for ever; what is routed
 * in is sent (queued while disconnected), what arrives is routed on.
 */
public final class BridgeClientNode extends AbstractNode<BridgeClientNodeConfig> {

    private final BridgeClient client;
    private final BridgeMessages inbound;

    BridgeClientNode(BridgeClientNodeConfig config, NodeContext context) {
        super(config);
        this.inbound = new BridgeMessages(config.name(), context);
        BridgeClient.Builder builder = BridgeClient.builder(config.connect().host(), config.connect().port())
                .name(config.name())
                .transport(context.transport())
                .meterRegistry(context.registry())
                .framing(config.framing().toFraming())
                .backoff(new Backoff(config.backoffInitial(), config.backoffMax(), config.backoffMultiplier(),
                        config.backoffJitter()))
                .stableAfter(config.stableAfter())
                .tcpKeepalive(config.keepalive().toTcpKeepalive())
                .maxQueued(config.queueMessages(), config.queueBytes().bytes());
        if (config.idleTimeout() != null) {
            builder.idleTimeout(config.idleTimeout());
        }
        this.client = builder.build();
        client.subscribe(message -> inbound.route(message, this::emit));
    }

    @Override
    public void start() {
        client.start();
    }

    @Override
    public void accept(Message message) {
        client.send(message.forBridge());
    }

    @Override
    public void stop(Duration drain) {
        client.close(drain);
    }

    @Override
    public String describe() {
        return "bridge-client tcp → " + config.connect();
    }

    @Override
    public List<Tag> meterTags() {
        return List.of(Tag.of("node", name()), Tag.of("bridge", name()));
    }
}
