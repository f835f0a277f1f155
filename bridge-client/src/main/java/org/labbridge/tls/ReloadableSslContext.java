package org.labbridge.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The current {@link SslContext} of one {@code tls:} block, consulted once per new connection, so that a
 * reload (on {@code SIGHUP} via {@link TlsReloader#reloadAll()}, or when {@link TlsReloader} sees the files
 * change) applies to new connections only: an established connection keeps the engine it was built with
 * and is never touched.
 *
 * <p>A reload that fails (a half-written file, a key that does not match the new certificate yet) keeps the
 * previous context serving and is logged; the files are tried again when they change again. Reloading reads
 * files and runs on the reloader's thread or the caller's, never on an event loop.
 *
 * <pre>{@code
 * ReloadableSslContext tls = ReloadableSslContext.load("bridge server b", TlsServerConfig.of(cert, key));
 * tls.watch();                                                 // poll the files every reload_interval
 * pipeline.addFirst(tls.newHandlers(ch));                      // server role, per accepted channel
 * pipeline.addFirst(tls.newHandlers(ch, "lab-pc", 45454));     // client role: SNI and host name check
 * }</pre>
 */
public final class ReloadableSslContext implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReloadableSslContext.class);

    /** Handshake failures are logged at most this often (each is counted): a scanner must not flood the log. */
    private static final long FAILURE_LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final String name;
    private final TlsSettings settings;
    private volatile Loaded current;
    /** Fingerprint of the files last tried, loaded or not: a failed set is not retried until it changes. */
    private volatile byte[] lastTried;
    private final LongAdder handshakeFailures = new LongAdder();
    private final AtomicLong nextFailureLog = new AtomicLong(System.nanoTime());
    private final LongAdder unloggedFailures = new LongAdder();
    private volatile Counter failureCounter;
    private volatile Counter reloadsOk;
    private volatile Counter reloadsFailed;

    private record Loaded(SslContext context, TlsMaterial material) {
    }

    private ReloadableSslContext(String name, TlsSettings settings, Loaded loaded, byte[] fingerprint) {
        this.name = name;
        this.settings = settings;
        this.current = loaded;
        this.lastTried = fingerprint;
    }

    /**
     * Reads the files and builds the first context.
     *
     * @param name names the user of this block in log lines, e.g. {@code bridge server uplink}
     * @throws TlsException when a file is missing, unreadable, or its contents are unusable
     */
    public static ReloadableSslContext load(String name, TlsSettings settings) throws TlsException {
        byte[] fingerprint;
        try {
            fingerprint = fingerprint(settings); // before reading: a change in between is seen by the next poll
        } catch (TlsException e) {
            fingerprint = null; // build() reports it, naming the option
        }
        ReloadableSslContext holder = new ReloadableSslContext(name, settings, build(settings), fingerprint);
        log.info("{}: TLS {} ({})", name, holder.current.material().describe(), String.join(", ", settings.protocols()));
        return holder;
    }

    private static Loaded build(TlsSettings settings) throws TlsException {
        TlsMaterial material = TlsMaterial.load(settings);
        return new Loaded(TlsContexts.forRole(settings, material), material);
    }

    /** The settings this context was loaded from. */
    public TlsSettings settings() {
        return settings;
    }

    /** The context new connections get now. */
    public SslContext current() {
        return current.context();
    }

    /** The certificates and key new connections get now. */
    public TlsMaterial material() {
        return current.material();
    }

    /** Handshakes that failed on connections made with this context (any reason: no certificate, wrong name...). */
    public long handshakeFailures() {
        return handshakeFailures.sum();
    }

    /**
     * The server-side handlers for an accepted channel, to add first in its pipeline (in this order, e.g.
     * with {@code pipeline.addFirst(tls.newHandlers(ch))}): the {@link SslHandler}, then a gate that holds
     * {@code channelActive} back until the handshake succeeded, so the handlers after it see only peers that
     * passed it (a client refused under {@code client_auth: require} is never "connected"). A failed
     * handshake is counted and logged (at most every 10 s) here, and the handlers after the gate see
     * nothing of that connection.
     */
    public ChannelHandler[] newHandlers(Channel ch) {
        SslHandler handler = current().newHandler(ch.alloc());
        watchHandshake(ch, handler, true);
        return new ChannelHandler[] {handler, new HandshakeGate()};
    }

    /**
     * The client-side handlers for a channel to {@code host:port}, like {@link #newHandlers(Channel)}: the
     * {@link SslHandler} (the name is sent as SNI when it is not an IP address, and checked against the
     * server's certificate when {@code verify_hostname} is on; {@code server_name}, when set, replaces
     * {@code host}), then the gate, so nothing after it writes before the handshake succeeded.
     */
    public ChannelHandler[] newHandlers(Channel ch, String host, int port) {
        String peer = settings instanceof TlsClientConfig c && c.serverName() != null ? c.serverName() : host;
        SslHandler handler = current().newHandler(ch.alloc(), peer, port);
        // The client's own connect logic reports a failed handshake (once per outage): only count here.
        watchHandshake(ch, handler, false);
        return new ChannelHandler[] {handler, new HandshakeGate()};
    }

    /**
     * Completes when the connect succeeded and, if the channel has an {@link SslHandler}, its handshake too;
     * fails (and closes the channel) otherwise. A client that counts itself connected only then sends
     * nothing into a connection whose handshake will fail.
     */
    public static ChannelFuture afterHandshake(ChannelFuture connect) {
        ChannelPromise done = connect.channel().newPromise();
        connect.addListener((ChannelFutureListener) f -> {
            SslHandler ssl = f.isSuccess() ? f.channel().pipeline().get(SslHandler.class) : null;
            if (!f.isSuccess()) {
                done.setFailure(f.cause());
            } else if (ssl == null) {
                done.setSuccess();
            } else {
                ssl.handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        done.trySuccess();
                    } else {
                        f.channel().close();
                        done.tryFailure(h.cause());
                    }
                });
            }
        });
        return done;
    }

    /** Holds {@code channelActive} (and what a failed handshake fires) back from the handlers after it. */
    private static final class HandshakeGate extends ChannelInboundHandlerAdapter {
        private boolean active;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // not yet: after the handshake
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess() && !active) {
                active = true;
                ctx.fireChannelActive();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (active) {
                ctx.fireChannelInactive();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (active) {
                ctx.fireExceptionCaught(cause);
            } else {
                ctx.close(); // the handshake failed: counted and logged by the holder
            }
        }
    }

    private void watchHandshake(Channel ch, SslHandler handler, boolean logFailures) {
        handler.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                return;
            }
            handshakeFailures.increment();
            Counter c = failureCounter;
            if (c != null) {
                c.increment();
            }
            if (logFailures) {
                logFailure(ch, f.cause());
            }
        });
    }

    private void logFailure(Channel ch, Throwable cause) {
        long now = System.nanoTime();
        long next = nextFailureLog.get();
        if (now - next >= 0 && nextFailureLog.compareAndSet(next, now + FAILURE_LOG_INTERVAL_NANOS)) {
            long more = unloggedFailures.sumThenReset();
            log.warn("{}: TLS handshake with {} failed: {}{}", name, ch.remoteAddress(), reason(cause),
                    more > 0 ? " (" + more + " more failed handshakes not logged in the last 10 s)" : "");
        } else {
            unloggedFailures.increment();
        }
    }

    /** The innermost message: "PKIX path building failed: ..." is more use than the SSLHandshakeException wrapper. */
    private static String reason(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == cause ? cause.toString() : cause.getMessage() + " (" + t.getMessage() + ")";
    }

    /**
     * Re-reads the files and, if they can be used, makes them the context of new connections. On a failure
     * the current context stays and the problem is logged.
     *
     * @return true when the new files are in use
     */
    public boolean reload() {
        byte[] fingerprint;
        try {
            fingerprint = fingerprint(settings);
        } catch (TlsException e) {
            lastTried = null;
            return failed(e);
        }
        lastTried = fingerprint;
        Loaded next;
        try {
            next = build(settings);
        } catch (TlsException e) {
            return failed(e);
        }
        Loaded previous = current;
        current = next;
        count(reloadsOk);
        log.info("{}: TLS reloaded: new connections use {} (was {})", name, next.material().describe(),
                previous.material().describe());
        return true;
    }

    /** {@link #reload()} when a file's contents changed since the last attempt; false otherwise. */
    public boolean reloadIfChanged() {
        byte[] fingerprint;
        try {
            fingerprint = fingerprint(settings);
        } catch (TlsException e) {
            // a file is missing right now (mid-rename, say): keep serving; say so once per change
            if (lastTried != null) {
                lastTried = null;
                failed(e);
            }
            return false;
        }
        if (Arrays.equals(fingerprint, lastTried)) {
            return false;
        }
        return reload();
    }

    private boolean failed(TlsException e) {
        count(reloadsFailed);
        log.error("{}: TLS reload failed, still using {}: {}", name, current.material().describe(), e.getMessage());
        return false;
    }

    private static void count(Counter c) {
        if (c != null) {
            c.increment();
        }
    }

    /** Registers the {@link TlsMeters} with these tags (and counts into them from now on). */
    public ReloadableSslContext bindTo(MeterRegistry registry, Tags tags) {
        failureCounter = Counter.builder(TlsMeters.HANDSHAKE_FAILURES.meterName())
                .description(TlsMeters.HANDSHAKE_FAILURES.description()).tags(tags).register(registry);
        reloadsOk = Counter.builder(TlsMeters.RELOADS.meterName()).description(TlsMeters.RELOADS.description())
                .tags(tags).tag("result", "ok").register(registry);
        reloadsFailed = Counter.builder(TlsMeters.RELOADS.meterName()).description(TlsMeters.RELOADS.description())
                .tags(tags).tag("result", "failed").register(registry);
        if (settings.cert() != null) {
            Gauge.builder(TlsMeters.CERTIFICATE_EXPIRY.meterName(), this, h -> {
                Instant notAfter = h.material().notAfter();
                return notAfter == null ? Double.NaN : Duration.between(Instant.now(), notAfter).toSeconds();
            }).description(TlsMeters.CERTIFICATE_EXPIRY.description()).baseUnit("seconds").tags(tags).register(registry);
        }
        return this;
    }

    /** Polls the files every {@code reload_interval} (if not 0) and reloads on {@link TlsReloader#reloadAll()}. */
    public ReloadableSslContext watch() {
        TlsReloader.shared().register(this);
        return this;
    }

    /** Stops watching; connections made with it are not affected. */
    @Override
    public void close() {
        TlsReloader.shared().unregister(this);
    }

    @Override
    public String toString() {
        return name;
    }

    /** SHA-256 over every file of the settings (their contents, not their times: a copy keeps an mtime). */
    static byte[] fingerprint(TlsSettings settings) throws TlsException {
        List<String> files = new ArrayList<>();
        for (String f : new String[] {settings.cert(), settings.key(), settings.ca(), settings.keyPasswordFile()}) {
            if (f != null) {
                files.add(f);
            }
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String f : files) {
                digest.update(PemFiles.read(Path.of(f)));
                digest.update((byte) 0);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
