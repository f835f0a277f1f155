package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BridgeSourceTest {

    @Test
    void keepsTheLatestValueOfEveryCodenameAndSkipsBadMessages() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BridgeSource source = new BridgeSource(new HostPort("127.0.0.1", server.getLocalPort()), Duration.ofSeconds(1));
            try (Socket peer = server.accept()) {
                OutputStream out = peer.getOutputStream();
                send(out, "{\"a\": [1.0, 2.5], \"b\": 1}");
                send(out, "not json");
                out.write(new byte[BridgeSource.MAX_MESSAGE + 10]); // oversized: skipped up to the delimiter
                send(out, "");
                send(out, "[{\"id\": \"c\", \"value\": 7}, {\"b\": 2}]");
                Map<String, Object> v = awaitValues(source, 3);
                assertEquals(List.of(1.0, 2.5), v.get("a"));
                assertEquals(2, ((Number) v.get("b")).intValue());
                assertEquals(7, ((Number) v.get("c")).intValue());
            }
            // the bridge went away: gaps (an error), not stale values
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                try {
                    source.poll();
                } catch (IOException e) {
                    assertTrue(e.getMessage().contains("bridge 127.0.0.1:"), e.getMessage());
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "still connected after the peer closed");
                TimeUnit.MILLISECONDS.sleep(10); // polling with a deadline
            }
            // and it reconnects by itself
            try (Socket again = server.accept()) {
                send(again.getOutputStream(), "{\"a\": 3}");
                assertEquals(3, ((Number) awaitValues(source, 1).get("a")).intValue());
            } finally {
                source.close();
            }
        }
    }

    @Test
    void unreachableBridgeFailsPolls() {
        BridgeSource source = new BridgeSource(new HostPort("127.0.0.1", 9), Duration.ofMillis(200));
        try {
            assertThrows(IOException.class, source::poll);
        } finally {
            source.close();
        }
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write(0x17);
        out.flush();
    }

    private static Map<String, Object> awaitValues(BridgeSource source, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                Map<String, Object> v = source.poll();
                if (v.size() >= n && (n != 1 || v.get("a") instanceof Number)) {
                    return v;
                }
            } catch (IOException e) {
                // not connected yet
            }
            assertTrue(System.nanoTime() < deadline, "no values in time");
            TimeUnit.MILLISECONDS.sleep(10); // polling with a deadline
        }
    }
}
