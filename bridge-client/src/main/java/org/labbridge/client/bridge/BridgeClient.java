package org.labbridge.client.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.labbridge.bridge.pipeline.QueueWriter;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.transport.Transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The client role of the TCP bridge: one connection to host:port, re-established for ever. This class is
 * the API (queueing, subscribing, closing); the connection's state machine is {@code Reconnector}, its
 * pipeline {@code ClientConnectionInitializer} (order: {@link org.labbridge.bridge.pipeline.BridgePipeline}),
 * close-delimited sending {@code MessagePerConnection}, its meters {@code ClientMeters}.
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

    /** How long {@link #close()} waits for the queued messages to be written. */
    private static final Duration DEFAULT_DRAIN = Duration.ofSeconds(2);

    /** Resolves a host name; may block (it never runs on an event loop). */
    @FunctionalInterface
    interface HostResolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    /** Connection state, observable with {@link #onStateChange}. */
    public enum State { NEW, CONNECTING, CONNECTED, DISCONNECTED, CLOSED }

    private final Transport transport;
    private final EventLoop loop;
    private final FramingConfig framing;
    private final MessageCodec codec;
    private final OutboundQueue queue;
    private final ClientMeters meters;
    private final List<Consumer<BridgeMessage>> subscribers = new CopyOnWriteArrayList<>();
    private final Runnable drainTask = this::drain;
    /** Close-delimited mode: the one-message connections; null otherwise. */
    private final MessagePerConnection perMessage;
    private final Reconnector connection;

    private BridgeClient(Builder b) {
        // Log lines name the client (the daemon's node name) and its peer: several clients may share a peer.
        String target = b.name() + " -> " + b.host + ":" + b.port;
        this.transport = Objects.requireNonNull(b.transport(), "transport");
        this.loop = transport.group().next();
        this.framing = b.framing();
        this.codec = new MessageCodec(framing);
        MeterRegistry r = b.meterRegistry();
        this.meters = new ClientMeters(r, b.name());
        this.queue = new OutboundQueue(b.maxQueuedMessages, b.maxQueuedBytes, OverflowPolicy.DROP_OLDEST,
                meters::droppedSent);
        queue.onWritten(b.writtenListener);
        meters.registerGauges(r, b.name(), queue, this);
        this.perMessage = framing.closeDelimited() ? new MessagePerConnection(queue, meters, b.writtenListener) : null;

        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .resolver(io.netty.resolver.NoopAddressResolverGroup.INSTANCE) // resolved before, off the loop
                .channel(transport.type().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) b.connectTimeout.toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, b.writeBufferWaterMark())
                .handler(new ClientConnectionInitializer("bridge client " + target, codec, b.idleTimeout, meters,
                        subscribers, perMessage == null ? queue : null, b.tls(), b.host, b.port));
        transport.type().keepaliveOptions(b.tcpKeepalive()).forEach((o, v) -> option(bootstrap, o, v));
        Reconnector.Session session = perMessage != null ? perMessage : new Reconnector.Session() {
            @Override
            public boolean wantsConnection() {
                return true; // a stream: stay connected, whether or not something is queued
            }

            @Override
            public void connected(Channel channel) {
                // the connection's QueueWriter writes what is queued as soon as it is active
            }

            @Override
            public boolean perMessage() {
                return false;
            }
        };
        this.connection = new Reconnector(target, b.host, b.port, loop, bootstrap, b.resolver, b.backoff,
                b.stableAfter, meters, session);
    }

    @SuppressWarnings("unchecked")
    private static void option(Bootstrap bootstrap, ChannelOption<?> option, Object value) {
        bootstrap.option((ChannelOption<Object>) option, value);
    }

    /** The current connection, or null (for tests). */
    Channel channel() {
        return connection.channel();
    }

    /** A builder for a client of host:port; {@link Builder#transport} is required. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** Starts connecting (in the background); returns at once. */
    public BridgeClient start() {
        loop.execute(connection::start);
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
        Channel ch = connection.channel();
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
        return connection.onStateChange(listener);
    }

    public State state() {
        return connection.state();
    }

    public boolean isConnected() {
        return connection.state() == State.CONNECTED;
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
        return meters.droppedByThisClient();
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
        if (!queue.isEmpty() || (perMessage != null && perMessage.hasInFlight())) {
            return false;
        }
        Channel ch = connection.channel();
        if (perMessage != null) {
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

    /** On the event loop: what was queued goes to the connection (close-delimited: opens one if idle). */
    private void drain() {
        if (perMessage != null) {
            connection.connectIfIdle();
            return;
        }
        QueueWriter writer = ClientConnectionInitializer.writerOf(connection.channel());
        if (writer != null) {
            writer.drain(false);
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
            Channel ch = connection.channel();
            QueueWriter writer = ClientConnectionInitializer.writerOf(ch);
            if (writer != null && ch.isActive()) {
                writer.drain(true);
            }
            connection.close();
            if (perMessage != null && perMessage.releaseInFlight()) {
                meters.droppedSent(OutboundQueue.CLOSED, 1);
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
            Channel ch;
            if (wait && !done.await(Math.max(0, drain.toNanos()), TimeUnit.NANOSECONDS)
                    && (ch = connection.channel()) != null) {
                ch.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            connection.close(); // the transport is already shut down
            closeQueue();
        }
    }

    /** Releases what is left queued, counted as dropped ({@code closed}); later offers are refused. */
    private void closeQueue() {
        int left = queue.close();
        if (left > 0) {
            meters.droppedSent(OutboundQueue.CLOSED, left);
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
        private IntConsumer writtenListener = n -> { };

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
        public Builder onWritten(IntConsumer listener) {
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
