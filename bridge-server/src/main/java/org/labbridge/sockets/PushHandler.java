package org.labbridge.sockets;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import org.labbridge.codec.pyexplabsys.PushReplies;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A push socket's channel handler, one per run, on the event loop. A request that fits
 * {@link UdpRequestHandler#REQUEST_BYTES_KEPT} is answered from the kept copy of its bytes (a flat
 * {@code json_wn#} needs no String then), and an immediate {@code ACK#} is built in one kept builder and
 * encoded straight into its datagram: the per-push garbage a pull does not have.
 */
final class PushHandler extends UdpRequestHandler {

    /** An ACK builder grown beyond this is dropped after its reply: one huge ACK does not pin it. */
    private static final int ACK_TEXT_KEPT = 4096;

    private final DataPushSocket socket;
    private volatile Channel channel;
    /** The text of the ACK being written (event loop only). */
    private StringBuilder ackText = new StringBuilder(64);

    PushHandler(DataPushSocket socket) {
        super(socket, false);
        this.socket = socket;
    }

    /** The channel, for replies sent later (callbacks, gated ACKs); null before the handler is added. */
    Channel channel() {
        return channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    byte[] handle(String request, InetSocketAddress sender) {
        return socket.reply(request, sender, this);
    }

    @Override
    byte[] handle(byte[] bytes, int length, InetSocketAddress sender) {
        return socket.reply(bytes, length, sender, this);
    }

    @Override
    SocketMetrics<?> metrics() {
        return socket.metrics();
    }

    /** Writes the {@code ACK#} of {@code data} to {@code sender} (on the event loop, from {@link #handle}). */
    void writeAck(Map<String, Object> data, InetSocketAddress sender) {
        StringBuilder text = ackText;
        text.setLength(0);
        PushReplies.appendAck(text, data);
        write(channel, sender, text);
        if (text.length() > ACK_TEXT_KEPT) {
            ackText = new StringBuilder(64);
        }
    }

    @Override
    byte[] invalidUtf8Reply() {
        return DataPushSocket.utf8(PushReplies.error("The request is not valid UTF-8"));
    }
}
