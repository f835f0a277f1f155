import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;

import java.nio.charset.StandardCharsets;

/**
 * The floor of bench/udp-bench.sh: what Netty's epoll datagram transport itself costs on this machine. A
 * server that does no work at all (it answers every datagram with a fixed 90-byte JSON reply, the size of
 * the daemon's json_wn reply) on one event loop, batched like labbridge's sockets: recvmmsg into 16 slots,
 * replies flushed once per read batch (sendmmsg), 4 MiB receive buffer, no leak detection. The ratio of
 * labbridge to this floor is what labbridge's own code costs; the ratio of this floor to udp_srv is what
 * Netty costs. Run as a single-file program on the distribution's jars:
 *
 * <pre>java -cp 'bridge-server/target/labbridge/lib/*' bench/NettyUdpFloor.java PORT</pre>
 */
public final class NettyUdpFloor {

    private NettyUdpFloor() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        byte[] reply = ("{\"temperature\": [1414154338.172345, 21.5], \"pressure\": [1414154338.172345, 1.013e-07]}")
                .getBytes(StandardCharsets.UTF_8);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        new Bootstrap().group(group)
                .channel(EpollDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(16 * 2048).maxMessagesPerRead(64))
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 2048)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket request) {
                        ByteBuf out = ctx.alloc().ioBuffer(reply.length).writeBytes(reply);
                        ctx.write(new DatagramPacket(out, request.sender()), ctx.voidPromise());
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        ctx.flush();
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
