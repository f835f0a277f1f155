package org.labbridge.bridge.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

import java.util.List;
import java.util.Objects;

/**
 * The order of the handlers of a bridge connection, written down once for both roles: every handler is
 * added by name with {@link #add}, which puts it at its place in {@link #ORDER} whatever the order of the
 * calls, so a feature added later (TLS, an allowlist) lands where it belongs without knowing the others.
 *
 * <pre>
 *  name            server child channel                     client channel
 *  ─────────────── ──────────────────────────────────────── ────────────────────────────────────────
 *  ipfilter        allowlist (Netty's IpSubnetFilter): FIRST, so a stranger costs nothing more   —
 *  idle            —                                        ReadIdleCloser (idle_timeout)
 *  ssl             SslHandler: before anything that reads or writes messages (both roles)
 *  ssl-gate        holds channelActive back until the TLS handshake succeeded (both roles)
 *  input-watch     close-delimited: notes a started upload   —
 *  framing         MessageFrameDecoder: bytes → BridgeMessage, bad frames dropped and counted; messages
 *                  and bytes received counted (InboundMeters), once per read batch; each message handed
 *                  (MessageDelivery) to the sinks           to the subscribers
 *  outbound        QueueWriter: the connection's pending    QueueWriter: the client's queue →
 *                  queue → socket (close-delimited:         socket (close-delimited: none;
 *                  CloseDelimitedExchange)                  MessagePerConnection writes each one)
 *  slow-client     disconnect policy: the grace timer       —
 *  connection      the server's connection registry, open/close meters and log                —
 *  errors          ConnectionErrors: log (DEBUG) and close on any other error (both roles)
 * </pre>
 *
 * <p>The server channel (the listener) has one handler of ours, {@link #ACCEPT_LIMIT}
 * ({@code max_connections}, and backing off when accept fails for lack of file descriptors).
 *
 * <p><b>Where TLS and allowlists go.</b> In the initializer of each role's channel
 * ({@code ServerConnectionInitializer} in {@code org.labbridge.bridge}, {@code ClientConnectionInitializer}
 * in {@code org.labbridge.client.bridge}): {@code BridgePipeline.of(ch.pipeline()).add(IP_FILTER, filter)}
 * and {@code .add(SSL, handlers[0]).add(SSL_GATE, handlers[1])} with {@code ReloadableSslContext.newHandlers}. Why that order: a refused source must not cost
 * a TLS handshake, and the framing must only ever see plaintext. {@code idle} sits before {@code ssl} so
 * that a handshake that stalls is an idle connection too.
 */
public final class BridgePipeline {

    /** Source allowlist (server); the first handler, so that a refused peer costs nothing more. */
    public static final String IP_FILTER = "ipfilter";
    /** Closes a connection that received nothing for {@code idle_timeout} (client). */
    public static final String IDLE = "idle";
    /** TLS; before every handler that reads or writes messages. */
    public static final String SSL = "ssl";
    /**
     * Right after {@link #SSL}: the handlers after it see {@code channelActive} only once the handshake
     * succeeded, and nothing of a connection whose handshake failed (see {@code ReloadableSslContext}).
     */
    public static final String SSL_GATE = "ssl-gate";
    /** Close-delimited server connections: notes that the client has started to upload its message. */
    public static final String INPUT_WATCH = "input-watch";
    /** Bytes to {@code BridgeMessage}s. */
    public static final String FRAMING = "framing";
    /** Writes the outbound queue to the socket while it is writable. */
    public static final String OUTBOUND = "outbound";
    /** Server, {@code disconnect} policy: closes a client that stays unwritable for the grace period. */
    public static final String SLOW_CLIENT = "slow-client";
    /** Server: the connection registry, its meters and log lines. */
    public static final String CONNECTION = "connection";
    /** Last: any error nobody handled is logged (DEBUG) and closes the connection. */
    public static final String ERRORS = "errors";
    /** On the server channel (the listener): {@code max_connections} and accept failures. */
    public static final String ACCEPT_LIMIT = "accept-limit";

    /** The order of a connection's handlers, head first. */
    public static final List<String> ORDER = List.of(IP_FILTER, IDLE, SSL, SSL_GATE, INPUT_WATCH, FRAMING, OUTBOUND,
            SLOW_CLIENT, CONNECTION, ERRORS);

    private final ChannelPipeline pipeline;

    private BridgePipeline(ChannelPipeline pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline);
    }

    /** Adds handlers to {@code pipeline}, each at its place in {@link #ORDER}. */
    public static BridgePipeline of(ChannelPipeline pipeline) {
        return new BridgePipeline(pipeline);
    }

    /**
     * Adds {@code handler} under {@code name}, before the first handler already present that comes later in
     * {@link #ORDER} (or last).
     *
     * @throws IllegalArgumentException when {@code name} is not in {@link #ORDER} or already present
     */
    public BridgePipeline add(String name, ChannelHandler handler) {
        int rank = ORDER.indexOf(name);
        if (rank < 0) {
            throw new IllegalArgumentException("not a bridge pipeline handler: " + name + " (known: " + ORDER + ")");
        }
        for (String later : ORDER.subList(rank + 1, ORDER.size())) {
            if (pipeline.get(later) != null) {
                pipeline.addBefore(later, name, handler);
                return this;
            }
        }
        pipeline.addLast(name, handler);
        return this;
    }

    /** {@link #add} when {@code handler} is not null (an optional handler, e.g. no TLS configured). */
    public BridgePipeline addIfPresent(String name, ChannelHandler handler) {
        return handler == null ? this : add(name, handler);
    }
}
