package org.labbridge.sockets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.labbridge.access.SourceAllowlist;
import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.labbridge.codec.text.Utf8;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One datagram in, at most one datagram out: checks the source against the allowlist (a denied one gets no
 * reply at all: no reflection), size and UTF-8 (in a kept copy of the request), lets the subclass answer,
 * writes the reply to the sender and flushes once per read batch (so that epoll can send a batch with sendmmsg).
 * Backpressure: when the channel stops being writable, reading pauses until it drains, so replies are
 * delayed in the kernel's receive buffer instead of piling up in memory. Every line a peer can trigger
 * goes through the socket's rate-limited {@link SocketLog}.
 */
abstract class UdpRequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    /**
     * Requests up to this size are copied into one kept array and checked there (larger ones, rare, in their
     * buffer): checking UTF-8 in the datagram's buffer went through its slice's virtual {@code getByte} for
     * every byte, a few ns each, and a push is then read from the same copy.
     */
    static final int REQUEST_BYTES_KEPT = 2048;

    private final int maxDatagramSize;
    /** The bytes of the request being answered (event loop only). */
    private final byte[] requestBytes = new byte[REQUEST_BYTES_KEPT];
    private final SourceAllowlist allowlist;
    private final SocketLog peerLog;
    /** Where text replies are encoded (event loop only). */
    private final TextSlices textSlices = new TextSlices();
    /** Direct buffers of repeated replies (event loop only), or null when replies never repeat. */
    private final ReplyBuffers repeated;

    /**
     * @param repliesRepeat whether the same reply array is answered again and again (a pull socket's cached
     *                      whole replies): then each is copied into a direct buffer once, not per datagram
     */
    UdpRequestHandler(UdpSocketServer socket, boolean repliesRepeat) {
        this.maxDatagramSize = socket.maxDatagramSize;
        this.allowlist = socket.allowlist;
        this.peerLog = socket.peerLog;
        this.repeated = repliesRepeat ? new ReplyBuffers() : null;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int size = content.readableBytes();
        InetSocketAddress sender = packet.sender();
        if (!allowlist.allows(sender)) {
            metrics().denied();
            peerLog.denied(sender);
            return;
        }
        if (size > maxDatagramSize) {
            metrics().error(ErrorReason.OVERSIZE);
            peerLog.oversizeRequest(sender, maxDatagramSize);
            write(ctx.channel(), sender, oversizeReply(maxDatagramSize));
            return;
        }
        byte[] reply = size <= REQUEST_BYTES_KEPT ? handleCopy(content, size, sender) : handleLarge(content, sender);
        if (reply != null) {
            write(ctx.channel(), sender, reply);
        }
    }

    /** A request of up to {@link #REQUEST_BYTES_KEPT} bytes: copied into the kept array, checked, answered there. */
    private byte[] handleCopy(ByteBuf content, int size, InetSocketAddress sender) {
        byte[] bytes = requestBytes;
        content.getBytes(content.readerIndex(), bytes, 0, size);
        if (!Utf8.isWellFormed(bytes, 0, size)) {
            return invalidUtf8(sender);
        }
        return handle(bytes, size, sender);
    }

    /** A larger request (rare): checked in its buffer and decoded. */
    private byte[] handleLarge(ByteBuf content, InetSocketAddress sender) {
        if (!ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            return invalidUtf8(sender);
        }
        return handle(content.toString(StandardCharsets.UTF_8), sender);
    }

    private byte[] invalidUtf8(InetSocketAddress sender) {
        metrics().error(ErrorReason.INVALID_UTF8);
        peerLog.badRequest(ErrorReason.INVALID_UTF8, sender);
        return invalidUtf8Reply();
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
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (repeated != null) {
            repeated.release(); // the channel is closing: on its event loop, after its last write
        }
        textSlices.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket serves many peers: one failure never closes it.
        peerLog.handlerFailed(cause);
    }

    /**
     * Answers one request of well-formed UTF-8 in {@code bytes[0, length)} (valid until this returns):
     * decoded, by default (a subclass may read it from the bytes).
     */
    byte[] handle(byte[] bytes, int length, InetSocketAddress sender) {
        return handle(new String(bytes, 0, length, StandardCharsets.UTF_8), sender);
    }

    /**
     * Answers one decoded request.
     *
     * @return the reply bytes, or {@code null} when the reply is sent later (see {@link #write})
     */
    abstract byte[] handle(String request, InetSocketAddress sender);

    /** The socket's meters. */
    abstract SocketMetrics<?> metrics();

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
            metrics().error(ErrorReason.REPLY_OVERSIZE);
            peerLog.oversizeReply(recipient, reply.length);
            reply = ("ERROR#The reply of " + reply.length + " bytes exceeds the UDP maximum of "
                    + PyExpLabSys.MAX_UDP_PAYLOAD + " bytes").getBytes(StandardCharsets.UTF_8);
        }
        metrics().reply();
        if (reply.length == 0) {
            EmptyDatagrams.send(channel, recipient); // Netty would skip it
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            send(channel, recipient, repeated != null ? repeated.buffer(channel.alloc(), reply)
                    : channel.alloc().ioBuffer(reply.length).writeBytes(reply));
        } else {
            ByteBuf buf = channel.alloc().ioBuffer(reply.length).writeBytes(reply);
            channel.writeAndFlush(new DatagramPacket(buf, recipient), channel.voidPromise());
        }
    }

    /**
     * {@link #write(Channel, InetSocketAddress, byte[])} of a text reply built on the event loop (a push's
     * {@code ACK#}), encoded as UTF-8 straight into the datagram's buffer: no String or byte[] per reply.
     * The text may be reused once this returns. The rare replies (empty, too long, off the event loop) take
     * the byte[] path, so they are answered exactly as before.
     */
    final void write(Channel channel, InetSocketAddress recipient, CharSequence reply) {
        int length = ByteBufUtil.utf8Bytes(reply);
        if (length == 0 || length > PyExpLabSys.MAX_UDP_PAYLOAD || !channel.eventLoop().inEventLoop()) {
            write(channel, recipient, reply.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        metrics().reply();
        send(channel, recipient, textSlices.buffer(channel.alloc(), reply, length));
    }

    /** Queues one datagram on the event loop; when the channel stops being writable, reading pauses. */
    private static void send(Channel channel, InetSocketAddress recipient, ByteBuf buf) {
        channel.write(new DatagramPacket(buf, recipient), channel.voidPromise());
        if (!channel.isWritable()) {
            channel.config().setAutoRead(false);
            channel.flush();
        }
    }
}
