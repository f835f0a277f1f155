package org.labbridge.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

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

    /**
     * The whole chain, not just the detector: a test that leaks, run by the JUnit engine with the build's own
     * configuration, fails with the leak named, and the test after it in the same class is not blamed.
     */
    @Test
    void aTestThatLeaksFails() {
        LeakGuard.collectLeaks();
        LeakingTests.armed = true;
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                    .selectors(DiscoverySelectors.selectClass(LeakingTests.class))
                    .execute();
            results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                    .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow();
            assertTrue(failure.getMessage().contains("leaked ByteBuf(s) after leaks()"), failure.getMessage());
        } finally {
            LeakingTests.armed = false;
        }
    }

    /** Auto-detection (the parent POM's Surefire/Failsafe configuration) really registered the extension. */
    @AfterAll
    static void theExtensionGuardedThisClass() {
        assertTrue(LeakGuardExtension.hasGuarded(LeakGuardTest.class),
                "LeakGuardExtension did not run: is junit.jupiter.extensions.autodetection.enabled set?");
    }

    /**
     * Run only by {@link #aTestThatLeaksFails} through the engine test kit (Surefire skips nested classes, and
     * the flag keeps a direct run harmless).
     */
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class LeakingTests {
        static volatile boolean armed;

        @Test
        void leaks() {
            if (armed) {
                leakOneBuffer();
            }
        }

        @Test
        void nextTestIsClean() {
            assertTrue(LeakGuard.isInstalled()); // here to show that the leak is blamed on the test that made it
        }
    }

    private static void leakOneBuffer() {
        // Direct and pooled buffers are tracked; unpooled heap buffers are not (the GC frees them).
        ByteBuf leaked = Unpooled.directBuffer(64);
        leaked.writeLong(1L);
        // no release(): the reference dies here
    }
}
