package org.labbridge.client.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * A bounded queue of encoded frames waiting for one connection, filled from any thread and drained on
 * the connection's event loop while the channel is writable (so Netty's outbound buffer stays under its
 * high watermark and memory is bounded by watermark + this queue's bound).
 *
 * <p>Offers from other threads cost one uncontended lock, and at most one drain task is scheduled per
 * batch ({@link #offer} returns whether the caller must schedule it): a producer sending millions of
 * messages per second wakes the event loop once per batch, and the drain flushes once per batch.
 */
public final class OutboundQueue {

    /** Told how many messages were dropped, and why; must not block. */
    public interface DropListener {
        /** @param reason the policy's {@link OverflowPolicy#tag()}, or {@code closed} */
        void dropped(String reason, int messages);
    }

    /** The drop reason of frames offered to a closed queue. */
    public static final String CLOSED = "closed";

    private final int maxMessages;
    private final long maxBytes;
    private final OverflowPolicy policy;
    private final DropListener dropListener;
    private ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private ArrayDeque<ByteBuf> spare = new ArrayDeque<>();
    private long bytes;
    private boolean drainScheduled;
    private boolean closed;
    /** Event-loop only: a write inside drain() may fire writability events that call drain() again. */
    private boolean draining;
    private boolean redrain;

    public OutboundQueue(int maxMessages, long maxBytes, OverflowPolicy policy, DropListener dropListener) {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.dropListener = dropListener;
    }

    /**
     * Queues a frame (ownership passes to the queue), dropping by policy when full.
     *
     * @return true when the caller must schedule a {@link #drain} on the event loop
     */
    public boolean offer(ByteBuf frame) {
        int n = frame.readableBytes();
        ByteBuf rejected = null;
        int droppedOld = 0;
        boolean schedule = false;
        boolean wasClosed;
        synchronized (this) {
            wasClosed = closed;
            if (closed) {
                rejected = frame;
            } else if (queue.size() < maxMessages && bytes + n <= maxBytes) {
                queue.add(frame);
                bytes += n;
            } else if (policy == OverflowPolicy.DROP_OLDEST && n <= maxBytes) {
                queue.add(frame);
                bytes += n;
                droppedOld = trimOldest();
            } else {
                rejected = frame;
            }
            if (!drainScheduled && !queue.isEmpty()) {
                drainScheduled = true;
                schedule = true;
            }
        }
        if (rejected != null) {
            rejected.release();
            dropListener.dropped(wasClosed ? CLOSED : policy.tag(), 1);
        }
        if (droppedOld > 0) {
            dropListener.dropped(policy.tag(), droppedOld);
        }
        return schedule;
    }

    /** Drops from the head until within bounds; under the lock. */
    private int trimOldest() {
        int dropped = 0;
        while (queue.size() > maxMessages || bytes > maxBytes) {
            ByteBuf old = queue.poll();
            bytes -= old.readableBytes();
            old.release();
            dropped++;
        }
        return dropped;
    }

    /**
     * Writes queued frames to the channel while it is writable (all of them when {@code force}),
     * then flushes once. Call on the channel's event loop.
     *
     * @param onWritten told the number of bytes of each batch written
     * @return the number of messages written
     */
    public int drain(Channel channel, boolean force, LongConsumer onWritten) {
        if (draining) {
            // e.g. the flush made the channel writable again: drain once more when the outer call ends,
            // otherwise that writability event would be lost and the queue would stall.
            redrain = true;
            return 0;
        }
        draining = true;
        int written = 0;
        try {
            do {
                redrain = false;
                written += drain0(channel, force, onWritten);
            } while (redrain);
        } finally {
            draining = false;
        }
        return written;
    }

    private int drain0(Channel channel, boolean force, LongConsumer onWritten) {
        ArrayDeque<ByteBuf> batch;
        synchronized (this) {
            drainScheduled = false;
            if (queue.isEmpty() || channel == null || !channel.isActive() || !(force || channel.isWritable())) {
                return 0;
            }
            batch = queue;
            queue = spare != null ? spare : new ArrayDeque<>();
            spare = null;
            bytes = 0;
        }
        int written = 0;
        long writtenBytes = 0;
        ByteBuf b;
        while ((force || channel.isWritable()) && (b = batch.poll()) != null) {
            writtenBytes += b.readableBytes();
            channel.write(b, channel.voidPromise());
            written++;
        }
        if (written > 0) {
            channel.flush();
            onWritten.accept(writtenBytes);
        }
        int dropped = 0;
        synchronized (this) {
            if (!batch.isEmpty()) {
                // The channel became unwritable: what is left goes back in front, in order, within bounds.
                while (!queue.isEmpty()) {
                    ByteBuf newer = queue.poll();
                    batch.add(newer);
                }
                for (ByteBuf x : batch) {
                    bytes += x.readableBytes();
                }
                ArrayDeque<ByteBuf> swap = queue;
                queue = batch;
                batch = swap;
                dropped = policy == OverflowPolicy.DROP_OLDEST ? trimOldest() : trimNewest();
            }
            spare = batch; // empty now: reused for the next swap
        }
        if (dropped > 0) {
            dropListener.dropped(policy.tag(), dropped);
        }
        return written;
    }

    /** Drops from the tail until within bounds; under the lock. */
    private int trimNewest() {
        int dropped = 0;
        while (queue.size() > maxMessages || bytes > maxBytes) {
            ByteBuf newest = queue.pollLast();
            bytes -= newest.readableBytes();
            newest.release();
            dropped++;
        }
        return dropped;
    }

    /**
     * Puts frames that were taken but not written back in front of the queue (the client re-queues
     * what a dead connection did not take), trimming by policy.
     */
    public void requeueFirst(ByteBuf frame) {
        int dropped;
        synchronized (this) {
            if (closed) {
                frame.release();
                dropped = -1;
            } else {
                queue.addFirst(frame);
                bytes += frame.readableBytes();
                dropped = policy == OverflowPolicy.DROP_OLDEST ? trimOldest() : trimNewest();
            }
        }
        if (dropped < 0) {
            dropListener.dropped(CLOSED, 1);
        } else if (dropped > 0) {
            dropListener.dropped(policy.tag(), dropped);
        }
    }

    /** Takes the oldest frame, or null (for one-message-per-connection sending). */
    public synchronized ByteBuf poll() {
        ByteBuf b = queue.poll();
        if (b != null) {
            bytes -= b.readableBytes();
        }
        return b;
    }

    /** Releases everything queued and refuses further offers. @return the number of messages released */
    public int close() {
        ArrayDeque<ByteBuf> left;
        synchronized (this) {
            closed = true;
            left = queue;
            queue = new ArrayDeque<>();
            bytes = 0;
        }
        int n = left.size();
        for (ByteBuf b : left) {
            b.release();
        }
        return n;
    }

    public synchronized int size() {
        return queue.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized boolean isEmpty() {
        return queue.isEmpty();
    }
}
