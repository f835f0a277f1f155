package org.labbridge.bridge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import org.labbridge.access.DeniedConnectionFilter;
import io.netty.channel.ChannelInitializer;
import org.labbridge.bridge.pipeline.BridgePipeline;
import org.labbridge.bridge.pipeline.ConnectionErrors;
import org.labbridge.bridge.pipeline.InboundMeters;
import org.labbridge.bridge.pipeline.MessageDelivery;
import org.labbridge.bridge.pipeline.QueueWriter;
import org.labbridge.client.bridge.OutboundQueue;
import org.labbridge.client.bridge.OverflowPolicy;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.codec.message.MessageFrameDecoder;
import org.labbridge.tls.ReloadableSslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Builds the pipeline of each accepted client (order: {@link BridgePipeline}): {@code input-watch}
 * (close-delimited only), {@code framing} (which also counts what was received and hands each message
 * to the sinks), {@code outbound} (the client's pending queue; close-delimited: {@link CloseDelimitedExchange}),
 * {@code slow-client} (disconnect policy only), {@code connection} ({@link ServerConnection}),
 * {@code errors}.
 *
 * <p>An allowlist ({@link BridgePipeline#IP_FILTER}) and TLS ({@link BridgePipeline#SSL}) are added here,
 * in {@link #initChannel}; {@link BridgePipeline#add} puts them first and before the framing.
 */
final class ServerConnectionInitializer extends ChannelInitializer<Channel> {

    private static final Logger log = LoggerFactory.getLogger(BridgeServer.class);

    private final String owner;
    private final MessageCodec codec;
    private final ServerMeters meters;
    private final List<ServerConnection> connections;
    private final int maxPendingMessages;
    private final long maxPendingBytes;
    private final OverflowPolicy policy;
    private final Duration disconnectGrace;
    private final MessageDelivery<BridgeSink> delivery;
    private final ConnectionErrors errors;
    /** The server's received meters, told by every connection's framing once per read batch. */
    private final InboundMeters inboundMeters;
    private final ServerConnection.PeerLog peerLog;
    /** First in the pipeline when {@code allow} is set; {@code null} serves every client. */
    private final DeniedConnectionFilter allowFilter;
    /** TLS of every connection; {@code null} = plain TCP. */
    private final ReloadableSslContext tls;

    /**
     * @param owner       the log prefix, e.g. {@code bridge server up}
     * @param connections the server's registry of active connections
     */
    ServerConnectionInitializer(String owner, MessageCodec codec, ServerMeters meters, List<BridgeSink> sinks,
                                List<ServerConnection> connections, int maxPendingMessages, long maxPendingBytes,
                                OverflowPolicy policy, Duration disconnectGrace, DeniedConnectionFilter allowFilter,
                                ReloadableSslContext tls) {
        this.owner = owner;
        this.allowFilter = allowFilter;
        this.tls = tls;
        this.codec = codec;
        this.meters = meters;
        this.connections = connections;
        this.maxPendingMessages = maxPendingMessages;
        this.maxPendingBytes = maxPendingBytes;
        this.policy = policy;
        this.disconnectGrace = disconnectGrace;
        this.delivery = new MessageDelivery<>(sinks, BridgeSink::onMessage, log, owner);
        this.errors = new ConnectionErrors(log, owner);
        this.inboundMeters = new InboundMeters(meters.received, meters.receivedBytes);
        this.peerLog = new ServerConnection.PeerLog(owner);
    }

    @Override
    protected void initChannel(Channel ch) {
        if (allowFilter != null && !allowFilter.install(ch)) {
            return; // a stranger: only the filter (BridgePipeline.IP_FILTER), which closes it at once
        }
        boolean closeDelimited = codec.config().closeDelimited();
        OutboundQueue queue = new OutboundQueue(maxPendingMessages, maxPendingBytes, policy, meters::droppedSent);
        ServerConnection connection = new ServerConnection(ch, queue, owner, closeDelimited, connections, meters,
                peerLog);
        BridgePipeline p = BridgePipeline.of(ch.pipeline());
        if (tls != null) { // only for allowed clients: a stranger costs no SSLEngine and no failed handshake
            ChannelHandler[] ssl = tls.newHandlers(ch);
            p.add(BridgePipeline.SSL, ssl[0]).add(BridgePipeline.SSL_GATE, ssl[1]);
        }
        p.add(BridgePipeline.FRAMING, new MessageFrameDecoder(codec, false, meters.frameDrops(), inboundMeters, delivery))
                .add(BridgePipeline.CONNECTION, connection)
                .add(BridgePipeline.ERRORS, errors);
        if (closeDelimited) {
            InputStartWatch input = new InputStartWatch();
            CloseDelimitedExchange exchange = new CloseDelimitedExchange(queue, input, meters.sent, meters.sentBytes);
            p.add(BridgePipeline.INPUT_WATCH, input).add(BridgePipeline.OUTBOUND, exchange);
            connection.writer(new ServerConnection.Writer() {
                @Override
                public void drain() {
                    exchange.drain();
                }

                @Override
                public void drainAll() {
                    // the one message, if any, is written at once: nothing waits
                }

                @Override
                public boolean wantsMessages() {
                    return exchange.wantsMessage();
                }
            });
        } else {
            QueueWriter writer = new QueueWriter(queue, false, meters.sent, meters.sentBytes, connection::unsentAtClose);
            p.add(BridgePipeline.OUTBOUND, writer);
            connection.writer(new ServerConnection.Writer() {
                @Override
                public void drain() {
                    writer.drain(false);
                }

                @Override
                public void drainAll() {
                    writer.drain(true);
                }

                @Override
                public boolean wantsMessages() {
                    return true;
                }
            });
        }
        if (policy == OverflowPolicy.DISCONNECT) {
            p.add(BridgePipeline.SLOW_CLIENT, new SlowClientGrace(owner, disconnectGrace, meters.slowDisconnects, queue::size));
        }
    }
}
