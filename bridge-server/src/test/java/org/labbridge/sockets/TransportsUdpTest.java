package org.labbridge.sockets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labbridge.transport.Transport;
import org.labbridge.transport.TransportType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same wire behaviour on both transports, including the empty replies Netty would skip. */
class TransportsUdpTest {

    private static Transport nio;
    private static Transport epoll;

    @BeforeAll
    static void transports() {
        nio = Transport.create("test-nio", 1, false);
        epoll = Transport.create("test-native", 1, true);
    }

    @AfterAll
    static void close() {
        nio.close();
        epoll.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void emptyRepliesAreSentAsEmptyDatagrams(boolean nativeTransport) {
        Transport t = nativeTransport ? epoll : nio;
        SocketRegistry registry = new SocketRegistry(new SystemStatus());
        try (DataPullSocket s = DataPullSocket.builder("", List.of()).port(0).transport(t)
                .meterRegistry(new SimpleMeterRegistry()).registry(registry).build();
             DataPushSocket push = DataPushSocket.builder("p").port(0).transport(t)
                     .meterRegistry(new SimpleMeterRegistry()).registry(registry).build()) {
            s.start();
            push.start();
            if (nativeTransport) {
                assertEquals(TransportType.choose(true), t.type());
            } else {
                assertEquals(TransportType.NIO, t.type());
            }
            // a read batch of large pull replies fits before reading pauses (Netty's default is one 64 KiB reply)
            assertEquals(UdpSocketServer.REPLY_WATER_MARK.high(), s.channel().config().getWriteBufferHighWaterMark());
            assertEquals(UdpSocketServer.REPLY_WATER_MARK.low(), push.channel().config().getWriteBufferLowWaterMark());
            try (Udp udp = new Udp(s.port()); Udp pushUdp = new Udp(push.port())) {
                assertArrayEquals(new byte[0], udp.ask("codenames_raw".getBytes()));
                assertArrayEquals(new byte[0], udp.ask("raw".getBytes()));
                assertArrayEquals(new byte[0], udp.ask("name".getBytes()));
                assertEquals("[]", udp.ask("codenames_json"));
                assertEquals("UNKNOWN_COMMMAND", udp.ask("x"));
                assertEquals("ACK#{'t': 21.5}", pushUdp.ask("json_wn#{\"t\": 21.5}"));
                assertEquals("RET#p", pushUdp.ask("name"));
            }
        }
    }
}
