package org.labbridge.client.bridge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import org.labbridge.bridge.pipeline.BridgePipeline;
import org.labbridge.bridge.pipeline.ConnectionErrors;
import org.labbridge.bridge.pipeline.InboundMeters;
import org.labbridge.bridge.pipeline.MessageDelivery;
import org.labbridge.bridge.pipeline.QueueWriter;
import org.labbridge.bridge.pipeline.ReadIdleCloser;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.codec.message.MessageFrameDecoder;
import org.labbridge.tls.ReloadableSslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the pipeline of each of the client's connections (order: {@link BridgePipeline}): {@code idle}
 * (when {@code idle_timeout} is set), {@code framing} (which also counts what was received and hands each message to
 * the subscribers), {@code outbound} (the client's queue; not in close-delimited mode, where each connection
 * carries the one message {@link MessagePerConnection} writes), {@code errors}.
 *
 * <p>TLS ({@link BridgePipeline#SSL}) is added here, in {@link #initChannel}.
 */
final class ClientConnectionInitializer extends ChannelInitializer<Channel> {

    private static final Logger log = LoggerFactory.getLogger(BridgeClient.class);

    private final String owner;
    private final MessageCodec codec;
    private final Duration idleTimeout;
    private final ClientMeters meters;
    private final List<Consumer<BridgeMessage>> subscribers;
    /** The client's queue, written by each connection in turn; null in close-delimited mode. */
    private final OutboundQueue streamQueue;
    private final ConnectionErrors errors;
    /** TLS to the server ({@code null} = plain TCP), with the name and port the SslHandler checks. */
    private final ReloadableSslContext tls;
    private final String host;
    private final int port;

    /** @param owner the log prefix, e.g. {@code bridge client up -> 10.0.0.2:45454} */
    ClientConnectionInitializer(String owner, MessageCodec codec, Duration idleTimeout, ClientMeters meters,
                                List<Consumer<BridgeMessage>> subscribers, OutboundQueue streamQueue,
                                ReloadableSslContext tls, String host, int port) {
        this.owner = owner;
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.codec = codec;
        this.idleTimeout = idleTimeout;
        this.meters = meters;
        this.subscribers = subscribers;
        this.streamQueue = streamQueue;
        this.errors = new ConnectionErrors(log, owner);
    }

    @Override
    protected void initChannel(Channel ch) {
        BridgePipeline p = BridgePipeline.of(ch.pipeline());
        if (tls != null) {
            ChannelHandler[] ssl = tls.newHandlers(ch, host, port);
            p.add(BridgePipeline.SSL, ssl[0]).add(BridgePipeline.SSL_GATE, ssl[1]);
        }
        if (idleTimeout != null) {
            p.add(BridgePipeline.IDLE, new ReadIdleCloser(idleTimeout, meters.idleTimeouts, log, owner));
        }
        p.add(BridgePipeline.FRAMING, new MessageFrameDecoder(codec, false, meters.frameDrops(),
                        new InboundMeters(meters.received, meters.receivedBytes),
                        new MessageDelivery<>(subscribers, Consumer::accept, log, owner)))
                .add(BridgePipeline.ERRORS, errors);
        if (streamQueue != null) {
            // Frames Netty still held when the connection died never reached the server: back at the head
            // of the queue, for the next connection (dropped and counted as closed if the client is closing).
            p.add(BridgePipeline.OUTBOUND, new QueueWriter(streamQueue, true, meters.sent, meters.sentBytes, back -> {
                if (back > 0) {
                    log.info("{}: {} message(s) had not reached the socket; queued again", owner, back);
                }
            }));
        }
    }

    /** The connection's queue writer, or null (close-delimited mode, or not this kind of channel). */
    static QueueWriter writerOf(Channel ch) {
        return ch == null ? null : (QueueWriter) ch.pipeline().get(BridgePipeline.OUTBOUND);
    }
}
