package org.labbridge.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import org.labbridge.access.BindAddress;
import org.labbridge.access.DeniedConnectionFilter;
import org.labbridge.access.SourceAllowlist;
import org.labbridge.client.bridge.BridgeMeters;
import org.labbridge.client.bridge.BridgeOptions;
import org.labbridge.client.bridge.OutboundQueue;
import org.labbridge.client.bridge.OverflowPolicy;
import org.labbridge.codec.frame.DropReason;
import org.labbridge.codec.frame.FrameDropListener;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.codec.message.MessageFrameDecoder;
import org.labbridge.logging.RateLimitedLogger;
import org.labbridge.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 */
public final class BridgeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BridgeServer.class);

    /**
     * Connect, disconnect and refusal lines: a peer that reconnects in a loop must not write two lines per
     * connection. One line per cause per minute, then a summary (see {@link RateLimitedLogger}).
     */
    private final RateLimitedLogger peerLog = new RateLimitedLogger(log);
    private final String connectedCause;
    private final String disconnectedCause;
    private final String refusedCause;
    /** First in every client's pipeline when {@code allow} is set: a stranger is closed at accept. */
    private final DeniedConnectionFilter allowFilter;

    private final Builder config;
    private final String name;
    private final FramingConfig framing;
    private final MessageCodec codec;
    private final List<BridgeSink> sinks = new CopyOnWriteArrayList<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final int delimiterLength;
    private volatile Channel serverChannel;

    private final Counter received;
    private final Counter receivedBytes;
    private final Counter sent;
    private final Counter sentBytes;
    private final Counter opened;
    private final Counter closed;
    private final Counter refused;
    private final Counter slowDisconnects;
    private final Map<DropReason, Counter> droppedReceived = new EnumMap<>(DropReason.class);
    private final Map<String, Counter> droppedSent = new HashMap<>();
    private final FrameDropListener dropListener;

    private BridgeServer(Builder b) {
        this.config = b;
        this.name = b.name();
        this.framing = b.framing();
        this.codec = new MessageCodec(framing);
        this.delimiterLength = framing.delimiter() == null ? 0 : framing.delimiter().length();
        this.batchMaxBytes = (int) Math.max(1, Math.min(BATCH_BYTES, b.maxPendingBytes / 2));
        this.batchMaxMessages = Math.max(1, b.maxPendingMessages / 2);
        this.sinks.addAll(b.sinks);
        Tags tags = BridgeMeters.tags(name, "server");
        MeterRegistry r = b.meterRegistry();
        received = BridgeMeters.MESSAGES_RECEIVED.counter(r, tags);
        receivedBytes = BridgeMeters.BYTES_RECEIVED.counter(r, tags);
        sent = BridgeMeters.MESSAGES_SENT.counter(r, tags);
        sentBytes = BridgeMeters.BYTES_SENT.counter(r, tags);
        opened = BridgeMeters.CONNECTIONS_OPENED.counter(r, tags);
        closed = BridgeMeters.CONNECTIONS_CLOSED.counter(r, tags);
        refused = BridgeMeters.CONNECTIONS_REFUSED.counter(r, tags);
        slowDisconnects = BridgeMeters.SLOW_DISCONNECTS.counter(r, tags);
        Counter denied = BridgeMeters.CONNECTIONS_DENIED.counter(r, tags, "reason", "not_allowed");
        allowFilter = b.allowlist.allowsAll() ? null
                : new DeniedConnectionFilter(b.allowlist, denied, "bridge server " + name);
        connectedCause = "bridge server " + name + ": clients connected";
        disconnectedCause = "bridge server " + name + ": clients disconnected";
        refusedCause = "bridge server " + name + ": connections refused (max_connections)";
        for (DropReason reason : DropReason.values()) {
            droppedReceived.put(reason, BridgeMeters.DROPPED_RECEIVED.counter(r, tags, "reason", reason.tag()));
        }
        for (OverflowPolicy p : OverflowPolicy.values()) {
            droppedSent.put(p.tag(), BridgeMeters.DROPPED_SENT.counter(r, tags, "reason", p.tag()));
        }
        droppedSent.put(OutboundQueue.CLOSED, BridgeMeters.DROPPED_SENT.counter(r, tags, "reason", OutboundQueue.CLOSED));
        dropListener = (reason, bytes, detail) -> droppedReceived.get(reason).increment();
        Gauge.builder(BridgeMeters.CONNECTIONS.meterName(), connections, List::size)
                .description(BridgeMeters.CONNECTIONS.description()).tags(tags).register(r);
        Gauge.builder(BridgeMeters.QUEUED_MESSAGES.meterName(), this, BridgeServer::queuedMessages)
                .description(BridgeMeters.QUEUED_MESSAGES.description()).tags(tags).register(r);
        Gauge.builder(BridgeMeters.QUEUED_BYTES.meterName(), this, BridgeServer::queuedBytes)
                .description(BridgeMeters.QUEUED_BYTES.description()).tags(tags).register(r);
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
                .handler(new AcceptLimiter())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                });
        t.type().keepaliveOptions(config.tcpKeepalive()).forEach((o, v) -> childOption(sb, o, v));
        ChannelFuture f = sb.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            BindException e = new BindException("bridge server " + name + ": cannot listen on " + address
                    + ": " + f.cause().getMessage());
            e.initCause(f.cause());
            throw new UncheckedIOException(e);
        }
        serverChannel = f.channel();
        log.info("bridge server {}: listening on {}{} (delimiter {}, buffer_size {}, {} {}, slow clients: {})",
                name, serverChannel.localAddress(),
                config.allowlist.allowsAll() ? "" : " (allow: " + config.allowlist + ")", framing.closeDelimited() ? "none: one message per connection"
                        : framing.delimiter(), framing.bufferSize(), framing.encoding(),
                framing.structureType().name().toLowerCase(java.util.Locale.ROOT), config.policy.tag());
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

    /**
     * Enforces {@code max_connections} on the server channel's event loop, in accept order, before the
     * child is registered (so the refused one never gets a pipeline).
     */
    private final class AcceptLimiter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel child = (Channel) msg;
            if (config.maxConnections > 0 && accepted.get() >= config.maxConnections) {
                refused.increment();
                if (peerLog.permits(Level.WARN, refusedCause)) {
                    log.warn("{}: refusing {}: max_connections ({}) reached", refusedCause, child.remoteAddress(),
                            config.maxConnections);
                }
                child.unsafe().closeForcibly();
                return;
            }
            accepted.incrementAndGet();
            child.closeFuture().addListener(f -> accepted.decrementAndGet());
            ctx.fireChannelRead(child);
        }
    }

    private void accept(Channel ch) {
        if (allowFilter != null && !allowFilter.install(ch)) {
            return; // a stranger: only the filter, which closes it at once
        }
        if (config.tls() != null) { // TLS after the allowlist; the handlers after it see plaintext, after the handshake
            ch.pipeline().addLast(config.tls().newHandlers(ch));
        }
        Connection c = new Connection(ch);
        if (framing.closeDelimited()) {
            ch.pipeline().addLast(c.inputWatch);
        }
        ch.pipeline().addLast(new MessageFrameDecoder(codec, false, dropListener),
                c);
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
        for (Connection c : connections) {
            n += c.queue.size();
        }
        return n;
    }

    /** Bytes waiting in the pending queues and Netty's outbound buffers of all clients. */
    public long queuedBytes() {
        long n = 0;
        for (Connection c : connections) {
            n += c.queue.bytes();
            var out = c.channel.unsafe().outboundBuffer();
            n += out == null ? 0 : out.totalPendingWriteBytes();
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
        int clients = connections.size();
        if (clients == 0) {
            return 0;
        }
        EventExecutor loop = framing.closeDelimited() ? null : currentLoop();
        if (loop == null) {
            handOver(codec.encodeFramed(PooledByteBufAllocator.DEFAULT, value), 1);
            return clients;
        }
        Batch batch = batches.get();
        if (batch.frames == null) {
            batch.start(loop);
        }
        int mark = batch.frames.writerIndex();
        codec.write(batch.frames, value, true);
        batch.count++;
        if (batch.frames.readableBytes() > batchMaxBytes && batch.count > 1) {
            // This message would take the batch over the clients' pending bound, and a queue rejects an
            // entry larger than its bound whole: hand over the batch without it, and start the next with it.
            ByteBuf last = batch.frames.copy(mark, batch.frames.writerIndex() - mark);
            batch.frames.writerIndex(mark);
            batch.count--;
            batch.flush();
            batch.start(loop);
            batch.frames.writeBytes(last);
            last.release();
            batch.count = 1;
        }
        if (batch.frames.readableBytes() >= batchMaxBytes || batch.count >= batchMaxMessages) {
            batch.flush();
        }
        return clients;
    }

    /**
     * A relay batch is handed to the clients when it reaches this size (or at the end of the read batch),
     * or half the clients' pending bounds when those are smaller (see {@link #batchMaxBytes}).
     */
    public static final int BATCH_BYTES = 64 * 1024;

    /**
     * A batch is one entry of every client's pending queue, so it must stay within the queue's bounds
     * (an entry beyond them is dropped whole, even by an idle client). Half the bound, so that a client one
     * batch behind (its drain not run yet) still takes the next one without dropping.
     */
    private final int batchMaxBytes;
    private final int batchMaxMessages;

    /** Messages published on one event-loop thread and not yet handed to the clients. */
    private final class Batch {
        ByteBuf frames;
        int count;
        final Runnable flushTask = this::flush;

        void start(EventExecutor loop) {
            frames = PooledByteBufAllocator.DEFAULT.directBuffer(Math.min(BATCH_BYTES, batchMaxBytes) + 1024);
            loop.execute(flushTask);
        }

        void flush() {
            ByteBuf f = frames;
            if (f == null) {
                return;
            }
            frames = null;
            int n = count;
            count = 0;
            if (n == 0) {
                f.release();
            } else {
                handOver(f, n);
            }
            runDeferred();
        }
    }

    private final FastThreadLocal<Batch> batches = new FastThreadLocal<>() {
        @Override
        protected Batch initialValue() {
            return new Batch();
        }
    };

    /** Gives every client a duplicate of a buffer of {@code count} frames; releases the caller's reference. */
    private void handOver(ByteBuf frames, int count) {
        ByteBuf shared = rightSized(frames);
        try {
            for (Connection c : connections) {
                c.publish(shared.retainedDuplicate(), count);
            }
        } finally {
            shared.release();
        }
    }

    /**
     * A client's queue and Netty's outbound buffer charge an entry its readable bytes, but a duplicate pins
     * the whole buffer: a relay batch has {@link #BATCH_BYTES} of capacity and, at lab rates, often holds
     * one 100-byte message, so a stalled client within its byte bound could pin hundreds of times that
     * bound. A buffer more than a quarter empty is therefore copied into one of its exact size (one copy per
     * batch, not per client) and released: what a client pins stays within 4/3 of what it is charged (plus
     * the allocator's size-class rounding). Full batches, the fast path, are handed over as they are.
     */
    static ByteBuf rightSized(ByteBuf frames) {
        int n = frames.readableBytes();
        if (frames.capacity() - n <= n / 4) {
            return frames;
        }
        try {
            ByteBuf exact = frames.isDirect() ? frames.alloc().directBuffer(n, n) : frames.alloc().heapBuffer(n, n);
            return exact.writeBytes(frames, frames.readerIndex(), n);
        } finally {
            frames.release();
        }
    }

    /**
     * Connections with data queued by the current event-loop thread, whose drain is not scheduled yet:
     * their event loops are woken once, after the current batch, not once per message.
     */
    private static final FastThreadLocal<List<Connection>> DEFERRED = new FastThreadLocal<>() {
        @Override
        protected List<Connection> initialValue() {
            return new ArrayList<>();
        }
    };

    private void scheduleDrain(Connection c) {
        EventExecutor current = currentLoop();
        if (current == null) {
            c.channel.eventLoop().execute(c.drainTask);
            return;
        }
        List<Connection> deferred = DEFERRED.get();
        if (deferred.isEmpty()) {
            // Same-thread execute: no wake-up, runs after the I/O events of this loop iteration.
            current.execute(BridgeServer::runDeferred);
        }
        deferred.add(c);
    }

    /** The transport's event loop running this thread, or null. */
    private EventExecutor currentLoop() {
        return config.transport().currentLoop();
    }

    private static void runDeferred() {
        List<Connection> deferred = DEFERRED.get();
        if (deferred.isEmpty()) {
            return;
        }
        Connection[] batch = deferred.toArray(new Connection[0]);
        deferred.clear();
        for (Connection c : batch) {
            if (c.channel.eventLoop().inEventLoop()) {
                c.drain();
            } else {
                c.channel.eventLoop().execute(c.drainTask);
            }
        }
    }

    /** One client connection: its inbound handler and its outbound queue. */
    /** Close-delimited mode: how long a client that sent nothing is kept after its published message. */
    static final Duration READER_LINGER = Duration.ofSeconds(5);

    private final class Connection extends ChannelInboundHandlerAdapter {
        final Channel channel;
        final OutboundQueue queue;
        private final Runnable drainTask = this::drain;
        private ScheduledFuture<?> grace;
        private long readMessages;
        private long readBytes;
        /** Close-delimited mode: our one message was written (output shut down). */
        private volatile boolean outputDone;
        /** Close-delimited mode: the client has sent bytes (a message is in progress or done). */
        private boolean inputBytesSeen;

        /** Close-delimited mode, first in the pipeline: notes that the client has started a message. */
        final ChannelInboundHandlerAdapter inputWatch = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                inputBytesSeen = true;
                ctx.fireChannelRead(msg);
            }
        };

        Connection(Channel channel) {
            this.channel = channel;
            this.queue = new OutboundQueue(config.maxPendingMessages, config.maxPendingBytes, config.policy,
                    (reason, n) -> droppedSent.get(reason).increment(n));
        }

        void publish(ByteBuf frames, int count) {
            if (outputDone) {
                frames.release(); // close-delimited: this connection has had its one message
                return;
            }
            // A writable client's outbound buffer room counts too: an idle client on another event loop
            // must not drop a burst just because its drain has not run yet (see OutboundQueue.offer).
            if (queue.offer(frames, count, channel.isWritable() ? channel.bytesBeforeUnwritable() : 0)) {
                scheduleDrain(this);
            }
        }

        private void drain() {
            if (framing.closeDelimited()) {
                ByteBuf one = outputDone ? null : queue.poll();
                if (one != null && channel.isActive()) {
                    sent.increment();
                    sentBytes.increment(one.readableBytes());
                    finishOutput();
                    channel.writeAndFlush(one).addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess() && channel instanceof DuplexChannel d) {
                            d.shutdownOutput();
                        } else {
                            channel.close();
                        }
                    });
                } else if (one != null) {
                    one.release();
                }
                return;
            }
            int n = queue.drain(channel, false, sentBytes::increment);
            if (n > 0) {
                sent.increment(n);
            }
            if (!channel.isWritable()) {
                startGrace();
            }
        }

        /**
         * Close-delimited mode: the published message is this connection's one outgoing message, ended by
         * our half-close. The connection is closed only when the client's input has ended too (its own
         * message, if any, is then complete and was passed on): closing while a client is still uploading
         * would cut its message. A client that sent nothing is closed after {@link #READER_LINGER} (it only
         * reads); one that has started a message is waited for, as without a publish.
         */
        private void finishOutput() {
            outputDone = true; // one message per connection: later publishes skip this one
            channel.eventLoop().schedule(() -> {
                if (channel.isActive() && !inputBytesSeen) {
                    channel.close();
                }
            }, READER_LINGER.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void startGrace() {
            if (config.policy != OverflowPolicy.DISCONNECT || grace != null) {
                return;
            }
            grace = channel.eventLoop().schedule(() -> {
                grace = null;
                if (channel.isActive() && !channel.isWritable()) {
                    slowDisconnects.increment();
                    log.warn("bridge server {}: disconnecting {}: not reading for {} ms ({} messages pending)",
                            name, channel.remoteAddress(), config.disconnectGrace.toMillis(), queue.size());
                    channel.close();
                }
            }, config.disconnectGrace.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connections.add(this);
            opened.increment();
            if (framing.closeDelimited()) {
                // one connection per message: a log line each would flood the log
                log.debug("bridge server {}: client {} connected", name, channel.remoteAddress());
            } else if (peerLog.permits(Level.INFO, connectedCause)) {
                log.info("{}: client {} connected ({} now)", connectedCause, channel.remoteAddress(),
                        connections.size());
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (grace != null) {
                grace.cancel(false);
                grace = null;
            }
            // What Netty still held when the connection died never reached the client: lost with it, like
            // what is left in the pending queue. Counted before the connection leaves the list, so that a
            // gone connection's drops are always in the meters.
            int left = queue.takeBackUnsent(false) + queue.close();
            if (left > 0) {
                droppedSent.get(OutboundQueue.CLOSED).increment(left);
            }
            connections.remove(this);
            closed.increment();
            if (framing.closeDelimited() && left == 0) {
                log.debug("bridge server {}: client {} disconnected", name, channel.remoteAddress());
            } else if (peerLog.permits(Level.INFO, disconnectedCause)) {
                log.info("{}: client {} disconnected ({} now{})", disconnectedCause, channel.remoteAddress(),
                        connections.size(), left > 0 ? ", " + left + " unsent messages dropped" : "");
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            BridgeMessage m = (BridgeMessage) msg;
            readMessages++;
            readBytes += m.size() + delimiterLength;
            for (BridgeSink sink : sinks) {
                try {
                    sink.onMessage(m);
                } catch (RuntimeException e) {
                    log.warn("bridge server {}: sink {} failed on a message from {}", name, sink,
                            channel.remoteAddress(), e);
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // Counters are updated once per read batch: cheaper than once per message at millions/s.
            if (readMessages > 0) {
                received.increment(readMessages);
                receivedBytes.increment(readBytes);
                readMessages = 0;
                readBytes = 0;
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (channel.isWritable()) {
                if (grace != null) {
                    grace.cancel(false);
                    grace = null;
                }
                drain();
            } else {
                startGrace();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            // Only with half-closure (close-delimited mode): the decoders have passed the message on.
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (queue.writeFailed(channel, cause)) {
                return; // a queued frame that died with the connection: counted at channelInactive
            }
            log.debug("bridge server {}: connection error on {}: {}", name, channel.remoteAddress(), cause.toString());
            ctx.close();
        }
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
        boolean wait = currentLoop() == null;
        if (!wait) {
            batches.get().flush(); // what this loop published so far goes out before the close
        }
        long deadline = System.nanoTime() + Math.max(0, drain.toNanos());
        ChannelFuture unbound = sc.close();
        if (wait) {
            unbound.awaitUninterruptibly();
        }
        for (Connection c : connections) {
            c.channel.eventLoop().execute(() -> {
                if (!framing.closeDelimited()) {
                    int n = c.queue.drain(c.channel, true, sentBytes::increment);
                    sent.increment(n);
                }
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
            log.info("bridge server {}: closing (on an event loop: not waiting for the clients)", name);
            return;
        }
        for (Connection c : connections) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!c.channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                log.warn("bridge server {}: {} did not take its data within {} ms; closing it", name,
                        c.channel.remoteAddress(), drain.toMillis());
                c.channel.close().awaitUninterruptibly();
            }
        }
        log.info("bridge server {}: closed", name);
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
        private int maxConnections;
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

        /** At most this many clients at once; more are refused (logged, counted). 0 (default) = no limit. */
        public Builder maxConnections(int n) {
            this.maxConnections = n;
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
