package org.labbridge.sockets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a push socket that runs its callbacks ({@code callback_async}, {@code callback_direct}),
 * in arrival order, from a bounded queue: a slow callback delays only this socket's callbacks, never the
 * event loop. Stopping waits a second for the running callback, then interrupts it; starting again after a
 * stop makes a new thread.
 */
final class CallbackWorker {

    /** Its lines stay the socket's: operators look for them under DataPushSocket. */
    private static final Logger log = LoggerFactory.getLogger(DataPushSocket.class);

    private final String socketName;
    private final int capacity;
    private volatile ThreadPoolExecutor executor;

    CallbackWorker(String socketName, int capacity) {
        this.socketName = socketName;
        this.capacity = capacity;
        this.executor = newExecutor();
    }

    private ThreadPoolExecutor newExecutor() {
        ThreadPoolExecutor w = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "labbridge-push-" + socketName);
                    t.setDaemon(true);
                    return t;
                });
        w.setRejectedExecutionHandler(new ThreadPoolExecutor.AbortPolicy());
        return w;
    }

    /** The callbacks waiting (what the queue-depth gauge shows). */
    int waiting() {
        return executor.getQueue().size();
    }

    /** The executor, or {@code null} once stopped (nothing is taken then). */
    ThreadPoolExecutor running() {
        ThreadPoolExecutor w = executor;
        return w.isShutdown() ? null : w;
    }

    /** A new thread when the socket starts again after a stop. */
    void restartIfStopped() {
        if (executor.isShutdown()) {
            executor = newExecutor();
        }
    }

    /** Lets the running callback finish for a second, then interrupts it. */
    void stop() {
        ThreadPoolExecutor w = executor;
        w.shutdown();
        try {
            if (!w.awaitTermination(1, TimeUnit.SECONDS)) {
                log.warn("push socket '{}': callback still running after stop; interrupting it", socketName);
                w.shutdownNow();
            }
        } catch (InterruptedException e) {
            w.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
