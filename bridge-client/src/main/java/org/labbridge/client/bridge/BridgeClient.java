package org.labbridge.client.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.labbridge.codec.frame.DropReason;
import org.labbridge.codec.frame.FrameDropListener;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.codec.message.MessageFrameDecoder;
import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client role of the TCP bridge: one connection to host:port, re-established for ever.
 *
 * <pre>{@code
 * try (BridgeClient client = BridgeClient.builder("127.0.0.1", 45454).transport(transport).build().start()) {
 *     client.subscribe(msg -> System.out.println(msg.json()));
 *     client.send(Map.of("temperature", 21.5));
 *     client.sendJson("{\"pressure\": 1.2e-9}");
 * }
 * }</pre>
 *
 * <p><b>Reconnecting.</b> A failed attempt or a lost connection schedules the next attempt on the event
 * loop after {@link Backoff#delay} (never blocking); the attempt counter is reset when a connection
 * stayed up for {@code stableAfter}. The host name is resolved again for each attempt (so a changed DNS
 * entry is followed), on a small shared resolver thread pool, never on the event loop; a failed lookup
 * counts as a failed attempt. The log says each state change once: "cannot connect ... retrying"
 * (WARN, once per outage), "connected after N attempts" (INFO); individual attempts are DEBUG.
 *
 * <p><b>Queueing.</b> {@link #send} encodes at once and queues the frame; the queue is bounded by
 * messages and bytes and drops the oldest beyond that (counted). The queue is written, in order, while
 * the connection is up and writable. What "delivered" means: a frame leaves the queue when it is
 * handed to the connection; frames still in Netty's outbound buffer when the connection dies go back at
 * the head of the queue and, with the ones still queued, are sent after the reconnect, in order. Frames
 * the kernel had taken (its socket buffer) may be lost: TCP without acknowledgements cannot tell.
 *
 * <p><b>Dead peers</b> are noticed by end-of-stream, TCP keepalive (first probe after 60 s idle, every
 * 10 s, 6 probes: {@link BridgeOptions#tcpKeepalive}), and the optional {@code idleTimeout} (no bytes
 * received for that long closes the connection).
 *
 * <p><b>Close-delimited framing</b> (null delimiter): one connection per message, in order: the client
 * writes the message, shuts its output down (the end of the message) and waits up to 5 s for the server
 * to close, then opens the next connection. Received data (if the server answers before closing) is one
 * message per connection.
 */
public final class BridgeClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BridgeClient.class);

    /** Close-delimited mode: how long to wait for the server to close after the message was sent. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** How long {@link #close()} waits for the queued messages to be written. */
    private static final Duration DEFAULT_DRAIN = Duration.ofSeconds(2);

    /** Resolves a host name; may block (it never runs on an event loop). */
    @FunctionalInterface
    interface HostResolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    /**
     * Shared by all clients of the process: blocking name lookups (InetAddress honours /etc/hosts and
     * works offline), off the event loops. Daemon threads, created on demand and ended when idle.
     */
    private static final java.util.concurrent.ThreadPoolExecutor RESOLVER_THREADS = resolverThreads();

    private static java.util.concurrent.ThreadPoolExecutor resolverThreads() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        var pool = new java.util.concurrent.ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "labbridge-resolver-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Connection state, observable with {@link #onStateChange}. */
    public enum State { NEW, CONNECTING, CONNECTED, DISCONNECTED, CLOSED }

    private final String host;
    private final int port;
    private final String target;
    private final Transport transport;
    private final EventLoop loop;
    private final FramingConfig framing;
    private final MessageCodec codec;
    private final Backoff backoff;
    private final Duration stableAfter;
    private final Duration idleTimeout;
    private final Bootstrap bootstrap;
    private final HostResolver resolver;
    private final OutboundQueue queue;
    private final List<Consumer<BridgeMessage>> subscribers = new CopyOnWriteArrayList<>();
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
    private final Runnable drainTask = this::drain;
    private final ReloadableSslContext tls;
    private final java.util.function.IntConsumer writtenListener;

    private final Counter received;
    private final Counter receivedBytes;
    private final Counter sent;
    private final Counter sentBytes;
    private final Counter opened;
    private final Counter closedConnections;
    private final Counter connectFailures;
    private final Counter idleTimeouts;
    private final Map<DropReason, Counter> droppedReceived = new EnumMap<>(DropReason.class);
    private final Counter droppedOldest;
    private final Counter droppedClosed;
    /** This client's own drop count (the meters may be shared by clients with the same name). */
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();

    // Event-loop state (only touched on `loop`).
    private volatile State state = State.NEW;
    private volatile Channel channel;
    private int attempts;
    /** Attempts since the last successful connection, for the log. */
    private int outageAttempts;
    private long connectedAtNanos;
    private long downSinceNanos;
    private boolean outageLogged;
    private ScheduledFuture<?> reconnect;
    /** Close-delimited mode: the frame being sent on the current one-shot connection. */
    private ByteBuf inFlight;

    private BridgeClient(Builder b) {
        this.host = b.host;
        this.port = b.port;
        // Log lines name the client (the daemon's node name) and its peer: several clients may share a peer.
        this.target = b.name() + " -> " + host + ":" + port;
        this.transport = Objects.requireNonNull(b.transport(), "transport");
        this.loop = transport.group().next();
        this.framing = b.framing();
        this.codec = new MessageCodec(framing);
        this.backoff = b.backoff;
        this.stableAfter = b.stableAfter;
        this.idleTimeout = b.idleTimeout;
        this.resolver = b.resolver;
        this.tls = b.tls();
        Tags tags = BridgeMeters.tags(b.name(), "client");
        MeterRegistry r = b.meterRegistry();
        received = BridgeMeters.MESSAGES_RECEIVED.counter(r, tags);
        receivedBytes = BridgeMeters.BYTES_RECEIVED.counter(r, tags);
        sent = BridgeMeters.MESSAGES_SENT.counter(r, tags);
        sentBytes = BridgeMeters.BYTES_SENT.counter(r, tags);
        opened = BridgeMeters.CONNECTIONS_OPENED.counter(r, tags);
        closedConnections = BridgeMeters.CONNECTIONS_CLOSED.counter(r, tags);
        connectFailures = BridgeMeters.CONNECT_FAILURES.counter(r, tags);
        idleTimeouts = BridgeMeters.IDLE_TIMEOUTS.counter(r, tags);
        for (DropReason reason : DropReason.values()) {
            droppedReceived.put(reason, BridgeMeters.DROPPED_RECEIVED.counter(r, tags, "reason", reason.tag()));
        }
        droppedOldest = BridgeMeters.DROPPED_SENT.counter(r, tags, "reason", OverflowPolicy.DROP_OLDEST.tag());
        droppedClosed = BridgeMeters.DROPPED_SENT.counter(r, tags, "reason", OutboundQueue.CLOSED);
        this.queue = new OutboundQueue(b.maxQueuedMessages, b.maxQueuedBytes, OverflowPolicy.DROP_OLDEST,
                (reason, n) -> {
                    dropped.add(n);
                    (OutboundQueue.CLOSED.equals(reason) ? droppedClosed : droppedOldest).increment(n);
                });
        this.writtenListener = b.writtenListener;
        queue.onWritten(writtenListener);
        Gauge.builder(BridgeMeters.QUEUED_MESSAGES.meterName(), queue, OutboundQueue::size)
                .description(BridgeMeters.QUEUED_MESSAGES.description()).tags(tags).register(r);
        Gauge.builder(BridgeMeters.QUEUED_BYTES.meterName(), queue, OutboundQueue::bytes)
                .description(BridgeMeters.QUEUED_BYTES.description()).tags(tags).register(r);
        Gauge.builder(BridgeMeters.CONNECTIONS.meterName(), this, c -> c.isConnected() ? 1 : 0)
                .description(BridgeMeters.CONNECTIONS.description()).tags(tags).register(r);

        FrameDropListener drops = (reason, bytes, detail) -> droppedReceived.get(reason).increment();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .resolver(io.netty.resolver.NoopAddressResolverGroup.INSTANCE) // resolved before, off the loop
                .channel(transport.type().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) b.connectTimeout.toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, b.writeBufferWaterMark())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) { // TLS: first in the pipeline, the rest sees plaintext
                            ch.pipeline().addFirst(tls.newHandler(ch, host, port));
                        }
                        if (idleTimeout != null) {
                            ch.pipeline().addLast(new IdleStateHandler(idleTimeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS));
                        }
                        ch.pipeline().addLast(new MessageFrameDecoder(codec, false, drops),
                                new Handler());
                    }
                });
        transport.type().keepaliveOptions(b.tcpKeepalive()).forEach(this::keepaliveOption);
    }

    @SuppressWarnings("unchecked")
    private void keepaliveOption(ChannelOption<?> option, Object value) {
        bootstrap.option((ChannelOption<Object>) option, value);
    }

    /** The current connection, or null (for tests). */
    Channel channel() {
        return channel;
    }

    /** A builder for a client of host:port; {@link Builder#transport} is required. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** Starts connecting (in the background); returns at once. */
    public BridgeClient start() {
        loop.execute(() -> {
            if (state == State.NEW) {
                downSinceNanos = System.nanoTime();
                connect();
            }
        });
        return this;
    }

    /**
     * Sends a value (a {@code JsonNode}, Map, List, String, number, boolean, null, or a received
     * {@link BridgeMessage} to relay it). Never blocks; when the queue is full the oldest are dropped.
     *
     * @throws IllegalArgumentException when the value cannot be encoded
     */
    public void send(Object value) {
        enqueue(codec.encodeFramed(channelAllocator(), value));
    }

    /**
     * Sends JSON text as it is, after checking it is one JSON value.
     *
     * @throws IllegalArgumentException when it is not JSON
     */
    public void sendJson(String json) {
        enqueue(codec.encodeJsonText(channelAllocator(), json, !framing.closeDelimited()));
    }

    private io.netty.buffer.ByteBufAllocator channelAllocator() {
        Channel ch = channel;
        return ch != null ? ch.alloc() : io.netty.buffer.ByteBufAllocator.DEFAULT;
    }

    private void enqueue(ByteBuf frame) {
        if (queue.offer(frame)) {
            loop.execute(drainTask);
        }
    }

    /** Called with every received message, on the event loop (must not block). @return unsubscribes */
    public Runnable subscribe(Consumer<BridgeMessage> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Called on every state change, on the event loop. @return unsubscribes */
    public Runnable onStateChange(Consumer<State> listener) {
        stateListeners.add(listener);
        return () -> stateListeners.remove(listener);
    }

    public State state() {
        return state;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** Messages waiting to be sent. */
    public int queuedMessages() {
        return queue.size();
    }

    /**
     * Messages this client dropped: the oldest beyond the queue's bounds, and those still queued (or
     * offered, or back from Netty's outbound buffer) when it closed. Frames the kernel had taken from a
     * connection that then died are not counted (they cannot be known).
     */
    public long droppedMessages() {
        return dropped.sum();
    }

    /**
     * Waits until nothing is queued and everything was written: the queue is empty and the connection's
     * outbound buffer is flushed to the socket (close-delimited mode: and the last one-message connection
     * was closed by the server). Must not be called on the event loop.
     *
     * @return true when drained, false on timeout
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("awaitDrained must not block the event loop");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean drained;
            try {
                drained = loop.submit(this::drainedNow).get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return queue.isEmpty(); // the transport is shut down: nothing more will be written
            }
            long left = deadline - System.nanoTime();
            if (drained || left <= 0) {
                return drained;
            }
            // Polling (a few ms) rather than a hook in every write: this is for shutdown paths only.
            Thread.sleep(Math.min(5, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
    }

    /** On the event loop: see {@link #awaitDrained}. */
    private boolean drainedNow() {
        if (!queue.isEmpty() || inFlight != null) {
            return false;
        }
        Channel ch = channel;
        if (framing.closeDelimited()) {
            return ch == null;
        }
        if (ch == null || !ch.isActive()) {
            return true;
        }
        var out = ch.unsafe().outboundBuffer();
        return out == null || out.totalPendingWriteBytes() == 0;
    }

    /** Waits until connected (for tests and start-up code); false on timeout. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        Runnable off = onStateChange(s -> {
            if (s == State.CONNECTED) {
                latch.countDown();
            }
        });
        try {
            return isConnected() || latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            off.run();
        }
    }

    // ---------------------------------------------------------------- event loop

    private void setState(State s) {
        if (state != s && state != State.CLOSED) {
            state = s;
            for (Consumer<State> l : stateListeners) {
                try {
                    l.accept(s);
                } catch (RuntimeException e) {
                    log.warn("bridge client {}: state listener failed", target, e);
                }
            }
        }
    }

    private void connect() {
        reconnect = null;
        if (state == State.CLOSED) {
            return;
        }
        if (framing.closeDelimited() && inFlight == null) {
            inFlight = queue.poll();
            if (inFlight == null) {
                setState(State.DISCONNECTED); // nothing to send: no connection needed
                return;
            }
        }
        setState(State.CONNECTING);
        attempts++;
        outageAttempts++;
        // Name resolution may block (DNS): it runs on a shared resolver thread, never on the event loop
        // (which also serves other sockets); the connect itself is then made on the loop.
        try {
            RESOLVER_THREADS.execute(() -> {
                InetSocketAddress address;
                try {
                    address = new InetSocketAddress(resolver.resolve(host), port);
                } catch (Exception | LinkageError e) {
                    onLoop(() -> failed(e));
                    return;
                }
                onLoop(() -> connectTo(address));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            failed(e); // cannot happen with the unbounded queue; handled like a failed attempt anyway
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("bridge client {}: transport shut down during name resolution", target);
        }
    }

    private void connectTo(InetSocketAddress address) {
        if (state == State.CLOSED) {
            return; // close() ran meanwhile (and released inFlight)
        }
        // With TLS, connected only after the handshake: nothing is sent into a connection that will fail it.
        ReloadableSslContext.afterHandshake(bootstrap.connect(address)).addListener((ChannelFutureListener) this::connected);
    }

    /** A failed attempt (resolution or connect): logged once per outage, retried after the backoff. */
    private void failed(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        connectFailures.increment();
        if (!outageLogged) {
            outageLogged = true;
            log.warn("bridge client {}: cannot connect ({}); retrying for ever, every <= {} ms",
                    target, cause.toString(), backoff.max().toMillis());
        } else {
            log.debug("bridge client {}: attempt {} failed: {}", target, attempts, cause.toString());
        }
        setState(State.DISCONNECTED);
        scheduleReconnect();
    }

    private void connected(ChannelFuture f) {
        if (!f.isSuccess()) {
            failed(f.cause());
            return;
        }
        Channel ch = f.channel();
        if (state == State.CLOSED) {
            ch.close();
            return;
        }
        channel = ch;
        connectedAtNanos = System.nanoTime();
        opened.increment();
        if (!framing.closeDelimited() || outageLogged) {
            log.info("bridge client {}: connected after {} attempt(s) ({} ms without connection)", target,
                    outageAttempts, TimeUnit.NANOSECONDS.toMillis(connectedAtNanos - downSinceNanos));
        }
        outageAttempts = 0;
        outageLogged = false;
        ch.closeFuture().addListener(cf -> disconnected(ch));
        setState(State.CONNECTED);
        if (framing.closeDelimited()) {
            ByteBuf frame = inFlight;
            inFlight = null;
            attempts = 0;
            sent.increment();
            sentBytes.increment(frame.readableBytes());
            // Half-close, then wait for the server to close: a server that closes after taking the message
            // (labbridge's does) makes one-connection-per-message sending ordered end to end.
            ScheduledFuture<?> giveUp = ch.eventLoop().schedule(() -> {
                ch.close();
            }, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            ch.closeFuture().addListener(cf -> giveUp.cancel(false));
            ch.writeAndFlush(frame).addListener((ChannelFutureListener) wf -> {
                if (wf.isSuccess()) {
                    writtenListener.accept(1);
                }
                if (wf.isSuccess() && ch instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput();
                } else {
                    ch.close();
                }
            });
        } else {
            drain();
        }
    }

    private void disconnected(Channel ch) {
        closedConnections.increment();
        if (channel == ch) {
            channel = null;
        }
        if (state == State.CLOSED) {
            return;
        }
        long now = System.nanoTime();
        boolean stable = now - connectedAtNanos >= stableAfter.toNanos();
        if (stable) {
            attempts = 0;
        }
        downSinceNanos = now;
        setState(State.DISCONNECTED);
        if (framing.closeDelimited()) {
            attempts = 0;
            connect(); // next message, if any
            return;
        }
        outageLogged = true;
        log.warn("bridge client {}: disconnected after {} ms; reconnecting, every <= {} ms", target,
                TimeUnit.NANOSECONDS.toMillis(now - connectedAtNanos), backoff.max().toMillis());
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (state == State.CLOSED || reconnect != null) {
            return;
        }
        Duration delay = backoff.delay(Math.max(0, attempts - 1));
        reconnect = loop.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void drain() {
        if (framing.closeDelimited()) {
            if (state == State.DISCONNECTED && reconnect == null && channel == null) {
                connect();
            }
            return;
        }
        sent.increment(queue.drain(channel, false, sentBytes::increment));
    }

    /** Handles one connection's inbound side. */
    private final class Handler extends ChannelInboundHandlerAdapter {
        private final int delimiterLength = framing.delimiter() == null ? 0 : framing.delimiter().length();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            BridgeMessage m = (BridgeMessage) msg;
            received.increment();
            receivedBytes.increment(m.size() + delimiterLength);
            for (Consumer<BridgeMessage> s : subscribers) {
                try {
                    s.accept(m);
                } catch (RuntimeException e) {
                    log.warn("bridge client {}: subscriber failed on {}", target, m, e);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                drain();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                idleTimeouts.increment();
                log.warn("bridge client {}: nothing received for {} ms; closing to reconnect", target,
                        idleTimeout.toMillis());
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // Frames Netty still held never reached the server: back at the head of the queue, for the next
            // connection (dropped and counted as closed if the client is closing).
            int back = queue.takeBackUnsent(true);
            if (back > 0) {
                log.info("bridge client {}: {} message(s) had not reached the socket; queued again", target, back);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (queue.writeFailed(ctx.channel(), cause)) {
                return; // a queued frame that died with the connection: taken back at channelInactive
            }
            log.debug("bridge client {}: connection error: {}", target, cause.toString());
            ctx.close();
        }
    }

    /**
     * Closes the connection and stops reconnecting; queued messages are written first when connected
     * (waiting at most 2 s), otherwise released and counted as dropped ({@code closed}). Safe on an event
     * loop, where it does not wait: see {@link #close(Duration)}.
     */
    @Override
    public void close() {
        close(DEFAULT_DRAIN);
    }

    /**
     * Like {@link #close()}, waiting at most {@code drain} for the queued messages to be written (the
     * daemon passes what is left of its overall shutdown budget). Called on one of the transport's event
     * loops (e.g. from a subscriber), it never waits, which would stall that loop: the queued messages
     * are handed to the connection, which closes once they are flushed or, at the latest, after
     * {@code drain}; it returns at once.
     */
    public void close(Duration drain) {
        boolean wait = transport.currentLoop() == null;
        CountDownLatch done = new CountDownLatch(1);
        Runnable closing = () -> {
            Channel ch = channel;
            if (ch != null && ch.isActive() && !framing.closeDelimited()) {
                sent.increment(queue.drain(ch, true, sentBytes::increment));
            }
            state = State.CLOSED;
            for (Consumer<State> l : stateListeners) {
                l.accept(State.CLOSED);
            }
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            if (inFlight != null) {
                inFlight.release();
                inFlight = null;
                dropped.increment();
                droppedClosed.increment();
            }
            closeQueue();
            if (ch != null) {
                ch.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                        .addListener(ChannelFutureListener.CLOSE)
                        .addListener(f -> done.countDown());
                // the bound on the flush when nobody waits (and a backstop when someone does)
                ScheduledFuture<?> cut = loop.schedule(() -> {
                    ch.close();
                }, Math.max(0, drain.toNanos()), TimeUnit.NANOSECONDS);
                ch.closeFuture().addListener(f -> cut.cancel(false));
            } else {
                done.countDown();
            }
        };
        try {
            if (loop.inEventLoop()) {
                closing.run();
            } else {
                loop.execute(closing);
            }
            if (wait && !done.await(Math.max(0, drain.toNanos()), TimeUnit.NANOSECONDS) && channel != null) {
                channel.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            state = State.CLOSED; // the transport is already shut down
            closeQueue();
        }
    }

    /** Releases what is left queued, counted as dropped ({@code closed}); later offers are refused. */
    private void closeQueue() {
        int left = queue.close();
        if (left > 0) {
            dropped.add(left);
            droppedClosed.increment(left);
        }
    }

    /** Options of a {@link BridgeClient}; every one has a default except the transport. */
    public static final class Builder extends BridgeOptions<Builder> {
        private final String host;
        private final int port;
        private Backoff backoff = Backoff.DEFAULT;
        private Duration stableAfter = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout;
        private int maxQueuedMessages = 100_000;
        private long maxQueuedBytes = 16L << 20;
        private HostResolver resolver = InetAddress::getByName;
        private java.util.function.IntConsumer writtenListener = n -> { };

        private Builder(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
        }

        public Builder backoff(Backoff b) {
            this.backoff = Objects.requireNonNull(b);
            return this;
        }

        /** A connection up for this long resets the backoff (default 10 s). */
        public Builder stableAfter(Duration d) {
            this.stableAfter = Objects.requireNonNull(d);
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Close (and reconnect) when nothing was received for this long; null (default) = off. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        /** Bounds of the send queue (default 100,000 messages and 16 MiB). */
        public Builder maxQueued(int messages, long bytes) {
            this.maxQueuedMessages = messages;
            this.maxQueuedBytes = bytes;
            return this;
        }

        /**
         * Told, on the event loop, how many more sent messages reached the socket (their write succeeded),
         * counted in the order they were sent; a message resent after a reconnect is told once. What a
         * durable sender (the disk spool) commits on. Must not block.
         */
        public Builder onWritten(java.util.function.IntConsumer listener) {
            this.writtenListener = Objects.requireNonNull(listener);
            return this;
        }

        /** How the host name is resolved (default {@link InetAddress#getByName}); for tests. */
        Builder resolver(HostResolver r) {
            this.resolver = Objects.requireNonNull(r);
            return this;
        }

        public BridgeClient build() {
            return new BridgeClient(this);
        }
    }
}
