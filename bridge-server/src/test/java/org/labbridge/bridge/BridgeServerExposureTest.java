package org.labbridge.bridge;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labbridge.access.ProcNet;
import org.labbridge.access.SourceAllowlist;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.transport.Transport;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a bridge server exposes: allowlists at accept (the stranger is 127.0.0.2, which Linux routes to the
 * loopback interface), the address family of its listener, and the log volume a reconnecting peer causes.
 */
@org.junit.jupiter.api.Timeout(60)
class BridgeServerExposureTest {

    private static final InetAddress STRANGER = address("127.0.0.2");

    private Transport transport;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private LoopbackFixture fixture;
    private final ConcurrentLinkedQueue<BridgeMessage> sunk = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setUp() {
        fixture = new LoopbackFixture();
        transport = fixture.transport();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private BridgeServer server(BridgeServer.Builder b) {
        BridgeServer s = b.transport(transport).port(0).meterRegistry(registry).sink(sunk::add).build().start();
        fixture.track(s);
        return s;
    }

    private double count(String name) {
        var c = registry.find(name).tags("role", "server").counter();
        return c == null ? -1 : c.count();
    }

    private static Socket connect(InetAddress from, BridgeServer s) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.setSoTimeout(5000);
        socket.connect(new InetSocketAddress("127.0.0.1", s.localAddress().getPort()));
        return socket;
    }

    @Test
    void aStrangerIsClosedAtAcceptAndCountedWhileAnAllowedClientIsServed() throws Exception {
        BridgeServer s = server(BridgeServer.builder().name("guarded").host("127.0.0.1")
                .allow(SourceAllowlist.parse("127.0.0.1", "10.0.0.0/8")));
        try (Socket stranger = connect(STRANGER, s); Socket friend = connect(InetAddress.getLoopbackAddress(), s)) {
            stranger.getOutputStream().write("{\"from\": \"stranger\"}\u0017".getBytes(StandardCharsets.UTF_8));
            assertClosed(stranger);
            friend.getOutputStream().write("{\"from\": \"friend\"}\u0017".getBytes(StandardCharsets.UTF_8));
            Await.until(() -> sunk.size() == 1, () -> "the friend's message");
            Await.until(() -> count("labbridge.bridge.connections.denied") == 1.0, () -> "one denied connection");
            assertTrue(sunk.peek().text().contains("friend"), sunk.peek().text());
            assertEquals(1, s.connectionCount());
            // a refused stranger never became a connection: no opened/closed pair for it
            assertEquals(1.0, count("labbridge.bridge.connections.opened"));
            assertEquals(0.0, count("labbridge.bridge.connections.closed"));
        }
        var denied = registry.find("labbridge.bridge.connections.denied").tag("reason", "not_allowed").counter();
        assertEquals(1.0, denied.count());
    }

    @Test
    void withoutAnAllowlistEverySourceIsServed() throws Exception {
        BridgeServer s = server(BridgeServer.builder().name("open"));
        try (Socket stranger = connect(STRANGER, s)) {
            stranger.getOutputStream().write("{\"a\": 1}\u0017".getBytes(StandardCharsets.UTF_8));
            Await.until(() -> sunk.size() == 1, () -> "the message");
        }
        assertEquals(0.0, count("labbridge.bridge.connections.denied"));
    }

    @Test
    void zeroZeroZeroZeroListensOnIpv4Only() throws Exception {
        BridgeServer s = server(BridgeServer.builder().name("v4").host("0.0.0.0"));
        assertInstanceOf(java.net.Inet4Address.class, s.localAddress().getAddress());
        assertFalse(ProcNet.lists("tcp6", s.localAddress().getPort()), "0.0.0.0 must not listen on IPv6");
        assertTrue(ProcNet.lists("tcp", s.localAddress().getPort()));
    }

    @Test
    void colonColonListensOnIpv6() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/net/if_inet6")), "no IPv6 on this host");
        BridgeServer s = server(BridgeServer.builder().name("v6").host("::"));
        assertTrue(ProcNet.lists("tcp6", s.localAddress().getPort()));
    }

    @Test
    void aReconnectingPeerWritesAFewLinesNotTwoPerConnection() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(BridgeServer.class);
        lines.start();
        logger.addAppender(lines);
        try {
            BridgeServer s = server(BridgeServer.builder().name("churn").maxConnections(1));
            int connections = 200;
            for (int i = 0; i < connections; i++) {
                try (Socket c = connect(InetAddress.getLoopbackAddress(), s)) {
                    c.getOutputStream().write("{\"i\": 1}\u0017".getBytes(StandardCharsets.UTF_8));
                }
                int done = i + 1;
                Await.until(() -> count("labbridge.bridge.connections.closed") == done, () -> "closed " + done);
            }
            assertEquals(connections, sunk.size());
            List<String> peerLines;
            synchronized (lines) {
                peerLines = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                        .filter(m -> m.contains("connected") || m.contains("refusing")).toList();
            }
            // one connected and one disconnected line in this minute, instead of 400
            assertEquals(2, peerLines.size(), String.join("\n", peerLines));
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void badFramesOnManyConnectionsWriteAtMostOneLinePerReason() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(org.labbridge.codec.frame.DelimitedFrameDecoder.class);
        ch.qos.logback.classic.Level level = logger.getLevel();
        // DEBUG shows every drop, so the test sees that all of them went through the limiter (whose window
        // is shared by the whole JVM: an earlier test may already have had this minute's WARN line)
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        lines.start();
        logger.addAppender(lines);
        try {
            BridgeServer s = server(BridgeServer.builder().name("garbage"));
            int connections = 30;
            for (int i = 0; i < connections; i++) {
                try (Socket c = connect(InetAddress.getLoopbackAddress(), s)) {
                    StringBuilder frames = new StringBuilder();
                    for (int j = 0; j < 20; j++) {
                        frames.append("{not json\u0017").append("[1, 2\u0017");
                    }
                    frames.append("{\"ok\": ").append(i).append("}\u0017");
                    c.getOutputStream().write(frames.toString().getBytes(StandardCharsets.UTF_8));
                    int done = i + 1;
                    Await.until(() -> sunk.size() == done, () -> "the valid message of connection " + done);
                }
            }
            List<String> warnings;
            long drops;
            synchronized (lines) {
                warnings = lines.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                        .map(ILoggingEvent::getFormattedMessage).toList();
                drops = lines.list.stream().filter(e -> e.getFormattedMessage().contains("dropped a message")).count();
            }
            // 1,200 bad frames on 30 connections: every one seen, at most one WARN line per reason (bad_json)
            // in this minute, not one per frame nor one per connection
            assertEquals(connections * 40, drops);
            assertTrue(warnings.size() <= 1, String.join("\n", warnings));
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
    }

    /** The peer closed {@code socket}: EOF, or a reset when it closed with our bytes unread. */
    static void assertClosed(Socket socket) throws Exception {
        if (socket.getSoTimeout() == 0) {
            socket.setSoTimeout(10_000); // a connection left open fails the test instead of hanging the suite
        }
        try {
            assertEquals(-1, socket.getInputStream().read(), "the connection is closed");
        } catch (java.net.SocketException reset) {
            assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
        }
    }
}
