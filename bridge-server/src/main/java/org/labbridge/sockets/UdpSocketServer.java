package org.labbridge.sockets;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import org.labbridge.access.BindAddress;
import org.labbridge.access.SourceAllowlist;
import org.labbridge.transport.TransportType;
import org.labbridge.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;

/**
 * What every socket server shares: one Netty datagram channel on the shared event loop, start/stop, the
 * activity clock of §6 and its registry entry.
 */
public abstract class UdpSocketServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpSocketServer.class);
    /**
     * Datagrams read per wake-up before replies are flushed: a larger batch means fewer epoll_wait calls and
     * larger sendmmsg batches under load (Netty's default for datagrams is 16).
     */
    static final int MAX_MESSAGES_PER_READ = 64;
    /** Datagrams per recvmmsg call (epoll), bounded by {@link #RECV_BUFFER_BYTES}. */
    static final int RECV_SLOTS = 16;
    /** Upper bound of a socket's reused receive buffer (epoll). */
    static final int RECV_BUFFER_BYTES = 1 << 20;
    /**
     * Replies queued before reading pauses ({@link UdpRequestHandler}). Netty's default (32/64 KiB) is one
     * large pull reply: a read batch of 48 kB {@code json_wn} replies then crossed it every second datagram,
     * flushing small batches and switching reading off and on (epoll_ctl) per batch, a cost per reply byte
     * C's server does not pay. 1 MiB holds a batch of large replies; memory stays bounded by it plus one read
     * batch, as before.
     */
    static final io.netty.channel.WriteBufferWaterMark REPLY_WATER_MARK =
            new io.netty.channel.WriteBufferWaterMark(512 << 10, 1 << 20);

    final String name;
    final String type;
    final int configuredPort;
    final String bindAddress;
    final SourceAllowlist allowlist;
    /** The lines peers can trigger, rate-limited. */
    final SocketLog peerLog;
    final Transport transport;
    final io.micrometer.core.instrument.MeterRegistry meterRegistry;
    final int maxDatagramSize;
    final int receiveBufferSize;
    final boolean checkActivity;
    final double activityTimeout;
    final Clock clock;
    final SocketRegistry registry;

    private volatile double lastActivity;
    private volatile Channel channel;
    private volatile int boundPort;
    private volatile int grantedReceiveBufferSize;
    private ReceiveBuffer receiveBuffer;

    UdpSocketServer(SocketBuilder<?> b, String type) {
        this.name = b.name;
        this.type = type;
        this.configuredPort = b.port;
        this.bindAddress = b.bindAddress;
        this.allowlist = b.allowlist;
        this.peerLog = new SocketLog(LoggerFactory.getLogger(getClass()), type, b.name);
        this.transport = b.transport;
        this.meterRegistry = b.meterRegistry;
        this.maxDatagramSize = b.maxDatagramSize;
        this.receiveBufferSize = b.receiveBufferSize;
        this.checkActivity = b.checkActivity;
        this.activityTimeout = b.activityTimeout;
        this.clock = b.clock;
        this.registry = b.registry;
        this.lastActivity = now();
        this.boundPort = b.port;
    }

    /** The socket's name (Python's {@code name}). */
    public String name() {
        return name;
    }

    /** The bound port once started (useful with port 0), else the configured one. */
    public int port() {
        return boundPort;
    }

    /** The bound address, or {@code null} when not started. */
    public InetSocketAddress localAddress() {
        Channel ch = channel;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    /** {@code SO_RCVBUF} as the kernel granted it (Linux reports twice the request), or 0 before start. */
    public int receiveBufferSize() {
        return grantedReceiveBufferSize;
    }

    /** Whether the socket is bound and serving. */
    public boolean isRunning() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /**
     * Binds the port and starts serving. Blocks until bound (call it from an application thread, not from an
     * event loop).
     *
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (channel != null) {
            throw new IllegalStateException("socket '" + name + "' already started");
        }
        Transport t = transport != null ? transport : SharedTransport.get();
        InetSocketAddress address = BindAddress.of(bindAddress, configuredPort);
        Bootstrap b = new Bootstrap()
                .group(t.group())
                .channelFactory(channelFactory(t, address))
                .handler(newHandler())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, REPLY_WATER_MARK);
        // Every slot is one byte larger than the maximum: a datagram that fills its slot was too large (or was
        // truncated by the kernel) and is refused instead of parsed.
        int slot = maxDatagramSize + 1;
        if (t.type() == TransportType.EPOLL) {
            // recvmmsg into a reused buffer of several slots (see ReceiveBuffer)
            int slots = Math.max(1, Math.min(RECV_SLOTS, RECV_BUFFER_BYTES / slot));
            receiveBuffer = new ReceiveBuffer(slots, slot, MAX_MESSAGES_PER_READ);
            b.option(ChannelOption.RCVBUF_ALLOCATOR, receiveBuffer);
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot);
            // ReceiveBuffer may end a wake-up before the socket is drained (see there)
            b.option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(slot).maxMessagesPerRead(MAX_MESSAGES_PER_READ));
        }
        if (receiveBufferSize > 0) {
            b.option(ChannelOption.SO_RCVBUF, receiveBufferSize);
        }
        ChannelFuture bound = b.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw new UncheckedIOException("cannot bind UDP socket '" + name + "' on " + bindAddress + ":"
                    + configuredPort + ": " + cause.getMessage(),
                    cause instanceof java.io.IOException io ? io : new java.io.IOException(cause));
        }
        Channel ch = bound.channel();
        boundPort = ((InetSocketAddress) ch.localAddress()).getPort();
        int granted = ch.config().getOption(ChannelOption.SO_RCVBUF);
        grantedReceiveBufferSize = granted;
        int usable = usableReceiveBufferSize(granted);
        if (receiveBufferSize > 0 && usable < receiveBufferSize) {
            log.warn("socket '{}' port {}: asked for SO_RCVBUF {} bytes, the kernel granted {} "
                    + "(raise net.core.rmem_max)", name, boundPort, receiveBufferSize, usable);
        }
        channel = ch;
        onStarted();
        registry.register(this);
        log.info("{} socket '{}' listening on {}:{}{}", type, name, bindAddress, boundPort,
                allowlist.allowsAll() ? "" : " (allow: " + allowlist + ")");
    }

    /**
     * What a request was granted, from what {@code getsockopt(SO_RCVBUF)} reports: Linux doubles the granted
     * size for its own bookkeeping (socket(7)), so a request capped at {@code net.core.rmem_max} would read
     * back as up to twice the cap and hide the shortfall.
     */
    static int usableReceiveBufferSize(int reported) {
        return LINUX ? reported / 2 : reported;
    }

    private static final boolean LINUX = "linux".equals(io.netty.util.internal.PlatformDependent.normalizedOs());

    /** A channel of the bind address's family: {@code 0.0.0.0} must not open an IPv6 socket. */
    private static io.netty.channel.ChannelFactory<io.netty.channel.Channel> channelFactory(Transport t,
                                                                                          InetSocketAddress address) {
        io.netty.channel.socket.SocketProtocolFamily family = BindAddress.family(address);
        if (t.type() == org.labbridge.transport.TransportType.NIO) {
            return () -> EmptyDatagrams.newNioChannel(family); // keeps the JDK channel, for empty replies
        }
        return () -> t.type().newDatagramChannel(family);
    }

    /** Unbinds at once (the port is free when this returns) and releases workers and meters. Idempotent. */
    public synchronized void stop() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        registry.unregister(this);
        if (ch.eventLoop().inEventLoop()) {
            ch.close(); // closes now; waiting here would block the loop (stop from a listener, say)
        } else {
            ch.close().awaitUninterruptibly();
        }
        channel = null;
        ReceiveBuffer rb = receiveBuffer;
        if (rb != null) {
            receiveBuffer = null;
            try {
                ch.eventLoop().execute(rb::release); // on the loop that used it, after the close
            } catch (java.util.concurrent.RejectedExecutionException e) {
                rb.release(); // the loop is gone: nothing can use the buffer any more
            }
        }
        onStopped();
        log.info("{} socket '{}' on port {} stopped", type, name, boundPort);
    }

    @Override
    public void close() {
        stop();
    }

    /** Python's {@code poke()}: marks activity, when activity checking is on. */
    public void poke() {
        if (checkActivity) {
            lastActivity = now();
        }
    }

    /** This socket's entry of {@code socket_server_status}. */
    public SocketStatus status() {
        if (!checkActivity) {
            return new SocketStatus(name, type, "DISABLED", null);
        }
        double since = now() - lastActivity;
        return new SocketStatus(name, type, since < activityTimeout ? "OK" : "INACTIVE", since);
    }

    /**
     * labbridge's additions to this socket's {@code status} entry (none by default, so the entry stays
     * PyExpLabSys's): e.g. what a pull socket refused.
     */
    void addStatus(java.util.Map<String, Object> entry) {
    }

    /** Python's {@code time.time()} from the configured clock. */
    final double now() {
        Instant i = clock.instant();
        return i.getEpochSecond() + i.getNano() / 1e9;
    }

    /** The channel while running (for replies sent from a worker), else {@code null}. */
    final Channel channel() {
        return channel;
    }

    /** A new handler for the channel; it holds the socket's meters. */
    abstract io.netty.channel.ChannelHandler newHandler();

    /** Called once bound (meters get the real port then). */
    void onStarted() {
    }

    /** Called after the channel closed. */
    void onStopped() {
    }
}
