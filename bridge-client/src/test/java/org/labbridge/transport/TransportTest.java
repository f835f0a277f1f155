package org.labbridge.transport;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void currentLoopIsTheCallersOwnLoopOfThisGroupOnly() throws Exception {
        try (Transport a = Transport.create("a", 2, true); Transport b = Transport.create("b", 1, true)) {
            assertNull(a.currentLoop(), "not on an event loop");
            for (EventExecutor loop : a.group()) {
                // asked twice: the second answer comes from the per-thread cache
                assertSame(loop, loop.submit(() -> a.currentLoop()).get(5, TimeUnit.SECONDS));
                assertSame(loop, loop.submit(() -> a.currentLoop()).get(5, TimeUnit.SECONDS));
            }
            EventExecutor other = b.group().next();
            assertNull(other.submit(() -> a.currentLoop()).get(5, TimeUnit.SECONDS), "a loop of another group");
            assertSame(other, other.submit(() -> b.currentLoop()).get(5, TimeUnit.SECONDS));
        }
    }
}
