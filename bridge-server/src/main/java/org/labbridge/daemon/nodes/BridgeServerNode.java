package org.labbridge.daemon.nodes;

import java.util.List;
import io.micrometer.core.instrument.Tag;
import io.netty.channel.WriteBufferWaterMark;
import org.labbridge.bridge.BridgeServer;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.BridgeServerNodeConfig;

import java.time.Duration;

/**
 * A {@code bridge-server} node: what clients send is routed on; what is routed in goes to every client.
 */
public final class BridgeServerNode extends AbstractNode<BridgeServerNodeConfig> {

    private final NodeContext context;
    private final BridgeMessages inbound;
    private BridgeServer server;

    BridgeServerNode(BridgeServerNodeConfig config, NodeContext context) {
        super(config);
        this.context = context;
        this.inbound = new BridgeMessages(config.name(), context);
    }

    @Override
    public void start() {
        server = BridgeServer.builder()
                .name(config.name())
                .transport(context.transport())
                .meterRegistry(context.registry())
                .host(config.bind())
                .port(config.port())
                .allow(org.labbridge.access.SourceAllowlist.of(config.allow()))
                .framing(config.framing().toFraming())
                .slowClientPolicy(config.slowClientPolicy())
                .disconnectGrace(config.slowClientGrace())
                .maxPending(config.pendingMessages(), config.writeBufferHigh().bytes() * 4)
                .writeBufferWaterMark(new WriteBufferWaterMark(config.writeBufferLow().toIntClamped(),
                        config.writeBufferHigh().toIntClamped()))
                .maxConnections(config.maxConnections())
                .tcpKeepalive(config.keepalive().toTcpKeepalive())
                .drainTimeout(context.drainTime())
                .sink(message -> inbound.route(message, this::emit))
                .build()
                .start();
    }

    @Override
    public void accept(Message message) {
        server.publish(message.forBridge());
    }

    @Override
    public void stop(Duration drain) {
        if (server != null) {
            server.close(drain);
        }
    }

    @Override
    public String describe() {
        return "bridge-server tcp " + (server == null ? config.bind() + ":" + config.port() : server.localAddress());
    }

    @Override
    public List<Tag> meterTags() {
        return List.of(Tag.of("node", name()), Tag.of("bridge", name()));
    }
}
