package org.labbridge.netdata;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A source whose next answer the test sets; with a {@link #gate}, a poll waits until the gate opens. */
final class FakeSource implements Source {
    volatile Map<String, Object> values = Map.of();
    volatile IOException failure;
    volatile CountDownLatch gate;
    final AtomicInteger polls = new AtomicInteger();
    /** Polls running now. */
    final AtomicInteger inPoll = new AtomicInteger();
    volatile boolean closed;

    @Override
    public Map<String, Object> poll() throws IOException {
        polls.incrementAndGet();
        inPoll.incrementAndGet();
        try {
            return answer();
        } finally {
            inPoll.decrementAndGet();
        }
    }

    private Map<String, Object> answer() throws IOException {
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        if (failure != null) {
            throw failure;
        }
        return values;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<String> codenames() {
        return List.copyOf(values.keySet());
    }

    @Override
    public void close() {
        closed = true;
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown(); // like a real source: closing ends a poll in progress
        }
    }
}
