package org.labbridge.client.bridge;

import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.labbridge.transport.TcpKeepalive;
import org.labbridge.transport.Transport;
import org.labbridge.transport.TransportType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's connection carries the keepalive timing on the socket, not just SO_KEEPALIVE. */
@Timeout(30)
class BridgeClientKeepaliveTest {

    @Test
    void epollConnectionHasTheKeepaliveTiming() throws Exception {
        assertEquals(TransportType.EPOLL, TransportType.choose(true), "this test needs the epoll transport (Linux)");
        try (Transport transport = Transport.create("keepalive", 1, true);
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BridgeClient client = BridgeClient.builder("127.0.0.1", server.getLocalPort()).transport(transport)
                     .tcpKeepalive(new TcpKeepalive(Duration.ofSeconds(30), Duration.ofSeconds(5), 3)).build()) {
            client.start();
            try (Socket accepted = server.accept()) {
                assertTrue(client.awaitConnected(Duration.ofSeconds(5)));
                EpollSocketChannel ch = assertInstanceOf(EpollSocketChannel.class, client.channel());
                assertTrue(ch.config().isKeepAlive());
                assertEquals(30, ch.config().getTcpKeepIdle());
                assertEquals(5, ch.config().getTcpKeepIntvl());
                assertEquals(3, ch.config().getTcpKeepCnt());
            }
        }
    }

    @Test
    void theDefaultNoticesADeadPeerInMinutes() {
        TcpKeepalive d = TcpKeepalive.DEFAULT;
        assertEquals(60, d.idleSeconds());
        assertEquals(10, d.intervalSeconds());
        assertEquals(6, d.count());
    }
}
