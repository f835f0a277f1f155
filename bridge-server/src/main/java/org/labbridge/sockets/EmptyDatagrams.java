package org.labbridge.sockets;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends zero-length datagrams, which Netty's datagram channels silently skip. Python answers e.g.
 * {@code codenames_raw} on a socket without codenames with an empty datagram, and its clients block in
 * {@code recv} until one arrives, so we must send it too: straight through the channel's own socket (same
 * source port), on the event loop, after flushing what is queued so the order holds.
 */
final class EmptyDatagrams {

    private static final Logger log = LoggerFactory.getLogger(EmptyDatagrams.class);
    private static final ByteBuffer EMPTY_DIRECT = ByteBuffer.allocateDirect(0);
    /** The JDK channel under each NIO channel we created (NioDatagramChannel does not expose it). */
    private static final Map<Channel, java.nio.channels.DatagramChannel> NIO = new ConcurrentHashMap<>();

    private EmptyDatagrams() {
    }

    /** A NIO channel whose JDK channel we keep, so that we can send empty datagrams on it. */
    static NioDatagramChannel newNioChannel(io.netty.channel.socket.SocketProtocolFamily family) {
        try {
            java.nio.channels.DatagramChannel jdk = java.nio.channels.DatagramChannel.open(family.toJdkFamily());
            NioDatagramChannel ch = new NioDatagramChannel(jdk);
            NIO.put(ch, jdk);
            ch.closeFuture().addListener(f -> NIO.remove(ch));
            return ch;
        } catch (IOException e) {
            throw new io.netty.channel.ChannelException("cannot open a datagram channel", e);
        }
    }

    /** Sends an empty datagram to {@code recipient}; safe from any thread. */
    static void send(Channel channel, InetSocketAddress recipient) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> send(channel, recipient));
            return;
        }
        channel.flush();
        try {
            if (channel instanceof EpollDatagramChannel epoll) {
                ((Socket) epoll.fd()).sendTo(EMPTY_DIRECT, 0, 0, recipient.getAddress(), recipient.getPort());
                return;
            }
            java.nio.channels.DatagramChannel jdk = NIO.get(channel);
            if (jdk != null) {
                jdk.send(ByteBuffer.allocate(0), recipient);
                return;
            }
        } catch (IOException e) {
            log.debug("cannot send an empty datagram to {}: {}", recipient, e.toString());
            return;
        }
        // Any other channel (EmbeddedChannel in tests) gets the empty packet through the pipeline.
        channel.writeAndFlush(new DatagramPacket(channel.alloc().buffer(0), recipient), channel.voidPromise());
    }
}
