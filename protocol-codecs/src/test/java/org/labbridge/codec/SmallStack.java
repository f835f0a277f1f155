package org.labbridge.codec;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code on a thread with a 256 KiB stack (half of
 * the daemon's {@code -Xss512k}): code that recurses per level of peer-chosen nesting overflows there.
 */
public final class SmallStack {

    private SmallStack() {
    }

    /** {@code task}'s result or exception; a StackOverflowError becomes an AssertionError saying so. */
    public static <T> T call(Callable<T> task) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(task.call());
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        Object r = result.get();
        if (r instanceof StackOverflowError e) {
            throw new AssertionError("recursed until the stack overflowed", e);
        }
        if (r instanceof Exception e) {
            throw e;
        }
        if (r instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) r;
        return value;
    }
}
