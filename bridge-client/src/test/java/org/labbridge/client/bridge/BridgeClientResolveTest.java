package org.labbridge.client.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.labbridge.transport.Transport;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Name resolution runs off the event loop: a slow lookup must not stall the loop's other work. */
@Timeout(30)
class BridgeClientResolveTest {

    private final Transport transport = Transport.create("resolve", 1, true); // one loop: the client's
    private BridgeClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close(Duration.ofMillis(500));
        }
        transport.close();
    }

    @Test
    void aSlowLookupDoesNotBlockTheEventLoop() throws Exception {
        CountDownLatch resolving = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            client = BridgeClient.builder("slow.invalid", server.getLocalPort()).transport(transport)
                    .resolver(host -> {
                        resolving.countDown();
                        try {
                            answer.await(); // a DNS server that takes its time
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return InetAddress.getLoopbackAddress();
                    }).build().start();
            assertTrue(resolving.await(10, TimeUnit.SECONDS), "the lookup started");
            CountDownLatch ran = new CountDownLatch(1);
            transport.group().next().execute(ran::countDown);
            assertTrue(ran.await(5, TimeUnit.SECONDS), "a task on the same event loop ran during the lookup");
            answer.countDown();
            try (Socket accepted = server.accept()) {
                assertTrue(client.awaitConnected(Duration.ofSeconds(10)), "connected to the resolved address");
            }
        } finally {
            answer.countDown();
        }
    }

    @Test
    void aFailedLookupIsRetriedLikeAFailedConnect() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            client = BridgeClient.builder("flaky.invalid", server.getLocalPort()).transport(transport)
                    .backoff(Backoff.parse("exponential=10ms:50ms"))
                    .resolver(host -> {
                        if (lookups.incrementAndGet() <= 2) {
                            throw new UnknownHostException(host);
                        }
                        return InetAddress.getLoopbackAddress();
                    }).build().start();
            try (Socket accepted = server.accept()) {
                assertTrue(client.awaitConnected(Duration.ofSeconds(10)));
            }
            assertEquals(3, lookups.get(), "two failures, then a success");
        }
    }
}
