package org.labbridge.bridge;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.labbridge.logging.RateLimitedLogger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On the server channel (the listener), before Netty's acceptor. Two jobs of the accept path:
 *
 * <p><b>{@code max_connections}</b>, in accept order, before the child is registered (a refused one never
 * gets a pipeline): beyond the cap a connection is closed at once (the peer sees the close, it never
 * waits unserved), counted in {@code labbridge.bridge.connections.refused} and logged at most once per
 * interval per server (then a summary line).
 *
 * <p><b>Failed accepts</b> (typically {@code EMFILE}, "Too many open files": the process is out of file
 * descriptors). The listener stays open, but accepting is paused for {@link #ACCEPT_PAUSE}: retrying at
 * once would spin the event loop on a connection it cannot take. Each failure is counted in
 * {@code labbridge.bridge.accept.failures} and logged at most once per interval, without a stack trace
 * (it is expected under load, and Netty's default would log a trace for each one, every second). The
 * failure is consumed here, so the listener's pipeline never reaches its tail with it. Connections
 * the kernel queued meanwhile are accepted once descriptors are free again; {@code max_connections}
 * below the descriptor limit ({@code LimitNOFILE} in the systemd unit) keeps the process from getting
 * there. Not sharable: one per server channel.
 */
final class AcceptLimiter extends ChannelInboundHandlerAdapter {

    /** How long accepting pauses after a failed accept. */
    static final Duration ACCEPT_PAUSE = Duration.ofMillis(500);

    /** The log causes (fixed keys, never peer data). */
    private enum Cause { REFUSED, ACCEPT_FAILED }

    private final String owner;
    private final int maxConnections;
    private final Counter refused;
    private final Counter acceptFailures;
    private final RateLimitedLogger log;
    /** Children accepted and not closed yet (counted here: the registry only sees active ones). */
    private final AtomicInteger accepted = new AtomicInteger();
    private boolean paused;

    /** @param maxConnections 0 = no limit */
    AcceptLimiter(String owner, int maxConnections, Counter refused, Counter acceptFailures) {
        this(owner, maxConnections, refused, acceptFailures,
                new RateLimitedLogger(LoggerFactory.getLogger(BridgeServer.class)));
    }

    AcceptLimiter(String owner, int maxConnections, Counter refused, Counter acceptFailures, RateLimitedLogger log) {
        this.owner = owner;
        this.maxConnections = maxConnections;
        this.refused = refused;
        this.acceptFailures = acceptFailures;
        this.log = log;
    }

    /** Descriptors the process needs besides its bridge clients (jars, sockets, epoll, logs). */
    static final int DESCRIPTOR_HEADROOM = 256;

    /**
     * A warning for the start-up log when {@code max_connections} does not keep the process below its
     * descriptor limit (then a flood meets {@code EMFILE} rather than the cap), or null.
     *
     * @param maxDescriptors the process's limit ({@code ulimit -n}, {@code LimitNOFILE}); negative = unknown
     */
    static String descriptorWarning(String owner, int maxConnections, long maxDescriptors) {
        if (maxDescriptors < 0) {
            return null;
        }
        if (maxConnections == 0) {
            return owner + ": max_connections is 0 (no limit): beyond " + maxDescriptors
                    + " open files (the process's limit) accepts fail and clients wait unserved";
        }
        if (maxConnections + DESCRIPTOR_HEADROOM > maxDescriptors) {
            return owner + ": max_connections (" + maxConnections + ") is close to or above the process's limit of "
                    + maxDescriptors + " open files: raise it (ulimit -n, LimitNOFILE) or lower max_connections";
        }
        return null;
    }

    /** The process's descriptor limit, or -1 where the JVM does not tell. */
    static long maxDescriptors() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (maxConnections > 0 && accepted.get() >= maxConnections) {
            refused.increment();
            log.warn(Cause.REFUSED, "{}: refusing {}: max_connections ({}) reached", owner, child.remoteAddress(),
                    maxConnections);
            child.unsafe().closeForcibly();
            return;
        }
        accepted.incrementAndGet();
        child.closeFuture().addListener(f -> accepted.decrementAndGet());
        ctx.fireChannelRead(child);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            ctx.fireExceptionCaught(cause); // not an accept failure: not ours to judge
            return;
        }
        acceptFailures.increment();
        log.warnExpected(Cause.ACCEPT_FAILED, cause,
                "{}: cannot accept connections ({} open); pausing accepts for {} ms each time", owner,
                accepted.get(), ACCEPT_PAUSE.toMillis());
        if (!paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            ctx.channel().eventLoop().schedule(() -> {
                paused = false;
                ctx.channel().config().setAutoRead(true);
            }, ACCEPT_PAUSE.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
