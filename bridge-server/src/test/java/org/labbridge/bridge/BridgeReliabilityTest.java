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
import org.labbridge.config.ByteSize;
import org.labbridge.transport.Transport;

import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reliability: a server killed and restarted 20 times under a sending client; 10,000 malformed frames.
 *
 * <p>What the client guarantees (BridgeClient's Javadoc): a message is "queued" from {@code send()} until
 * it is handed to a connection. Queued messages within the bound are all delivered, in order, once.
 * Messages still in Netty's outbound buffer when a connection dies are queued again and resent; those the
 * kernel had taken (its socket buffers, the dead server's receive buffer) may be lost; so losses can only
 * be a tail of one connection's messages: every gap in the received sequence sits at a connection boundary.
 */
@Timeout(60)
class BridgeReliabilityTest {

    private Transport transport;

    @BeforeEach
    void setUp() {
        transport = Transport.create("test", 2, true);
    }

    @AfterEach
    void tearDown() {
        transport.close();
    }

    /** A message, the server life that received it and the client's address in that life. */
    private record Received(int n, int life, SocketAddress connection) {
        /** One connection: a later life may see the same client port again (the kernel reuses it). */
        String key() {
            return life + "/" + connection;
        }
    }

    @Test
    void serverKilledAndRestarted20TimesWhileTheClientSends() throws Exception {
        int port = LoopbackFixture.freePort();
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger life = new AtomicInteger();
        BridgeSink sink = m -> received.add(new Received(m.json().get("n").intValue(), life.get(), m.source()));
        MeterRegistry meters = new SimpleMeterRegistry();
        BridgeClient client = BridgeClient.builder("127.0.0.1", port).transport(transport).meterRegistry(meters)
                .backoff(Backoff.parse("exponential=5ms:50ms,jitter=0.2")).maxQueued(1_000_000, 64 << 20).build()
                .start();
        AtomicBoolean sending = new AtomicBoolean(true);
        int[] sent = {0};
        Thread sender = new Thread(() -> {
            while (sending.get()) {
                client.send(Map.of("n", sent[0]++));
                // ~5,000/s: what a server under the paranoid leak detector keeps up with, so the messages
                // requeued at each kill are caught up with (at 20,000/s the backlog only grew)
                if (sent[0] % 5 == 0) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "sender");
        sender.start();
        for (int restart = 0; restart < 20; restart++) {
            life.set(restart); // before the server starts: nothing of an earlier life arrives after its close()
            BridgeServer server = BridgeServer.builder().transport(transport).port(port).sink(sink).build().start();
            int before = received.size();
            Await.until(() -> received.size() > before + 50, () -> "traffic through the new server");
            server.close(); // the "kill": connections closed with whatever is in flight
        }
        life.set(20);
        BridgeServer last = BridgeServer.builder().transport(transport).port(port).sink(sink).build().start();
        try {
            int before = received.size();
            Await.until(() -> received.size() > before + 50, () -> "traffic through the last server");
            sending.set(false);
            sender.join();
            int total = sent[0];
            Await.until(() -> !received.isEmpty() && received.get(received.size() - 1).n() == total - 1,
                    () -> "the last message " + (total - 1) + "; last received " + received.get(received.size() - 1)
                            + ", client " + client.state() + " queued " + client.queuedMessages());
            client.close();

            assertEquals(0.0, meters.find("labbridge.bridge.dropped.sent").counter().count(), "nothing over the bound");
            // strictly increasing: in order, no duplicates
            Map<String, List<Integer>> byConnection = new LinkedHashMap<>();
            int gaps = 0;
            int lost = 0;
            for (int i = 0; i < received.size(); i++) {
                Received r = received.get(i);
                byConnection.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.n());
                if (i > 0) {
                    Received prev = received.get(i - 1);
                    assertTrue(r.n() > prev.n(), "in order and no duplicate at " + i + ": " + prev + " then " + r);
                    if (r.n() != prev.n() + 1) {
                        gaps++;
                        lost += r.n() - prev.n() - 1;
                        assertTrue(!r.key().equals(prev.key()),
                                "a gap inside one connection at " + prev.n() + " -> " + r.n());
                    }
                }
            }
            assertEquals(0, received.get(0).n());
            assertEquals(21, received.stream().mapToInt(Received::life).distinct().count(), "traffic in every server life");
            assertTrue(byConnection.size() >= 21, "21 server lives, got " + byConnection.size() + " connections");
            assertTrue(gaps <= 20, "at most one lost tail per killed connection: " + gaps);
            System.err.printf("reliability: %d sent, %d received, %d lost in %d connection tails, %d connections%n",
                    total, received.size(), lost, gaps, byConnection.size());
        } finally {
            last.close();
        }
    }

    @Test
    void tenThousandMalformedFramesDoNotHideTheValidOnes() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        List<Integer> valid = new CopyOnWriteArrayList<>();
        BridgeServer server = BridgeServer.builder().transport(transport).port(0).meterRegistry(meters)
                .framing(FramingConfig.DEFAULT.withBufferSize(ByteSize.ofKiB(4)))
                .sink(m -> {
                    if (m.value() instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.has("valid")) {
                        valid.add(o.get("valid").intValue());
                    }
                }).build().start();
        Random random = new Random(42);
        int expectedValid = 0;
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            for (int i = 0; i < 10_000; i++) {
                byte[] frame = switch (random.nextInt(6)) {
                    case 0 -> randomBytes(random, random.nextInt(200));
                    case 1 -> "x".repeat(4097 + random.nextInt(8192)).getBytes(StandardCharsets.UTF_8); // oversize
                    case 2 -> "[".repeat(100 + random.nextInt(100)).getBytes(StandardCharsets.UTF_8); // too deep
                    case 3 -> new byte[] {'"', (byte) (0x80 + random.nextInt(64)), '"'}; // bad UTF-8
                    case 4 -> ("{\"t\": " + random.nextInt()).getBytes(StandardCharsets.UTF_8); // truncated JSON
                    default -> null;
                };
                if (frame == null) {
                    frame = ("{\"valid\": " + expectedValid++ + ", \"t\": NaN}").getBytes(StandardCharsets.UTF_8);
                }
                out.write(frame);
                out.write(0x17);
            }
            out.flush();
            int n = expectedValid;
            Await.until(() -> valid.size() == n, () -> n + " valid messages, got " + valid.size());
            assertEquals(1, server.connectionCount(), "the connection survived");
        } finally {
            server.close();
        }
        for (int i = 0; i < expectedValid; i++) {
            assertEquals(i, valid.get(i));
        }
        double drops = meters.find("labbridge.bridge.dropped.received").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertTrue(drops > 10_000 - expectedValid - 2000, "malformed frames were counted: " + drops);
        assertTrue(meters.find("labbridge.bridge.dropped.received").tag("reason", "oversize").counter().count() > 0);
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
