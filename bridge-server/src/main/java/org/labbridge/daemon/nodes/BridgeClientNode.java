package org.labbridge.daemon.nodes;

import org.labbridge.client.bridge.Backoff;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.client.bridge.BridgeMeters;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.BridgeClientNodeConfig;
import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.tls.TlsException;

import java.time.Duration;

/**
 * A {@code bridge-client} node: one connection to a bridge server, re-established for ever; what is routed
 * in is sent (queued while disconnected), what arrives is routed on.
 */
public final class BridgeClientNode extends AbstractNode<BridgeClientNodeConfig> {

    private final BridgeClient client;
    private final BridgeMessages inbound;
    private final ReloadableSslContext tls;

    BridgeClientNode(BridgeClientNodeConfig config, NodeContext context) throws TlsException {
        super(config);
        this.inbound = new BridgeMessages(config.name(), context);
        this.tls = config.tls() == null ? null : ReloadableSslContext.load("bridge client " + config.name(), config.tls())
                .bindTo(context.registry(), BridgeMeters.tags(config.name(), "client"));
        BridgeClient.Builder builder = BridgeClient.builder(config.connect().host(), config.connect().port())
                .tls(tls)
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
        if (tls != null) {
            tls.watch();
        }
        client.start();
    }

    @Override
    public void accept(Message message) {
        client.send(message.forBridge());
    }

    @Override
    public void stop(Duration drain) {
        client.close(drain);
        if (tls != null) {
            tls.close();
        }
    }

    @Override
    public String describe() {
        return "bridge-client " + (tls == null ? "tcp" : "tls") + " → " + config.connect();
    }
}
