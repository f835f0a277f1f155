package org.labbridge.sockets;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labbridge.access.ProcNet;
import org.labbridge.access.SourceAllowlist;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Source allowlists and bind families over real UDP. The stranger is 127.0.0.2: on Linux every 127/8
 * address is on the loopback interface, so a client can send from it without any setup.
 */
class SourceAllowlistUdpTest {

    private static final InetAddress STRANGER = address("127.0.0.2");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SocketRegistry registry = new SocketRegistry(new SystemStatus());
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private <S extends UdpSocketServer> S started(S socket) {
        toClose.add(socket);
        socket.start();
        return socket;
    }

    private Udp client(InetAddress source, int port) {
        Udp udp = new Udp(source, port);
        toClose.add(udp);
        return udp;
    }

    private double denied() {
        var counter = meters.find(UdpSocketMeters.DENIED.meterName()).counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void aDatagramFromOutsideTheAllowlistGetsNoReplyAndIsCounted() {
        DateDataPullSocket pull = started(DateDataPullSocket.builder("guarded", List.of("t")).port(0)
                .bindAddress("127.0.0.1").allow(SourceAllowlist.parse("127.0.0.1/32"))
                .meterRegistry(meters).registry(registry).build());
        pull.setPointNow("t", 21.5);
        Udp stranger = client(STRANGER, pull.port());
        Udp friend = client(InetAddress.getLoopbackAddress(), pull.port());

        stranger.send("json_wn".getBytes(StandardCharsets.US_ASCII));
        stranger.send("raw_wn".getBytes(StandardCharsets.US_ASCII));
        // The friend's request is read after the stranger's (one socket, one queue): once it is answered,
        // the stranger's requests have been handled too.
        assertTrue(friend.ask("json_wn").contains("\"t\": ["));
        assertEquals(2.0, denied(), 0);
        assertTrue(stranger.silentFor(200), "a denied source got a reply");
        assertEquals(1.0, meters.get(UdpSocketMeters.REPLIES.meterName()).counter().count(), 0);
    }

    @Test
    void allowedSourcesAreServedWhateverTheirRule() {
        DataPushSocket push = started(DataPushSocket.builder("inbox").port(0)
                .allow(SourceAllowlist.parse("10.0.0.0/8", "127.0.0.2", "::1"))
                .meterRegistry(meters).registry(registry).build());
        assertEquals("ACK#{'t': 1}", client(STRANGER, push.port()).ask("json_wn#{\"t\": 1}"));
        Udp loopback = client(InetAddress.getLoopbackAddress(), push.port());
        loopback.send("json_wn#{\"t\": 2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("ACK#{'t': 3}", client(STRANGER, push.port()).ask("json_wn#{\"t\": 3}"));
        assertEquals(1.0, denied(), 0);
        assertTrue(loopback.silentFor(200));
        assertEquals(3, ((Number) push.last().data().get("t")).intValue()); // 2 never stored
    }

    @Test
    void deniedDatagramsAreLoggedRateLimited() {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(DataPushSocket.class);
        lines.start();
        logger.addAppender(lines);
        try {
            DataPushSocket push = started(DataPushSocket.builder("quiet").port(0)
                    .allow(SourceAllowlist.parse("127.0.0.1")).meterRegistry(meters).registry(registry).build());
            Udp stranger = client(STRANGER, push.port());
            Udp friend = client(InetAddress.getLoopbackAddress(), push.port());
            for (int batch = 0; batch < 6; batch++) { // in batches the kernel's receive buffer holds
                for (int i = 0; i < 50; i++) {
                    stranger.send("json_wn#{\"t\": 1}".getBytes(StandardCharsets.UTF_8));
                }
                assertEquals("RET#quiet", friend.ask("name"));
            }
            assertEquals(300.0, denied(), 0);
            List<String> denials = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("not in allow")).toList();
            assertEquals(1, denials.size(), String.join("\n", denials));
            assertTrue(denials.get(0).contains("/127.0.0.2:"), denials.get(0));
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void zeroZeroZeroZeroBindsIpv4Only() throws Exception {
        DataPushSocket push = started(DataPushSocket.builder("v4").port(0).bindAddress("0.0.0.0")
                .meterRegistry(meters).registry(registry).build());
        assertInstanceOf(Inet4Address.class, push.localAddress().getAddress());
        assertFalse(ProcNet.lists("udp6", push.port()), "0.0.0.0 must not listen on IPv6");
        assertTrue(ProcNet.lists("udp", push.port()));
        assertEquals("RET#v4", client(InetAddress.getLoopbackAddress(), push.port()).ask("name"));
    }

    @Test
    void anEmptyBindIsEveryIpv4InterfaceAsInPyExpLabSys() throws Exception {
        DataPushSocket push = started(DataPushSocket.builder("v4").port(0).bindAddress("")
                .meterRegistry(meters).registry(registry).build());
        assertTrue(push.localAddress().getAddress().isAnyLocalAddress());
        assertInstanceOf(Inet4Address.class, push.localAddress().getAddress());
        assertFalse(ProcNet.lists("udp6", push.port()));
    }

    @Test
    void colonColonBindsIpv6AndMappedSourcesMatchIpv4Rules() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/net/if_inet6")), "no IPv6 on this host");
        DataPushSocket push = started(DataPushSocket.builder("v6").port(0).bindAddress("::")
                .allow(SourceAllowlist.parse("127.0.0.1"))
                .meterRegistry(meters).registry(registry).build());
        assertInstanceOf(Inet6Address.class, push.localAddress().getAddress());
        assertTrue(ProcNet.lists("udp6", push.port()));
        // IPv4 traffic reaches the dual-stack socket as ::ffff:127.0.0.x and meets the IPv4 rule
        assertEquals("RET#v6", client(InetAddress.getLoopbackAddress(), push.port()).ask("name"));
        Udp stranger = client(STRANGER, push.port());
        stranger.send("name".getBytes(StandardCharsets.US_ASCII));
        assertEquals("RET#v6", client(InetAddress.getLoopbackAddress(), push.port()).ask("name"));
        assertEquals(1.0, denied(), 0);
        assertTrue(stranger.silentFor(200));
    }
}
