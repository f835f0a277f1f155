package org.labbridge.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.labbridge.client.bridge.Backoff;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.transport.Transport;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconnecting client against a real BridgeServer on 127.0.0.1. */
@Timeout(60)
class BridgeClientTest {

    private Transport transport;
    private final MeterRegistry clientMeters = new SimpleMeterRegistry();
    private LoopbackFixture fixture;
    private final List<BridgeMessage> sunk = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new LoopbackFixture();
        transport = fixture.transport();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }


    private BridgeServer server(int port, FramingConfig framing) {
        BridgeServer s = BridgeServer.builder().transport(transport).port(port).framing(framing)
                .sink(sunk::add).build().start();
        fixture.track(s);
        return s;
    }

    private BridgeClient.Builder client(int port) {
        return BridgeClient.builder("127.0.0.1", port).transport(transport).meterRegistry(clientMeters)
                .backoff(Backoff.parse("exponential=10ms:100ms,jitter=0.2"));
    }

    private double clientCount(String name, String... tags) {
        var c = clientMeters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private List<Integer> sunkNumbers() {
        return sunk.stream().map(m -> m.json().get("n").intValue()).toList();
    }

    @Test
    void queuesWhileDisconnectedAndFlushesInOrderAfterConnecting() throws Exception {
        LogCapture logs = new LogCapture(BridgeClient.class);
        int port = LoopbackFixture.freePort();
        BridgeClient c = client(port).build();
        fixture.track(c);
        List<BridgeClient.State> states = new CopyOnWriteArrayList<>();
        c.onStateChange(states::add);
        c.start();
        for (int i = 0; i < 100; i++) {
            c.send(Map.of("n", i));
        }
        Await.until(() -> clientCount("labbridge.bridge.connect.failures") >= 3, () -> "failed attempts");
        assertEquals(100, c.queuedMessages());
        assertTrue(!c.isConnected());
        server(port, FramingConfig.DEFAULT);
        Await.until(() -> sunk.size() == 100, () -> "100 messages, got " + sunk.size());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, sunkNumbers());
        assertTrue(states.contains(BridgeClient.State.DISCONNECTED));
        assertEquals(BridgeClient.State.CONNECTED, states.get(states.size() - 1));
        // counted on the client's loop once its flush returns: the server may have read them before that
        Await.until(() -> clientCount("labbridge.bridge.messages.sent") == 100.0,
                () -> "100 sent, counted " + clientCount("labbridge.bridge.messages.sent"));
        // each state change is logged once, not once per attempt
        logs.close();
        List<String> infoAndUp = logs.infoAndUp();
        assertEquals(1, infoAndUp.stream().filter(m -> m.contains("cannot connect")).count(), infoAndUp.toString());
        assertEquals(1, infoAndUp.stream().filter(m -> m.contains("connected after")).count(), infoAndUp.toString());
        assertEquals(2, infoAndUp.size(), infoAndUp.toString());
        // each line names the client and its peer (a daemon may run several clients)
        String who = "bridge client bridge -> 127.0.0.1:" + port + ": "; // "bridge": the default name
        assertTrue(infoAndUp.stream().allMatch(m -> m.startsWith(who)), infoAndUp.toString());
    }

    @Test
    void beyondTheBoundTheOldestAreDroppedAndCounted() throws Exception {
        int port = LoopbackFixture.freePort();
        BridgeClient c = client(port).maxQueued(10, 1 << 20).build();
        fixture.track(c);
        c.start();
        for (int i = 0; i < 25; i++) {
            c.send(Map.of("n", i));
        }
        assertEquals(10, c.queuedMessages());
        assertEquals(15.0, clientCount("labbridge.bridge.dropped.sent", "reason", "drop_oldest"));
        server(port, FramingConfig.DEFAULT);
        Await.until(() -> sunk.size() == 10, () -> "the 10 newest");
        assertEquals(List.of(15, 16, 17, 18, 19, 20, 21, 22, 23, 24), sunkNumbers());
    }

    @Test
    void byteBoundAlsoApplies() throws Exception {
        int port = LoopbackFixture.freePort();
        BridgeClient c = client(port).maxQueued(1000, 100).build();
        fixture.track(c);
        for (int i = 0; i < 20; i++) {
            c.sendJson("{\"n\": " + i + "}"); // 9 or 10 bytes + delimiter
        }
        assertTrue(c.queuedMessages() <= 10, "at most 100 bytes queued");
        c.start();
        server(port, FramingConfig.DEFAULT);
        Await.until(() -> sunk.size() == c.queuedMessages() + sunk.size() && c.queuedMessages() == 0 && !sunk.isEmpty(),
                () -> "the queue flushed");
        Await.until(() -> sunkNumbers().contains(19), () -> "the newest message");
        assertEquals(20.0, sunk.size() + clientCount("labbridge.bridge.dropped.sent", "reason", "drop_oldest"));
    }

    @Test
    void idleTimeoutClosesAndReconnects() throws Exception {
        int port = LoopbackFixture.freePort();
        server(port, FramingConfig.DEFAULT);
        BridgeClient c = client(port).idleTimeout(Duration.ofMillis(150)).build();
        fixture.track(c);
        c.start();
        Await.until(() -> clientCount("labbridge.bridge.idle.timeouts") >= 1
                && clientCount("labbridge.bridge.connections.opened") >= 2, () -> "an idle timeout and a reconnect");
        assertTrue(c.awaitConnected(Duration.ofSeconds(5)));
        c.send(Map.of("n", 1));
        Await.until(() -> sunk.size() == 1, () -> "a message over the new connection");
    }

    @Test
    void closeDelimitedSendsOneConnectionPerMessageInOrder() throws Exception {
        int port = LoopbackFixture.freePort();
        FramingConfig framing = FramingConfig.DEFAULT.withDelimiter(null);
        BridgeServer s = server(port, framing);
        BridgeClient c = client(port).framing(framing).build();
        fixture.track(c);
        c.start();
        for (int i = 0; i < 5; i++) {
            c.send(Map.of("n", i));
        }
        Await.until(() -> sunk.size() == 5, () -> "5 messages, got " + sunk.size());
        assertEquals(List.of(0, 1, 2, 3, 4), sunkNumbers());
        assertEquals(5.0, clientCount("labbridge.bridge.connections.opened"));
        assertTrue(s.connectionCount() <= 1);
    }

    /** A peer that accepts one connection and reads nothing (small receive window) until told to. */
    private static ServerSocket nonReadingPeer() throws java.io.IOException {
        ServerSocket peer = new ServerSocket();
        peer.setReceiveBufferSize(4096); // inherited by the accepted socket
        peer.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
        return peer;
    }

    @Test
    void closeFlushesWhatIsQueued() throws Exception {
        try (ServerSocket peer = nonReadingPeer()) {
            BridgeClient c = client(peer.getLocalPort())
                    .writeBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1 << 10, 2 << 10)).build().start();
            fixture.track(c);
            try (java.net.Socket accepted = peer.accept()) {
                assertTrue(c.awaitConnected(Duration.ofSeconds(5)));
                int n = 2000;
                String pad = "p".repeat(2000);
                for (int i = 0; i < n; i++) {
                    c.send(Map.of("n", i, "pad", pad));
                }
                // the peer does not read: the connection is unwritable and messages stay queued
                Await.until(() -> c.queuedMessages() > 0, () -> "messages held in the queue");
                var closing = java.util.concurrent.CompletableFuture.runAsync(() -> c.close(Duration.ofSeconds(20)));
                // close's event-loop task has run (it sets CLOSED) before the peer reads a byte
                Await.until(() -> c.state() == BridgeClient.State.CLOSED, () -> "closed");
                accepted.setSoTimeout(20_000); // a close that never comes fails the test instead of hanging the suite
                String got = new String(accepted.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                closing.get(20, java.util.concurrent.TimeUnit.SECONDS);
                String[] frames = got.split("\u0017");
                assertEquals(n, frames.length, "every queued message written before the close");
                assertEquals(n - 1, Integer.parseInt(frames[n - 1].replaceAll(".*\"n\":(\\d+).*", "$1")));
            }
        }
    }

    @Test
    void closeWithADrainBudgetReturnsWithinIt() throws Exception {
        try (ServerSocket peer = nonReadingPeer()) {
            BridgeClient c = client(peer.getLocalPort())
                    .writeBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1 << 10, 2 << 10)).build().start();
            fixture.track(c);
            try (java.net.Socket accepted = peer.accept()) {
                assertTrue(c.awaitConnected(Duration.ofSeconds(5)));
                String pad = "p".repeat(2000);
                for (int i = 0; i < 2000; i++) {
                    c.send(Map.of("n", i, "pad", pad));
                }
                Await.until(() -> c.queuedMessages() > 0, () -> "messages held in the queue");
                long t0 = System.nanoTime();
                c.close(Duration.ofMillis(100));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                // 100 ms budget, not the default 2 s
                assertTrue(ms < 1500, "close(100 ms) took " + ms + " ms");
                assertEquals(BridgeClient.State.CLOSED, c.state());
            }
        }
    }

    @Test
    void awaitDrainedWaitsUntilThePeerTookEverything() throws Exception {
        try (ServerSocket peer = nonReadingPeer()) {
            BridgeClient c = client(peer.getLocalPort())
                    .writeBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1 << 10, 2 << 10)).build().start();
            fixture.track(c);
            try (java.net.Socket accepted = peer.accept()) {
                assertTrue(c.awaitConnected(Duration.ofSeconds(5)));
                int n = 4000; // 8 MB: more than the kernel's socket buffers take
                String pad = "q".repeat(2000);
                for (int i = 0; i < n; i++) {
                    c.send(Map.of("n", i, "pad", pad));
                }
                Await.until(() -> c.queuedMessages() > 0, () -> "messages held in the queue");
                assertFalse(c.awaitDrained(Duration.ofMillis(100)), "the peer reads nothing yet");
                var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(accepted.getInputStream().readNBytes(n * 2000), java.nio.charset.StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertTrue(c.awaitDrained(Duration.ofSeconds(20)));
                assertEquals(0, c.queuedMessages());
                assertEquals(0, c.droppedMessages());
                reader.get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void droppedMessagesCountsOverflowAndClose() throws Exception {
        int port = LoopbackFixture.freePort(); // nothing listens: everything stays queued
        BridgeClient c = client(port).maxQueued(10, 1 << 20).build().start();
        fixture.track(c);
        for (int i = 0; i < 15; i++) {
            c.send(Map.of("n", i));
        }
        assertEquals(5, c.droppedMessages(), "the 5 oldest beyond the bound");
        assertFalse(c.awaitDrained(Duration.ofMillis(50)));
        c.close(Duration.ofMillis(100));
        assertEquals(15, c.droppedMessages(), "and the 10 left queued at close");
    }

    @Test
    void framesNettyStillHeldWhenTheConnectionDiedAreResentAfterTheReconnect() throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(4096); // inherited by accepted sockets: the kernel takes little
            listener.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            listener.setSoTimeout(10_000);
            // a high watermark above everything sent: all of it is handed to Netty, the queue empties
            BridgeClient c = client(listener.getLocalPort())
                    .writeBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(32 << 20, 64 << 20)).build();
            fixture.track(c);
            c.start();
            int n = 6_000; // 12 MB: more than the kernel's socket buffers (at most ~4 MB each way) take
            String pad = "x".repeat(2000);
            try (java.net.Socket first = listener.accept()) {
                assertTrue(c.awaitConnected(Duration.ofSeconds(5)));
                for (int i = 0; i < n; i++) {
                    c.send(Map.of("n", i, "pad", pad));
                }
                Await.until(() -> c.queuedMessages() == 0, () -> "everything handed to the connection");
                first.setSoLinger(true, 0); // the peer dies without reading: a reset
            }
            List<Integer> got = new ArrayList<>();
            try (java.net.Socket second = listener.accept()) {
                second.setSoTimeout(10_000);
                java.io.InputStream in = new java.io.BufferedInputStream(second.getInputStream());
                java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
                while (got.isEmpty() || got.get(got.size() - 1) < n - 1) {
                    int b = in.read();
                    assertTrue(b >= 0, "the stream ended after " + got.size() + " messages");
                    if (b == 0x17) {
                        String json = frame.toString(java.nio.charset.StandardCharsets.UTF_8);
                        got.add(Integer.parseInt(json.replaceAll(".*\"n\":(\\d+).*", "$1")));
                        frame.reset();
                    } else {
                        frame.write(b);
                    }
                }
            }
            // what the kernel had taken is lost (no acknowledgements); the rest comes again, in order, once
            int first = got.get(0);
            for (int i = 0; i < got.size(); i++) {
                assertEquals(first + i, got.get(i), "contiguous and in order");
            }
            assertTrue(got.size() > n / 4, "only " + got.size() + " of " + n + " were resent (from " + first + ")");
            assertEquals(0, c.droppedMessages());
        }
    }

    @Test
    void closeFromASubscriberOnTheEventLoopDoesNotWaitAndStillWritesTheQueue() throws Exception {
        BridgeServer s = server(0, FramingConfig.DEFAULT);
        BridgeClient c = client(s.localAddress().getPort()).build();
        fixture.track(c);
        java.util.concurrent.CompletableFuture<Long> closeNanos = new java.util.concurrent.CompletableFuture<>();
        c.subscribe(m -> {
            for (int i = 0; i < 3; i++) {
                c.send(Map.of("n", i));
            }
            long t0 = System.nanoTime();
            try {
                c.close(Duration.ofSeconds(5)); // waiting here would stall the loop that must write the queue
                closeNanos.complete(System.nanoTime() - t0);
            } catch (RuntimeException e) {
                closeNanos.completeExceptionally(e);
            }
        });
        c.start();
        assertTrue(c.awaitConnected(Duration.ofSeconds(5)));
        Await.until(() -> s.connectionCount() == 1, () -> "the client at the server");
        s.publish(Map.of("close", true));
        long took = closeNanos.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(took < Duration.ofSeconds(1).toNanos(), "close() on the event loop took " + took / 1_000_000 + " ms");
        Await.until(() -> sunk.size() == 3, () -> "the 3 queued messages, got " + sunk.size());
        assertEquals(List.of(0, 1, 2), sunkNumbers());
        Await.until(() -> s.connectionCount() == 0, () -> "the connection closed");
        assertEquals(BridgeClient.State.CLOSED, c.state());
        assertEquals(0, c.droppedMessages());
    }
}
