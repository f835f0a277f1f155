package org.labbridge.transport;

import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import jdk.net.ExtendedSocketOptions;

import java.util.Map;

/**
 * The I/O transport of the process: native epoll where Netty's native library loads (Linux), NIO
 * everywhere else. Each constant knows its {@link IoHandlerFactory} and its channel classes, so the rest
 * of the code never names a transport.
 */
public enum TransportType {
    /** Linux epoll through Netty's native transport. */
    EPOLL {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends DatagramChannel> datagramChannel() {
            return EpollDatagramChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> socketChannel() {
            return EpollSocketChannel.class;
        }

        @Override
        public Class<? extends ServerSocketChannel> serverSocketChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public Map<ChannelOption<?>, Object> keepaliveOptions(TcpKeepalive k) {
            return Map.of(ChannelOption.SO_KEEPALIVE, true, EpollChannelOption.TCP_KEEPIDLE, k.idleSeconds(),
                    EpollChannelOption.TCP_KEEPINTVL, k.intervalSeconds(), EpollChannelOption.TCP_KEEPCNT, k.count());
        }
    },
    /** Java NIO: works on every platform. */
    NIO {
        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends DatagramChannel> datagramChannel() {
            return NioDatagramChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> socketChannel() {
            return NioSocketChannel.class;
        }

        @Override
        public Class<? extends ServerSocketChannel> serverSocketChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        public Map<ChannelOption<?>, Object> keepaliveOptions(TcpKeepalive k) {
            // The JDK's extended options (Linux, macOS); where unsupported, Netty logs and ignores them.
            return Map.of(ChannelOption.SO_KEEPALIVE, true,
                    NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), k.idleSeconds(),
                    NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), k.intervalSeconds(),
                    NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), k.count());
        }
    };

    /** The factory for this transport's event-loop I/O handlers. */
    public abstract IoHandlerFactory ioHandlerFactory();

    /** The UDP channel class. */
    public abstract Class<? extends DatagramChannel> datagramChannel();

    /** The TCP client channel class. */
    public abstract Class<? extends SocketChannel> socketChannel();

    /** The TCP server channel class. */
    public abstract Class<? extends ServerSocketChannel> serverSocketChannel();

    /**
     * A new UDP channel of {@code family}: an IPv4 socket for an IPv4 bind address, so that {@code 0.0.0.0}
     * never listens on IPv6 (a default channel is an IPv6 dual-stack socket where the OS has IPv6).
     */
    public DatagramChannel newDatagramChannel(SocketProtocolFamily family) {
        return this == EPOLL ? new EpollDatagramChannel(family) : new NioDatagramChannel(family);
    }

    /** A new TCP server channel of {@code family} (see {@link #newDatagramChannel}). */
    public ServerSocketChannel newServerSocketChannel(SocketProtocolFamily family) {
        return this == EPOLL ? new EpollServerSocketChannel(family)
                : new NioServerSocketChannel(java.nio.channels.spi.SelectorProvider.provider(), family);
    }

    /** The channel options that turn TCP keepalive on with these timings, for a TCP connection. */
    public abstract Map<ChannelOption<?>, Object> keepaliveOptions(TcpKeepalive keepalive);

    /**
     * The best transport here: epoll when preferred and available, otherwise NIO.
     *
     * @param preferNative false forces NIO (useful to rule the native transport out when diagnosing)
     */
    public static TransportType choose(boolean preferNative) {
        return preferNative && Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not used, for the log line that reports the choice; {@code null} when it is usable. */
    public static String nativeUnavailabilityCause() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : cause.toString();
    }
}
