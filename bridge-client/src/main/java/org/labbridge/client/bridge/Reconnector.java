package org.labbridge.client.bridge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.labbridge.client.bridge.BridgeClient.State;
import org.labbridge.tls.ReloadableSslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The client's connection state machine, on its event loop: NEW → CONNECTING → CONNECTED → DISCONNECTED
 * → CONNECTING … until CLOSED. A failed attempt or a lost connection schedules the next attempt after
 * {@link Backoff#delay} (never blocking); the attempt counter is reset when a connection stayed up for
 * {@code stableAfter}. The host name is resolved again for each attempt, on a small shared resolver pool,
 * never on the event loop; a failed lookup counts as a failed attempt. Each state change is logged once:
 * "cannot connect ... retrying" (WARN, once per outage), "connected after N attempts" (INFO); single
 * attempts are DEBUG.
 *
 * <p>What a connection is for is the {@link Session}'s business: a stream of messages (connect whenever
 * possible), or one message per connection (connect when there is a message, and at once again after a
 * connection ended normally).
 */
final class Reconnector {

    private static final Logger log = LoggerFactory.getLogger(BridgeClient.class);

    /** What the connections are for. All calls on the event loop. */
    interface Session {
        /** Before an attempt: false when there is nothing to connect for now (the state stays DISCONNECTED). */
        boolean wantsConnection();

        /** A connection is up (state CONNECTED). */
        void connected(Channel channel);

        /**
         * One message per connection: a connection that ends is the normal end of a message, so the next
         * one is opened at once (no backoff, no log line), and reconnecting is quiet.
         */
        boolean perMessage();
    }

    /**
     * Shared by all clients of the process: blocking name lookups (InetAddress honours /etc/hosts and
     * works offline), off the event loops. Daemon threads, created on demand and ended when idle.
     */
    private static final ThreadPoolExecutor RESOLVER_THREADS = resolverThreads();

    private static ThreadPoolExecutor resolverThreads() {
        AtomicInteger n = new AtomicInteger();
        var pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "labbridge-resolver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private final String target;
    private final String host;
    private final int port;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final BridgeClient.HostResolver resolver;
    private final Backoff backoff;
    private final Duration stableAfter;
    private final ClientMeters meters;
    private final Session session;
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();

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

    Reconnector(String target, String host, int port, EventLoop loop, Bootstrap bootstrap,
                BridgeClient.HostResolver resolver, Backoff backoff, Duration stableAfter, ClientMeters meters,
                Session session) {
        this.target = target;
        this.host = host;
        this.port = port;
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.resolver = resolver;
        this.backoff = backoff;
        this.stableAfter = stableAfter;
        this.meters = meters;
        this.session = session;
    }

    State state() {
        return state;
    }

    /** The current connection, or null. */
    Channel channel() {
        return channel;
    }

    Runnable onStateChange(Consumer<State> listener) {
        stateListeners.add(listener);
        return () -> stateListeners.remove(listener);
    }

    /** Starts connecting (from NEW only). On the event loop. */
    void start() {
        if (state == State.NEW) {
            downSinceNanos = System.nanoTime();
            connect();
        }
    }

    /** Connects now if idle and not waiting for a retry (a session that has new work). On the event loop. */
    void connectIfIdle() {
        if (state == State.DISCONNECTED && reconnect == null && channel == null) {
            connect();
        }
    }

    /** Stops for good: state CLOSED (listeners told), no more attempts. On the event loop, or when the loop is gone. */
    void close() {
        state = State.CLOSED;
        for (Consumer<State> l : stateListeners) {
            l.accept(State.CLOSED);
        }
        if (reconnect != null) {
            reconnect.cancel(false);
        }
    }

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
        if (!session.wantsConnection()) {
            setState(State.DISCONNECTED); // nothing to send: no connection needed
            return;
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
        } catch (RejectedExecutionException e) {
            failed(e); // cannot happen with the unbounded queue; handled like a failed attempt anyway
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("bridge client {}: transport shut down during name resolution", target);
        }
    }

    private void connectTo(InetSocketAddress address) {
        if (state == State.CLOSED) {
            return; // close() ran meanwhile
        }
        // With TLS, connected only after the handshake: nothing is sent into a connection that will fail it.
        ReloadableSslContext.afterHandshake(bootstrap.connect(address)).addListener((ChannelFutureListener) this::connected);
    }

    /** A failed attempt (resolution or connect): logged once per outage, retried after the backoff. */
    private void failed(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        meters.connectFailures.increment();
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
        meters.opened.increment();
        if (!session.perMessage() || outageLogged) {
            log.info("bridge client {}: connected after {} attempt(s) ({} ms without connection)", target,
                    outageAttempts, TimeUnit.NANOSECONDS.toMillis(connectedAtNanos - downSinceNanos));
        }
        outageAttempts = 0;
        outageLogged = false;
        if (session.perMessage()) {
            attempts = 0;
        }
        ch.closeFuture().addListener(cf -> disconnected(ch));
        setState(State.CONNECTED);
        session.connected(ch);
    }

    private void disconnected(Channel ch) {
        meters.closed.increment();
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
        if (session.perMessage()) {
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
}
