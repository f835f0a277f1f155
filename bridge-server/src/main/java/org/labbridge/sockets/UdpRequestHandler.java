package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One datagram in, at most one datagram out: checks size and UTF-8, lets the subclass answer, writes the
 * reply to the sender and flushes once per read batch (so that epoll can send a batch with sendmmsg).
 * Backpressure: when the channel stops being writable, reading pauses until it drains, so replies are
 * delayed in the kernel's receive buffer instead of piling up in memory.
 */
abstract class UdpRequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(UdpRequestHandler.class);

    private final String socketName;
    private final int maxDatagramSize;

    UdpRequestHandler(String socketName, int maxDatagramSize) {
        this.socketName = socketName;
        this.maxDatagramSize = maxDatagramSize;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int size = content.readableBytes();
        InetSocketAddress sender = packet.sender();
        if (size > maxDatagramSize) {
            errors().error(ErrorReason.OVERSIZE);
            log.warn("socket '{}': request from {} larger than the maximum of {} bytes; refused", socketName,
                    sender, maxDatagramSize);
            write(ctx.channel(), sender, oversizeReply(maxDatagramSize));
            return;
        }
        if (!ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            errors().error(ErrorReason.INVALID_UTF8);
            log.debug("socket '{}': request from {} is not valid UTF-8", socketName, sender);
            write(ctx.channel(), sender, invalidUtf8Reply());
            return;
        }
        byte[] reply = handle(content.toString(StandardCharsets.UTF_8), sender);
        if (reply != null) {
            write(ctx.channel(), sender, reply);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
            ctx.flush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket serves many peers: one failure never closes it.
        log.warn("socket '{}': {}", socketName, cause.toString(), cause);
    }

    /**
     * Answers one decoded request.
     *
     * @return the reply bytes, or {@code null} when the reply is sent later (see {@link #write})
     */
    abstract byte[] handle(String request, InetSocketAddress sender);

    /** The socket's meters. */
    abstract SocketMetrics<?> errors();

    /** Reply to a request that is not valid UTF-8. */
    abstract byte[] invalidUtf8Reply();

    /** Reply to a request larger than the maximum. */
    static byte[] oversizeReply(int max) {
        return ("ERROR#The request is larger than the maximum datagram size of " + max + " bytes")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes (without flushing, unless called off the event loop) one reply; a reply no datagram can carry is
     * replaced by a short error. Safe from any thread.
     */
    final void write(Channel channel, InetSocketAddress recipient, byte[] reply) {
        if (reply.length > PyExpLabSys.MAX_UDP_PAYLOAD) {
            errors().error(ErrorReason.REPLY_OVERSIZE);
            log.warn("socket '{}': a reply of {} bytes to {} exceeds the UDP maximum of {} bytes; sent an error "
                    + "instead", socketName, reply.length, recipient, PyExpLabSys.MAX_UDP_PAYLOAD);
            reply = ("ERROR#The reply of " + reply.length + " bytes exceeds the UDP maximum of "
                    + PyExpLabSys.MAX_UDP_PAYLOAD + " bytes").getBytes(StandardCharsets.UTF_8);
        }
        errors().reply();
        if (reply.length == 0) {
            EmptyDatagrams.send(channel, recipient); // Netty would skip it
            return;
        }
        ByteBuf buf = channel.alloc().ioBuffer(reply.length).writeBytes(reply);
        DatagramPacket out = new DatagramPacket(buf, recipient);
        if (channel.eventLoop().inEventLoop()) {
            channel.write(out, channel.voidPromise());
            if (!channel.isWritable()) {
                channel.config().setAutoRead(false);
                channel.flush();
            }
        } else {
            channel.writeAndFlush(out, channel.voidPromise());
        }
    }
}
