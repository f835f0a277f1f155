package org.labbridge.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import org.labbridge.access.BindAddress;
import org.labbridge.access.DeniedConnectionFilter;
import org.labbridge.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on Netty's HTTP codec for the daemon's operational endpoints. Requests are
 * bounded (line, headers, no body beyond {@value #MAX_BODY} bytes), connections are capped at
 * {@value #MAX_CONNECTIONS} and closed after {@link #IDLE} without traffic, and the endpoints run on a
 * worker thread of their own, so a scrape never delays a UDP reply on the I/O event loops.
 *
 * <p>Pipeline: {@code limit -> idle -> codec -> aggregator -> [worker] router}.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** Concurrent connections served; more are closed at accept. */
    static final int MAX_CONNECTIONS = 64;
    /** Largest request body accepted (the endpoints take none); larger gets 413. */
    static final int MAX_BODY = 1024;
    /** An idle keep-alive connection is closed after this long. */
    static final Duration IDLE = Duration.ofSeconds(30);

    private final Transport transport;
    private final String bind;
    private final int port;
    private final Map<String, HttpEndpoint> endpoints;
    private final AtomicInteger connections = new AtomicInteger();
    private EventExecutorGroup worker;
    private Channel serverChannel;

    private final DeniedConnectionFilter allowFilter;

    private HttpServer(Transport transport, String bind, int port, Map<String, HttpEndpoint> endpoints,
                       DeniedConnectionFilter allowFilter) {
        this.transport = transport;
        this.bind = bind;
        this.port = port;
        this.endpoints = Map.copyOf(endpoints);
        this.allowFilter = allowFilter;
    }

    /** A server for these endpoints (path to endpoint), not started, open to every source that reaches it. */
    public static HttpServer create(Transport transport, String bind, int port, Map<String, HttpEndpoint> endpoints) {
        return create(transport, bind, port, endpoints, null);
    }

    /** The same, serving only the sources {@code allowFilter} allows ({@code null}: all). */
    public static HttpServer create(Transport transport, String bind, int port, Map<String, HttpEndpoint> endpoints,
                                    DeniedConnectionFilter allowFilter) {
        return new HttpServer(transport, bind, port, new LinkedHashMap<>(endpoints), allowFilter);
    }

    /** Binds; throws when the address cannot be bound (the daemon then does not start). */
    public synchronized void start() {
        worker = new DefaultEventExecutorGroup(1, new DefaultThreadFactory("labbridge-http", true));
        InetSocketAddress address = BindAddress.of(bind, port);
        ServerBootstrap sb = new ServerBootstrap()
                .group(transport.group())
                // a channel of the bind address's family: 0.0.0.0 must not listen on IPv6 too
                .channelFactory(() -> transport.type().newServerSocketChannel(BindAddress.family(address)))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (allowFilter != null && !allowFilter.install(ch)) {
                            return; // a stranger: the filter closes it, nothing else is set up
                        }
                        ch.pipeline()
                                .addLast("limit", new ConnectionLimit())
                                .addLast("idle", new IdleStateHandler(0, 0, IDLE.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("codec", new HttpServerCodec(4096, 8192, 8192))
                                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY))
                                .addLast(worker, "router", new HttpRequestHandler(endpoints));
                    }
                });
        ChannelFuture f = sb.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            worker.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("http: cannot bind tcp " + bind + ":" + port + ": " + f.cause().getMessage(),
                    f.cause());
        }
        serverChannel = f.channel();
        log.info("http endpoint on http://{}:{} ({})", bind, localAddress().getPort(), String.join(", ", endpoints.keySet()));
    }

    /** The bound address (its port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
        if (worker != null) {
            worker.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            worker = null;
        }
    }

    /** Closes a connection beyond {@link #MAX_CONNECTIONS} as soon as it is registered. */
    private final class ConnectionLimit extends ChannelInboundHandlerAdapter {
        private boolean counted;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                connections.decrementAndGet();
                log.debug("http: connection from {} refused: {} open", ctx.channel().remoteAddress(), MAX_CONNECTIONS);
                ctx.close();
                return;
            }
            counted = true;
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (counted) {
                connections.decrementAndGet();
                counted = false;
            }
            super.channelInactive(ctx);
        }
    }
}
