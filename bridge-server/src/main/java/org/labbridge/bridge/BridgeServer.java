package org.labbridge.bridge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import org.labbridge.access.BindAddress;
import org.labbridge.access.DeniedConnectionFilter;
import org.labbridge.access.SourceAllowlist;
import org.labbridge.bridge.pipeline.BridgePipeline;
import org.labbridge.client.bridge.BridgeOptions;
import org.labbridge.client.bridge.OutboundQueue;
import org.labbridge.client.bridge.OverflowPolicy;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server role of the TCP bridge: listens on host:port (127.0.0.1:45454 by default; {@code ""} or
 * {@code 0.0.0.0} = all interfaces), accepts many clients, passes every message a client sends to the
 * {@link BridgeSink}s, and {@link #publish publishes} messages to every connected client.
 *
 * <p><b>Slow clients.</b> Each client has Netty's outbound buffer (bounded by the write-buffer
 * watermarks: writing stops when it is above the high mark) and a bounded pending queue
 * ({@link OutboundQueue}, messages and bytes) in front of it. When the pending queue is full the
 * {@link OverflowPolicy} acts: {@code drop-newest}, {@code drop-oldest}, or {@code disconnect} (drop new
 * messages, and close the client if it stays unwritable for the grace period). Every drop is counted.
 * Publishing never waits for a client, so a slow client never slows the others. While a client is
 * writable, its queue may also use the free room of its outbound buffer (its drain, on its own event loop,
 * just has not run yet): an idle client takes a burst larger than its pending bound, and memory stays
 * within pending bytes + high watermark per client (buffers are right-sized when handed over, so what a
 * client pins is what it is charged, within 4/3). Relay batches are at most half the pending bounds,
 * so a batch is never larger than a client may queue.
 *
 * <p><b>Relaying.</b> Received messages keep their validated wire bytes; publishing a
 * {@link BridgeMessage} re-uses them (one copy with the delimiter), and every client gets a
 * {@code retainedDuplicate()} of that one frame. Writes are batched: one event-loop task and one flush
 * per batch and client.
 *
 * <p><b>Close-delimited framing</b> (null delimiter): a client's connection carries one message each way,
 * ended by a (half-)close. A published message is written to each connected client and ended by shutting
 * our output down; the connection is closed when the client's input has ended as well (so a client still
 * uploading its own message is never cut: its message is complete when it arrives), or after 5 s if the
 * client sent nothing. Messages published after that go to the clients connected then.
 *
 * <p><b>Structure.</b> This class is the API (binding, publishing, closing). Each client's pipeline is
 * built by {@code ServerConnectionInitializer} in the order of {@link BridgePipeline}; the listener's
 * {@code AcceptLimiter} enforces {@code max_connections}; {@code FanOut} batches what is published;
 * {@code ServerConnection} is one client (registry, pending queue); {@code SlowClientGrace} is the
 * {@code disconnect} policy; {@code CloseDelimitedExchange} the close-delimited mode; {@code ServerMeters}
 * the meters.
 */
