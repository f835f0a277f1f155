package org.labbridge.transport;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportTest {

    @Test
    void choosesEpollWhenAvailableAndNioWhenNotPreferred() {
        assertEquals(Epoll.isAvailable() ? TransportType.EPOLL : TransportType.NIO, TransportType.choose(true));
        assertEquals(TransportType.NIO, TransportType.choose(false));
    }

    @Test
    void groupRunsTasksAndShutsDownWithinTheBound() throws Exception {
        Transport transport = Transport.create("test", 1, true);
        assertInstanceOf(MultiThreadIoEventLoopGroup.class, transport.group());
        CompletableFuture<String> ran = new CompletableFuture<>();
        transport.group().execute(() -> ran.complete(Thread.currentThread().getName()));
        assertTrue(ran.get(5, TimeUnit.SECONDS).startsWith("test-"));
        assertTrue(transport.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        assertTrue(transport.group().isTerminated());
    }

    @Test
    void nioTransportWorksToo() {
        try (Transport transport = Transport.create("nio", 1, false)) {
            assertEquals(TransportType.NIO, transport.type());
        }
    }
}
