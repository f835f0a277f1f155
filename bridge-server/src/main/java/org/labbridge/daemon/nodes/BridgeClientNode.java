package org.labbridge.daemon.nodes;

import java.util.List;
import io.micrometer.core.instrument.Tag;
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
 * in is sent (queued while disconnected: in memory, or on disk with a {@code spool:}, see
 * {@link SpooledSender}), what arrives is routed on.
 */
public final class BridgeClientNode extends AbstractNode<BridgeClientNodeConfig> {

    private final BridgeClient client;
    private final BridgeMessages inbound;
    /** The disk queue in front of the client, or null when it queues in memory only. */
    private final SpooledSender spooled;
    /** TLS of the connections, or null for plain TCP. */
    private final ReloadableSslContext tls;

    BridgeClientNode(BridgeClientNodeConfig config, NodeContext context) throws TlsException {
        super(config);
        this.inbound = new BridgeMessages(config.name(), context);
        this.tls = config.tls() == null ? null : ReloadableSslContext.load("bridge client " + config.name(), config.tls())
                .bindTo(context.registry(), BridgeMeters.tags(config.name(), "client"));
        this.spooled = config.spool() == null ? null : new SpooledSender(config, context.registry());
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
        if (spooled != null) {
            builder.onWritten(spooled::written);
        }
        this.client = builder.build();
        client.subscribe(message -> inbound.route(message, this::emit));
    }

    @Override
    public void start() throws Exception {
        if (spooled != null) {
            spooled.start(client); // opens the spool (disk I/O, here on the starting thread): fails the start if it cannot
        }
        if (tls != null) {
            tls.watch();
        }
        client.start();
    }

    @Override
    public void accept(Message message) {
        if (spooled != null) {
            spooled.accept(message);
        } else {
            client.send(message.forBridge());
        }
    }

    @Override
    public void stop(Duration drain) {
        client.close(drain); // flushes what it holds; what reached the socket is reported to the spool
        if (spooled != null) {
            spooled.stop();
        }
        if (tls != null) {
            tls.close();
        }
    }

    @Override
    public String describe() {
        return "bridge-client " + (tls == null ? "tcp" : "tls") + " → " + config.connect()
                + (spooled != null ? ", spool " + config.spool().dir() + " (fsync " + config.spool().fsync()
                .name().toLowerCase(java.util.Locale.ROOT) + ")" : "");
    }

    @Override
    public List<Tag> meterTags() {
        return List.of(Tag.of("node", name()), Tag.of("bridge", name()), Tag.of("spool", name()));
    }
}
