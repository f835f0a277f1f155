package org.labbridge.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns Netty's leak reports into test failures.
 *
 * <p>What Netty tracks is what LeakGuard sees: direct buffers and every pooled or adaptive buffer (what
 * channels allocate). Unpooled heap buffers are not tracked by Netty, because the GC frees them.
 *
 * <p>Netty's {@link ResourceLeakDetector} only logs a leak, and only when a later allocation happens
 * to poll its reference queue after a GC. That is not enough for a build that must fail on a leaked
 * {@code ByteBuf}: LeakGuard installs a detector factory whose detectors record every report, and
 * {@link #collectLeaks()} forces the GC and the poll so that a leak is seen at a known point (after
 * each test, by {@link LeakGuardExtension}).
 *
 * <p>The factory must be installed before {@code AbstractByteBuf} is initialised (it keeps its detector
 * in a static field), which is why {@link LeakGuardSessionListener} installs it when the JUnit launcher
 * session opens, before any test class is loaded.
 */
public final class LeakGuard {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    private LeakGuard() {
    }

    /** Installs the recording factory and forces the paranoid level; idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        installed = true;
    }

    /** Whether {@link #install()} ran before the buffer classes captured their detector. */
    public static boolean isInstalled() {
        return installed && byteBufDetectorRecords();
    }

    /**
     * Whether the detector every {@code ByteBuf} reports to is ours: {@code AbstractByteBuf} keeps it in a
     * static field set when the class initialises, so an install that came too late would leave Netty's
     * logging-only detector there and leaks would pass unnoticed.
     */
    private static boolean byteBufDetectorRecords() {
        try {
            java.lang.reflect.Field f = io.netty.buffer.AbstractByteBuf.class.getDeclaredField("leakDetector");
            f.setAccessible(true);
            return f.get(null) instanceof RecordingDetector;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Collects garbage, makes every buffer detector poll its queue, and returns (and forgets) the leaks
     * reported since the last call.
     */
    public static List<String> collectLeaks() {
        for (int round = 0; round < 2; round++) {
            awaitOneFullGc();
            // Leaks are reported lazily, from track(): one allocation per detector drains its queue.
            touch(UnpooledByteBufAllocator.DEFAULT.heapBuffer(1));
            touch(UnpooledByteBufAllocator.DEFAULT.directBuffer(1));
            touch(PooledByteBufAllocator.DEFAULT.heapBuffer(1));
            touch(PooledByteBufAllocator.DEFAULT.directBuffer(1));
            touch(ByteBufAllocator.DEFAULT.heapBuffer(1));
            touch(ByteBufAllocator.DEFAULT.directBuffer(1));
        }
        List<String> found = new ArrayList<>(LEAKS);
        LEAKS.clear();
        return found;
    }

    private static void touch(ByteBuf buf) {
        buf.release();
    }

    /**
     * Runs a GC and waits until the reference handler has enqueued a sentinel cleared by it, so that
     * phantom references cleared by the same GC (the leaked buffers) are queued too.
     */
    private static void awaitOneFullGc() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        try {
            for (int i = 0; i < 10; i++) {
                System.gc();
                if (queue.remove(200) != null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sentinel.clear();
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected.");
            super.reportUntracedLeak(resourceType);
        }
    }
}
