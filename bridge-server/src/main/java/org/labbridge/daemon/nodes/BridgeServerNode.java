package org.labbridge.daemon.nodes;

import java.util.List;
import io.micrometer.core.instrument.Tag;
import io.netty.channel.WriteBufferWaterMark;
import org.labbridge.bridge.BridgeServer;
import org.labbridge.client.bridge.BridgeMeters;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.BridgeServerNodeConfig;
import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.tls.TlsException;

import java.time.Duration;

/**
 * A {@code bridge-server} node: what clients send is routed on; what is routed in goes to every client.
 */
public final class BridgeServerNode extends AbstractNode<BridgeServerNodeConfig> {

    private final NodeContext context;
    private final BridgeMessages inbound;
    private BridgeServer server;
    private ReloadableSslContext tls;

    BridgeServerNode(BridgeServerNodeConfig config, NodeContext context) {
        super(config);
        this.context = context;
        this.inbound = new BridgeMessages(config.name(), context);
    }

    @Override
    public void start() throws TlsException {
        if (config.tls() != null) {
            tls = ReloadableSslContext.load("bridge server " + config.name(), config.tls())
                    .bindTo(context.registry(), BridgeMeters.tags(config.name(), "server")).watch();
        }
        server = BridgeServer.builder()
                .tls(tls)
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
        if (tls != null) {
            tls.close();
        }
    }

    @Override
    public String describe() {
        return "bridge-server " + (tls == null ? "tcp " : "tls ") + (server == null ? config.bind() + ":" + config.port() : server.localAddress());
    }

    @Override
    public List<Tag> meterTags() {
        return List.of(Tag.of("node", name()), Tag.of("bridge", name()));
    }
}
