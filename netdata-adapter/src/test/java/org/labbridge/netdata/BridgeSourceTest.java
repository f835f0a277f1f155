package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BridgeSourceTest {
    private static PluginTransport transport;

    @BeforeAll
    static void startTransport() {
        transport = new PluginTransport();
    }

    @AfterAll
    static void closeTransport() {
        transport.close();
    }

    private static BridgeSource source(int port, Duration timeout) {
        return new BridgeSource(new HostPort("127.0.0.1", port), timeout, transport.get());
    }

    @Test
    void keepsTheLatestValueOfEveryCodenameAndSkipsBadMessages() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BridgeSource source = source(server.getLocalPort(), Duration.ofSeconds(1));
            try (Socket peer = server.accept()) {
                OutputStream out = peer.getOutputStream();
                send(out, "{\"a\": [1.0, 2.5], \"b\": 1}");
                send(out, "not json");
                out.write(new byte[BridgeSource.MAX_MESSAGE + 10]); // oversized: skipped up to the delimiter
                send(out, "");
                send(out, "[{\"id\": \"c\", \"value\": 7}, {\"b\": 2}, {\"name\": \"d\", \"value\": \"OLD_DATA\"}]");
                Map<String, Object> v = awaitValues(source, 4);
                assertEquals(List.of(1.0, 2.5), v.get("a"));
                assertEquals(2, ((Number) v.get("b")).intValue());
                assertEquals(7, ((Number) v.get("c")).intValue());
                assertEquals("OLD_DATA", v.get("d"));
                assertEquals(List.of("a", "b", "c", "d"), source.codenames());
            }
            // the bridge went away: gaps (an error), not stale values
            IOException down = awaitFailure(source);
            assertTrue(down.getMessage().contains("bridge 127.0.0.1:"), down.getMessage());
            // and it reconnects by itself
            try (Socket again = server.accept()) {
                send(again.getOutputStream(), "{\"a\": 3}");
                assertEquals(3, ((Number) awaitValue(source, "a", 3).get("a")).intValue());
            } finally {
                source.close();
            }
        }
    }

    @Test
    void reconnectsAfterTheServerRestarts() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = server.getLocalPort();
        BridgeSource source = source(port, Duration.ofSeconds(1));
        try {
            try (server; Socket peer = server.accept()) {
                send(peer.getOutputStream(), "{\"a\": 1}");
                awaitValue(source, "a", 1);
            }
            // server and connection gone: every poll fails (gaps), the reconnect attempts are refused
            IOException down = awaitFailure(source);
            assertTrue(down.getMessage().contains("reconnecting"), down.getMessage());
            assertThrows(IOException.class, source::poll);
            try (ServerSocket restarted = new ServerSocket()) {
                restarted.setReuseAddress(true);
                restarted.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                try (Socket peer = restarted.accept()) {
                    send(peer.getOutputStream(), "{\"a\": 2, \"b\": 5}");
                    assertEquals(2, ((Number) awaitValue(source, "a", 2).get("a")).intValue());
                    assertEquals(5, ((Number) source.poll().get("b")).intValue());
                }
            }
        } finally {
            source.close();
        }
    }

    /** A non-string id is named as Python's str() names it, however deep (without recursion). */
    @Test
    void nonStringIdsAreNamedAsPythonWouldNameThem() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             BridgeSource source = source(server.getLocalPort(), Duration.ofSeconds(1));
             Socket peer = server.accept()) {
            String deep = "[".repeat(988) + "]".repeat(988);
            send(peer.getOutputStream(), "[{\"id\": 1e-05, \"value\": 1}, {\"id\": true, \"value\": 2}, "
                    + "{\"id\": " + deep + ", \"value\": 3}]");
            Map<String, Object> v = awaitValues(source, 3);
            assertEquals(List.of("1e-05", "True", deep), source.codenames());
            assertEquals(3, ((Number) v.get(deep)).intValue());
        }
    }

    @Test
    void keepsAtMostMaxCodenames() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             BridgeSource source = source(server.getLocalPort(), Duration.ofSeconds(1));
             Socket peer = server.accept()) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < BridgeSource.MAX_CODENAMES + 5; i++) {
                json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
            }
            send(peer.getOutputStream(), json.append('}').toString());
            send(peer.getOutputStream(), "{\"k0\": -1, \"extra\": 1}");
            Map<String, Object> v = awaitValue(source, "k0", -1);
            assertEquals(BridgeSource.MAX_CODENAMES, v.size());
            assertFalse(v.containsKey("extra"));
            assertFalse(v.containsKey("k" + BridgeSource.MAX_CODENAMES));
        }
    }

    @Test
    void unreachableBridgeFailsPolls() {
        try (BridgeSource source = source(9, Duration.ofMillis(200))) {
            IOException e = assertThrows(IOException.class, source::poll);
            assertTrue(e.getMessage().startsWith("bridge 127.0.0.1:9: "), e.getMessage());
        }
    }

    @Test
    void onlyBridgeJobsStartTheSharedEventLoop() {
        try (PluginTransport own = new PluginTransport()) {
            JobConfig pull = new JobConfig("p", SourceKind.PULL, new HostPort("127.0.0.1", 9), 1,
                    Duration.ofMillis(100), Duration.ofSeconds(1), 1000, "", List.of());
            try (Source s = PluginMain.source(pull, own)) {
                assertInstanceOf(PullSource.class, s);
            }
            assertFalse(own.started());
            JobConfig bridge = new JobConfig("b", SourceKind.BRIDGE, new HostPort("127.0.0.1", 9), 1,
                    Duration.ofMillis(100), Duration.ofSeconds(1), 1000, "", List.of());
            try (Source a = PluginMain.source(bridge, own); Source b = PluginMain.source(bridge, own)) {
                assertInstanceOf(BridgeSource.class, a);
                assertTrue(own.started());
                int loops = 0;
                for (var ignored : own.get().group()) {
                    loops++;
                }
                assertEquals(PluginTransport.THREADS, loops);
            }
            own.close();
            assertThrows(IllegalStateException.class, own::get);
        }
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write(0x17);
        out.flush();
    }

    private static Map<String, Object> awaitValues(BridgeSource source, int n) throws InterruptedException {
        return await(source, v -> v.size() >= n);
    }

    private static Map<String, Object> awaitValue(BridgeSource source, String codename, long expected)
            throws InterruptedException {
        return await(source, v -> v.get(codename) instanceof Number x && x.longValue() == expected);
    }

    private static Map<String, Object> await(BridgeSource source,
                                             java.util.function.Predicate<Map<String, Object>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                Map<String, Object> v = source.poll();
                if (done.test(v)) {
                    return v;
                }
            } catch (IOException e) {
                // not connected yet
            }
            assertTrue(System.nanoTime() < deadline, "no values in time");
            TimeUnit.MILLISECONDS.sleep(10); // polling with a deadline
        }
    }

    private static IOException awaitFailure(BridgeSource source) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                source.poll();
            } catch (IOException e) {
                return e;
            }
            assertTrue(System.nanoTime() < deadline, "still connected after the peer closed");
            TimeUnit.MILLISECONDS.sleep(10); // polling with a deadline
        }
    }
}
