package org.labbridge.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.labbridge.client.bridge.OutboundQueue;
import org.labbridge.logging.RateLimitedLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.List;

/**
 * One client of the server, and the {@code connection} handler of its pipeline: it is in the server's
 * registry while active (the publish fan-out reaches it there), counts opens and closes, logs them, and
 * owns the client's pending queue, which its {@code outbound} handler writes. At the close, what never
 * reached the client (left in the queue, or failed in Netty's outbound buffer) is counted as dropped
 * ({@code closed}) before the connection leaves the registry, so a gone connection's drops are always in
 * the meters. Not sharable.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BridgeServer.class);

    /**
     * The server's connect and disconnect lines: a peer that reconnects in a loop must not write two lines
     * per connection. One line per cause per minute, then a summary (see {@link RateLimitedLogger}).
     */
    static final class PeerLog {
        final RateLimitedLogger limiter = new RateLimitedLogger(log);
        final String connected;
        final String disconnected;

        PeerLog(String owner) {
            connected = owner + ": clients connected";
            disconnected = owner + ": clients disconnected";
        }
    }

    /** What writes the pending queue to the socket. */
    interface Writer {
        /** Writes what the connection takes now. Event loop only. */
        void drain();

        /** At a graceful close: writes everything queued. Event loop only. */
        void drainAll();

        /** Whether the connection takes published messages at all now (any thread). */
        boolean wantsMessages();
    }

    final Channel channel;
    final OutboundQueue queue;
    final Runnable drainTask = this::drain;
    private final String owner;
    private final boolean quiet;
    private final List<ServerConnection> registry;
    private final ServerMeters meters;
    private final PeerLog peerLog;
    private Writer writer;
    /** Messages Netty still held when the connection closed (reported by the writer before this runs). */
    private int unsentAtClose;

    /**
     * @param quiet    one connection per message (close-delimited): open and close are DEBUG lines
     * @param registry the server's live connections
     */
    ServerConnection(Channel channel, OutboundQueue queue, String owner, boolean quiet,
                     List<ServerConnection> registry, ServerMeters meters, PeerLog peerLog) {
        this.channel = channel;
        this.queue = queue;
        this.owner = owner;
        this.quiet = quiet;
        this.registry = registry;
        this.meters = meters;
        this.peerLog = peerLog;
    }

    void writer(Writer w) {
        this.writer = w;
    }

    /** Told by the writer at the close: messages handed to Netty that never reached the socket. */
    void unsentAtClose(int messages) {
        unsentAtClose = messages;
    }

    /**
     * Queues a buffer of {@code count} frames for this client (ownership passes); any thread.
     *
     * @return true when the caller must schedule {@link #drainTask} on the connection's event loop
     */
    boolean offer(ByteBuf frames, int count) {
        if (!writer.wantsMessages()) {
            frames.release(); // close-delimited: this connection has had its one message
            return false;
        }
        // A writable client's outbound buffer room counts too: an idle client on another event loop must
        // not drop a burst just because its drain has not run yet (see OutboundQueue.offer).
        return queue.offer(frames, count, channel.isWritable() ? channel.bytesBeforeUnwritable() : 0);
    }

    void drain() {
        writer.drain();
    }

    void drainAll() {
        writer.drainAll();
    }

    /** Bytes waiting in the pending queue and in Netty's outbound buffer. */
    long queuedBytes() {
        var out = channel.unsafe().outboundBuffer();
        return queue.bytes() + (out == null ? 0 : out.totalPendingWriteBytes());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        registry.add(this);
        meters.opened.increment();
        if (quiet) {
            // one connection per message: a log line each would flood the log
            log.debug("{}: client {} connected", owner, channel.remoteAddress());
        } else if (peerLog.limiter.permits(Level.INFO, peerLog.connected)) {
            log.info("{}: client {} connected ({} now)", owner, channel.remoteAddress(), registry.size());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        int left = unsentAtClose + queue.close();
        if (left > 0) {
            meters.droppedSent(OutboundQueue.CLOSED, left);
        }
        registry.remove(this);
        meters.closed.increment();
        if (quiet && left == 0) {
            log.debug("{}: client {} disconnected", owner, channel.remoteAddress());
        } else if (peerLog.limiter.permits(Level.INFO, peerLog.disconnected)) {
            log.info("{}: client {} disconnected ({} now{})", owner, channel.remoteAddress(), registry.size(),
                    left > 0 ? ", " + left + " unsent messages dropped" : "");
        }
        ctx.fireChannelInactive();
    }
}
