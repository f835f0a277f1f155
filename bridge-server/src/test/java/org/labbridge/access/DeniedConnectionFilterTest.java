package org.labbridge.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TCP allowlist filter on an {@link EmbeddedChannel} that has a real remote address. */
class DeniedConnectionFilterTest {

    private final Counter denied = new SimpleMeterRegistry().counter("denied");
    private final DeniedConnectionFilter filter =
            new DeniedConnectionFilter(SourceAllowlist.parse("10.0.0.0/8", "::1"), denied, "bridge server test");

    /** An embedded channel "accepted" from {@code remote}, registered after its pipeline is built. */
    private static final class Accepted extends EmbeddedChannel {
        private final InetSocketAddress remote;

        Accepted(String ip) {
            super(false, false);
            this.remote = new InetSocketAddress(ip, 40000);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }

    @Test
    void anAllowedPeerPassesAndTheFilterLeavesThePipeline() throws Exception {
        Accepted ch = new Accepted("10.1.2.3");
        assertTrue(filter.install(ch));
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter());
        ch.register();
        assertTrue(ch.isActive());
        assertNull(ch.pipeline().get(DeniedConnectionFilter.NAME), "an allowed connection pays nothing after accept");
        assertTrue(ch.writeInbound("hello"));
        assertSame("hello", ch.readInbound());
        assertEquals(0.0, denied.count());
        ch.finishAndReleaseAll();
    }

    @Test
    void aStrangerIsClosedAtRegistrationAndCounted() throws Exception {
        Accepted ch = new Accepted("192.168.1.17");
        assertFalse(filter.install(ch), "the caller builds no pipeline for a stranger");
        ch.register();
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        assertEquals(1.0, denied.count());
    }

    @Test
    void ipv6SourcesMatchIpv6Rules() throws Exception {
        Accepted friend = new Accepted("::1");
        assertTrue(filter.install(friend));
        friend.register();
        assertTrue(friend.isOpen());
        Accepted stranger = new Accepted("::2");
        assertFalse(filter.install(stranger));
        stranger.register();
        assertFalse(stranger.isOpen());
        assertEquals(1.0, denied.count());
        friend.finishAndReleaseAll();
    }
}
