package org.labbridge.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard for the guard: a buffer leaked on purpose must be reported, so that a real leak anywhere
 * else fails its test. If this test fails, leak detection is off for the whole build.
 */
class LeakGuardTest {

    @Test
    void runsAtParanoidLevelWithTheRecordingFactory() {
        assertTrue(LeakGuard.isInstalled(), "LeakGuardSessionListener did not run");
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
    }

    @Test
    @AllowsLeaks
    void aLeakedBufferIsCaught() {
        LeakGuard.collectLeaks(); // start clean
        leakOneBuffer();
        List<String> leaks = LeakGuard.collectLeaks();
        assertFalse(leaks.isEmpty(), "a deliberately leaked ByteBuf was not detected");
        assertTrue(leaks.get(0).contains("LEAK"), leaks.get(0));
    }

    @Test
    @AllowsLeaks
    void aBufferLeftInAnEmbeddedChannelIsCaught() {
        LeakGuard.collectLeaks();
        EmbeddedChannel channel = new EmbeddedChannel();
        // The channel's allocator (pooled/adaptive in Netty 4.2) is what real handlers get.
        channel.writeInbound(channel.alloc().buffer(8).writeBytes(new byte[] {1, 2, 3}));
        channel.readInbound(); // read and dropped without release: the typical handler-test leak
        channel.finish();
        assertFalse(LeakGuard.collectLeaks().isEmpty(), "a ByteBuf dropped by a test was not detected");
    }

    @Test
    void releasedBuffersAreNotReported() {
        ByteBuf buf = Unpooled.directBuffer(16).writeInt(42);
        buf.release();
        assertTrue(LeakGuard.collectLeaks().isEmpty());
    }

    private static void leakOneBuffer() {
        // Direct and pooled buffers are tracked; unpooled heap buffers are not (the GC frees them).
        ByteBuf leaked = Unpooled.directBuffer(64);
        leaked.writeLong(1L);
        // no release(): the reference dies here
    }
}
