package org.labbridge.bridge;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labbridge.logging.RateLimitedLogger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener's handler: the connection cap and failed accepts (EMFILE), on an EmbeddedChannel. */
class AcceptLimiterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter refused = registry.counter("refused");
    private final Counter acceptFailures = registry.counter("accept.failures");
    private final LogCapture logs = new LogCapture("test.accept-limiter");
    private final List<Object> unhandled = new ArrayList<>();
    private EmbeddedChannel listener;

    @AfterEach
    void tearDown() {
        logs.close();
        if (listener != null) {
            listener.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel listener(int maxConnections) {
        AcceptLimiter limiter = new AcceptLimiter("bridge server test", maxConnections, refused, acceptFailures,
                new RateLimitedLogger(logs.logger(), Duration.ofSeconds(60)));
        listener = new EmbeddedChannel(limiter, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                unhandled.add(cause); // what would reach Netty's acceptor and the pipeline's tail
            }
        });
        listener.freezeTime();
        return listener;
    }

    @Test
    void beyondTheCapConnectionsAreClosedAtOnceCountedAndLoggedOncePerInterval() {
        EmbeddedChannel l = listener(2);
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        l.writeInbound(a);
        l.writeInbound(b);
        assertSame(a, l.readInbound());
        assertSame(b, l.readInbound());
        List<EmbeddedChannel> extra = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            EmbeddedChannel c = new EmbeddedChannel();
            extra.add(c);
            l.writeInbound(c);
        }
        assertNull(l.readInbound(), "refused connections never reach the acceptor");
        assertTrue(extra.stream().noneMatch(EmbeddedChannel::isOpen), "each closed at once");
        assertEquals(100.0, refused.count());
        assertEquals(1, logs.events().size(), "one line for 100 refusals: " + logs.events());
        assertTrue(logs.events().get(0).getFormattedMessage().contains("max_connections (2) reached"));

        a.close();
        EmbeddedChannel c = new EmbeddedChannel();
        l.writeInbound(c);
        assertSame(c, l.readInbound(), "a closed connection frees its slot");
        assertTrue(c.isOpen());
    }

    @Test
    void failedAcceptsPauseAcceptingAndAreLoggedWithoutATracePerFailure() {
        EmbeddedChannel l = listener(0);
        for (int second = 0; second < 30; second++) {
            l.pipeline().fireExceptionCaught(new IOException("Too many open files"));
            assertFalse(l.config().isAutoRead(), "accepting paused");
            l.advanceTimeBy(AcceptLimiter.ACCEPT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            l.runScheduledPendingTasks();
            assertTrue(l.config().isAutoRead(), "accepting again after the pause");
            l.advanceTimeBy(1000 - AcceptLimiter.ACCEPT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertEquals(30.0, acceptFailures.count());
        assertEquals(List.of(), unhandled, "consumed: no tail warning with a trace");
        assertTrue(l.isOpen(), "the listener stays open");
        assertEquals(1, logs.events().size(), "one line in 30 s of failures: " + logs.events());
        ILoggingEvent line = logs.events().get(0);
        assertNull(line.getThrowableProxy(), "no stack trace");
        assertTrue(line.getFormattedMessage().contains("Too many open files"), line.getFormattedMessage());
    }

    @Test
    void otherErrorsAreNotItsBusiness() {
        EmbeddedChannel l = listener(0);
        IllegalStateException bug = new IllegalStateException("a bug");
        l.pipeline().fireExceptionCaught(bug);
        assertEquals(List.of(bug), unhandled);
        assertTrue(l.config().isAutoRead());
        assertEquals(0.0, acceptFailures.count());
    }

    @Test
    void startUpWarnsWhenTheCapDoesNotKeepTheProcessBelowItsDescriptorLimit() {
        assertNull(AcceptLimiter.descriptorWarning("s", 1024, 65536));
        assertNull(AcceptLimiter.descriptorWarning("s", 1024, -1), "unknown limit: nothing to say");
        String close = AcceptLimiter.descriptorWarning("s", 1024, 1024);
        assertTrue(close != null && close.contains("limit of 1024 open files"), close);
        String none = AcceptLimiter.descriptorWarning("s", 0, 65536);
        assertTrue(none != null && none.contains("no limit"), none);
    }
}