public final class BridgeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BridgeServer.class);

    /**
     * A relay batch is handed to the clients when it reaches this size (or at the end of the read batch),
     * or half the clients' pending bounds when those are smaller.
     */
    public static final int BATCH_BYTES = 64 * 1024;

    /**
     * The default {@code max_connections}: far more than a lab's instruments, far below the descriptor limit
     * of the systemd unit ({@code LimitNOFILE=65536}), so the cap, not {@code EMFILE}, is what a flood meets.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    private final Builder config;
    private final String name;
    private final String owner;
    private final FramingConfig framing;
    private final List<BridgeSink> sinks = new CopyOnWriteArrayList<>();
    private final List<ServerConnection> connections = new CopyOnWriteArrayList<>();
    private final ServerMeters meters;
    private final FanOut fanOut;
    private volatile Channel serverChannel;

    private BridgeServer(Builder b) {
        this.config = b;
        this.name = b.name();
        this.owner = "bridge server " + name;
        this.framing = b.framing();
        this.sinks.addAll(b.sinks);
        this.meters = new ServerMeters(b.meterRegistry(), name);
        meters.registerGauges(b.meterRegistry(), name, this);
        this.fanOut = new FanOut(new MessageCodec(framing), b.transport(), connections, b.maxPendingMessages,
                b.maxPendingBytes);
    }

    /** A builder; {@link Builder#transport} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting; returns once bound.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public BridgeServer start() {
        Transport t = Objects.requireNonNull(config.transport(), "transport");
        InetSocketAddress address = BindAddress.of(config.host, config.port);
        ServerBootstrap sb = new ServerBootstrap()
                .group(t.group())
                // a channel of the bind address's family: 0.0.0.0 must not listen on IPv6 too
                .channelFactory(() -> t.type().newServerSocketChannel(BindAddress.family(address)))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, config.writeBufferWaterMark())
                // Close-delimited: the client's half-close ends its message; the server closes only after
                // the message went to the sinks, so a client waiting for that close sends in order.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, framing.closeDelimited())
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(BridgePipeline.ACCEPT_LIMIT,
                                new AcceptLimiter(owner, config.maxConnections, meters.refused,
                                        meters.acceptFailures));
                    }
                })
                .childHandler(new ServerConnectionInitializer(owner, new MessageCodec(framing), meters, sinks,
                        connections, config.maxPendingMessages, config.maxPendingBytes, config.policy,
                        config.disconnectGrace, config.allowlist.allowsAll() ? null
                                : new DeniedConnectionFilter(config.allowlist, meters.denied, owner), config.tls()));
        t.type().keepaliveOptions(config.tcpKeepalive()).forEach((o, v) -> childOption(sb, o, v));
        ChannelFuture f = sb.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            BindException e = new BindException(owner + ": cannot listen on " + address + ": " + f.cause().getMessage());
            e.initCause(f.cause());
            throw new UncheckedIOException(e);
        }
        serverChannel = f.channel();
        log.info("{}: listening on {}{} (delimiter {}, buffer_size {}, {} {}, slow clients: {})",
                owner, serverChannel.localAddress(),
                config.allowlist.allowsAll() ? "" : " (allow: " + config.allowlist + ")", framing.closeDelimited() ? "none: one message per connection"
                        : framing.delimiter(), framing.bufferSize(), framing.encoding(),
                framing.structureType().name().toLowerCase(java.util.Locale.ROOT), config.policy.tag());
        String fdWarning = AcceptLimiter.descriptorWarning(owner, config.maxConnections, AcceptLimiter.maxDescriptors());
        if (fdWarning != null) {
            log.warn(fdWarning);
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    private static void childOption(ServerBootstrap sb, ChannelOption<?> option, Object value) {
        sb.childOption((ChannelOption<Object>) option, value);
    }

    /** The clients' channels (for tests). */
    List<Channel> channels() {
        return connections.stream().map(c -> c.channel).toList();
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Adds a sink; messages from clients go to every sink. */
    public void addSink(BridgeSink sink) {
        sinks.add(Objects.requireNonNull(sink));
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Messages waiting in the clients' pending queues. */
    public long queuedMessages() {
        long n = 0;
        for (ServerConnection c : connections) {
            n += c.queue.size();
        }
        return n;
    }

    /** Bytes waiting in the pending queues and Netty's outbound buffers of all clients. */
    public long queuedBytes() {
        long n = 0;
        for (ServerConnection c : connections) {
            n += c.queuedBytes();
        }
        return n;
    }

    /**
     * Sends a value to every connected client; never blocks. A {@link BridgeMessage} is relayed with its
     * wire bytes when the encodings match.
     *
     * <p>Called on one of the transport's event loops (a sink relaying what a connection read), messages
     * are appended to one batch buffer that is handed to every client once, after the current read batch
     * (or when it reaches {@link #BATCH_BYTES}): per message, one copy; per batch and client, one queue
     * entry, one write and one wake-up. Called from any other thread, the message is handed over at once.
     *
     * @return the number of clients connected when it was queued
     * @throws IllegalArgumentException when the value cannot be encoded
     */
    public int publish(Object value) {
        return fanOut.publish(value);
    }

    /**
     * Stops accepting, writes what is queued to each client (waiting at most the builder's
     * {@code drainTimeout}), then closes every connection. Safe on an event loop, where it does not wait:
     * see {@link #close(Duration)}.
     */
    @Override
    public void close() {
        close(config.drainTimeout);
    }

    /**
     * Like {@link #close()}, waiting at most {@code drain} for the clients to take their queued data (the
     * daemon passes what is left of its overall shutdown budget). Called on one of the transport's event
     * loops (e.g. from a sink), it never waits, which would stall that loop: it starts the same steps and
     * returns at once; each connection closes once its data is flushed or, at the latest, after
     * {@code drain}.
     */
    public void close(Duration drain) {
        Channel sc = serverChannel;
        if (sc == null) {
            return;
        }
        boolean wait = config.transport().currentLoop() == null;
        if (!wait) {
            fanOut.flushCurrentThread(); // what this loop published so far goes out before the close
        }
        long deadline = System.nanoTime() + Math.max(0, drain.toNanos());
        ChannelFuture unbound = sc.close();
        if (wait) {
            unbound.awaitUninterruptibly();
        }
        for (ServerConnection c : connections) {
            c.channel.eventLoop().execute(() -> {
                c.drainAll();
                c.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                if (!wait) {
                    ScheduledFuture<?> cut = c.channel.eventLoop().schedule(() -> {
                        c.channel.close();
                    }, Math.max(0, drain.toNanos()), TimeUnit.NANOSECONDS);
                    c.channel.closeFuture().addListener(f -> cut.cancel(false));
                }
            });
        }
        if (!wait) {
            log.info("{}: closing (on an event loop: not waiting for the clients)", owner);
            return;
        }
        for (ServerConnection c : connections) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!c.channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                log.warn("{}: {} did not take its data within {} ms; closing it", owner,
                        c.channel.remoteAddress(), drain.toMillis());
                c.channel.close().awaitUninterruptibly();
            }
        }
        log.info("{}: closed", owner);
    }

    /** Options of a {@link BridgeServer}; every one has a default except the transport. */
    public static final class Builder extends BridgeOptions<Builder> {
        private String host = "127.0.0.1";
        private int port = 45454;
        private final List<BridgeSink> sinks = new CopyOnWriteArrayList<>();
        private OverflowPolicy policy = OverflowPolicy.DROP_OLDEST;
        private Duration disconnectGrace = Duration.ofSeconds(5);
        private int maxPendingMessages = 10_000;
        private long maxPendingBytes = 4L << 20;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private SourceAllowlist allowlist = SourceAllowlist.ALLOW_ALL;
        private Duration drainTimeout = Duration.ofSeconds(2);
        private Builder() {
        }

        /** Address to listen on; {@code ""} or {@code 0.0.0.0} = all interfaces (default 127.0.0.1). */
        public Builder host(String h) {
            this.host = Objects.requireNonNull(h);
            return this;
        }

        /** Port (default 45454; 0 = any free port, see {@link #localAddress()}). */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /**
         * The client addresses served (default: all). A connection from any other address is closed at
         * accept, before any other handler sees it, counted ({@code labbridge.bridge.connections.denied})
         * and logged rate-limited.
         */
        public Builder allow(SourceAllowlist a) {
            this.allowlist = Objects.requireNonNull(a);
            return this;
        }

        public Builder sink(BridgeSink s) {
            this.sinks.add(Objects.requireNonNull(s));
            return this;
        }

        /** What to do when a client's pending queue is full (default drop-oldest). */
        public Builder slowClientPolicy(OverflowPolicy p) {
            this.policy = Objects.requireNonNull(p);
            return this;
        }

        /** How long a client may stay unwritable under the disconnect policy (default 5 s). */
        public Builder disconnectGrace(Duration d) {
            this.disconnectGrace = Objects.requireNonNull(d);
            return this;
        }

        /** Bounds of each client's pending queue (default 10,000 messages and 4 MiB). */
        public Builder maxPending(int messages, long bytes) {
            this.maxPendingMessages = messages;
            this.maxPendingBytes = bytes;
            return this;
        }

        /**
         * At most this many clients at once (default {@link #DEFAULT_MAX_CONNECTIONS}); more are closed at
         * once, counted and logged (rate-limited). 0 = no limit.
         */
        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        /** How long {@link #close()} waits for clients to take their queued data (default 2 s). */
        public Builder drainTimeout(Duration d) {
            this.drainTimeout = Objects.requireNonNull(d);
            return this;
        }

        public BridgeServer build() {
            return new BridgeServer(this);
        }
    }
}
