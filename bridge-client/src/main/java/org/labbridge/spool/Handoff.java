package org.labbridge.spool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue (records and bytes) from appending threads to the writer thread. An offer never
 * waits: beyond the bounds it is refused, so an event loop that appends is never held up by the disk.
 */
final class Handoff {

    /** One record waiting to be written, and who waits for it. */
    record Pending(byte[] payload, CompletableFuture<Long> written) {
    }

    private final int maxRecords;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private List<Pending> queue = new ArrayList<>();
    private long bytes;
    private boolean closed;
    private boolean writerWaiting;

    Handoff(int maxRecords, long maxBytes) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    /** Outcome of an offer. */
    enum Offer { TAKEN, FULL, CLOSED }

    Offer offer(Pending p) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            // One record is always taken into an empty hand-off, however large (it fits a segment: checked before).
            if (!queue.isEmpty() && (queue.size() >= maxRecords || bytes + p.payload.length > maxBytes)) {
                return Offer.FULL;
            }
            queue.add(p);
            bytes += p.payload.length;
            if (writerWaiting) {
                writerWaiting = false;
                nonEmpty.signal();
            }
            return Offer.TAKEN;
        } finally {
            lock.unlock();
        }
    }

    /** Takes all waiting records, waiting at most {@code nanos} for one; empty on timeout or when closed. */
    List<Pending> take(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (queue.isEmpty() && !closed && left > 0) {
                writerWaiting = true;
                left = nonEmpty.awaitNanos(left);
            }
            writerWaiting = false;
            if (queue.isEmpty()) {
                return List.of();
            }
            List<Pending> batch = queue;
            queue = new ArrayList<>(Math.min(batch.size(), 4096));
            bytes = 0;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further offers and wakes the writer; what is queued is still taken. */
    void close() {
        lock.lock();
        try {
            closed = true;
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosedAndEmpty() {
        lock.lock();
        try {
            return closed && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    static long nanos(java.time.Duration d) {
        return TimeUnit.NANOSECONDS.convert(d);
    }
}
