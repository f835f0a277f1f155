package org.labbridge.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one event-loop group of a process, shared by every socket, bridge and client in it.
 *
 * <p>Sharing matters on the 2-core boxes labbridge runs on: one thread per core serves every UDP socket
 * and TCP connection, instead of a thread (or a group) per socket. Create it once, hand it to every
 * component, and {@link #close()} it last.
 */
public final class Transport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /** Quiet period and upper bound of {@link #close()}: long enough to flush, short enough to exit. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(100);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final TransportType type;
    private final EventLoopGroup group;

    private Transport(TransportType type, EventLoopGroup group) {
        this.type = type;
        this.group = group;
    }

    /**
     * Creates the process's event-loop group.
     *
     * @param name         thread-name prefix, e.g. {@code "labbridge"}
     * @param threads      event-loop threads; 0 = Netty's default (2 × cores)
     * @param preferNative use epoll when it is available
     */
    public static Transport create(String name, int threads, boolean preferNative) {
        TransportType type = TransportType.choose(preferNative);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory(name + "-" + type.name().toLowerCase(java.util.Locale.ROOT), true),
                type.ioHandlerFactory());
        if (type == TransportType.NIO && preferNative) {
            log.info("transport: nio ({} event loops); epoll unavailable: {}", group.executorCount(),
                    TransportType.nativeUnavailabilityCause());
        } else {
            log.info("transport: {} ({} event loops)", type.name().toLowerCase(java.util.Locale.ROOT),
                    group.executorCount());
        }
        return new Transport(type, group);
    }

    /** A transport with the defaults: epoll when possible, one event loop per core. */
    public static Transport createDefault(String name) {
        return create(name, Runtime.getRuntime().availableProcessors(), true);
    }

    public TransportType type() {
        return type;
    }

    public EventLoopGroup group() {
        return group;
    }

    /**
     * The loop of each thread that asked, found once per thread: a thread never changes loops, and the
     * relay asks for every message it publishes (iterating the group each time cost 2 % of its CPU).
     */
    private final FastThreadLocal<EventExecutor> loopOfThread = new FastThreadLocal<>() {
        @Override
        protected EventExecutor initialValue() {
            for (EventExecutor e : group) {
                if (e.inEventLoop()) {
                    return e;
                }
            }
            return null;
        }
    };

    /** The event loop of this group running the calling thread, or null when called from elsewhere. */
    public EventExecutor currentLoop() {
        // Event-loop threads are FastThreadLocalThreads; any other thread is answered without a thread-local.
        return Thread.currentThread() instanceof FastThreadLocalThread ? loopOfThread.get() : null;
    }

    /**
     * Shuts the group down: new tasks are refused, queued ones run, and the threads end once no task
     * arrived for {@code quietPeriod}, or after {@code timeout} at the latest.
     *
     * @return whether the group terminated within the timeout
     */
    public boolean shutdown(Duration quietPeriod, Duration timeout) {
        Future<?> done = group.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean terminated = done.awaitUninterruptibly(timeout.toMillis() + 1000);
        if (!terminated) {
            log.warn("transport: event loops still busy after {} ms; exiting anyway", timeout.toMillis());
        }
        return terminated;
    }

    @Override
    public void close() {
        shutdown(DEFAULT_QUIET_PERIOD, DEFAULT_SHUTDOWN_TIMEOUT);
    }
}
