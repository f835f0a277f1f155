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
 * <p>An entry is a buffer holding one or more complete frames (a relay queues a whole read batch as one
 * entry); the bounds and the drop counts are in messages and bytes, and a policy drops whole entries.
 * Offers from other threads cost one uncontended lock, and at most one drain task is scheduled per batch
 * ({@link #offer} returns whether the caller must schedule it); a drain flushes once.
 */
public final class OutboundQueue {

    /** Told how many messages were dropped, and why; must not block. */
    public interface DropListener {
        /** @param reason the policy's {@link OverflowPolicy#tag()}, or {@link #CLOSED} */
        void dropped(String reason, int messages);
    }

    /** The drop reason of frames offered to a closed queue or left in it when it closed. */
    public static final String CLOSED = "closed";

    private record Entry(ByteBuf frames, int messages) {
    }

    private final int maxMessages;
    private final long maxBytes;
    private final OverflowPolicy policy;
    private final DropListener dropListener;
    private ArrayDeque<Entry> queue = new ArrayDeque<>();
    private ArrayDeque<Entry> spare = new ArrayDeque<>();
    private int messages;
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

    /** Queues one frame; see {@link #offer(ByteBuf, int)}. */
    public boolean offer(ByteBuf frame) {
        return offer(frame, 1);
    }

    /**
     * Queues a buffer of {@code count} complete frames (ownership passes to the queue), dropping by
     * policy when full.
     *
     * @return true when the caller must schedule a {@link #drain} on the event loop
     */
    public boolean offer(ByteBuf frames, int count) {
        return offer(frames, count, 0);
    }

    /**
     * Like {@link #offer(ByteBuf, int)}, with {@code roomBytes} more room: what the connection's outbound
     * buffer can still take before it becomes unwritable ({@code Channel.bytesBeforeUnwritable()}, 0 when
     * unwritable). Beyond its bounds the queue still takes an entry that fits in that room, ignoring the
     * message bound: a writable connection is not a slow one, its drain has just not run yet (it runs on
     * another thread), and its drain will move the entry into that room at once. Memory stays within the
     * bytes bound + the high watermark. When the connection is unwritable, the policy applies as usual
     * (and a drain that stops on unwritability trims back to the bounds).
     */
    public boolean offer(ByteBuf frames, int count, long roomBytes) {
        int n = frames.readableBytes();
        boolean rejected = false;
        int droppedOld = 0;
        boolean schedule = false;
        boolean wasClosed;
        synchronized (this) {
            wasClosed = closed;
            if (closed) {
                rejected = true;
            } else if (messages + count <= maxMessages && bytes + n <= maxBytes) {
                add(frames, count, n);
            } else if (roomBytes > 0 && bytes + n <= maxBytes + roomBytes) {
                add(frames, count, n);
            } else if (policy == OverflowPolicy.DROP_OLDEST && count <= maxMessages && n <= maxBytes) {
                add(frames, count, n);
                droppedOld = trimOldest();
            } else {
                rejected = true;
            }
            if (!drainScheduled && !queue.isEmpty()) {
                drainScheduled = true;
                schedule = true;
            }
        }
        if (rejected) {
            frames.release();
            dropListener.dropped(wasClosed ? CLOSED : policy.tag(), count);
        }
        if (droppedOld > 0) {
            dropListener.dropped(policy.tag(), droppedOld);
        }
        return schedule;
    }

    private void add(ByteBuf frames, int count, int n) {
        queue.add(new Entry(frames, count));
        messages += count;
        bytes += n;
    }

    /** Drops from the head until within bounds; under the lock. @return messages dropped */
    private int trimOldest() {
        int dropped = 0;
        while (messages > maxMessages || bytes > maxBytes) {
            dropped += remove(queue.poll());
        }
        return dropped;
    }

    /** Drops from the tail until within bounds; under the lock. @return messages dropped */
    private int trimNewest() {
        int dropped = 0;
        while (messages > maxMessages || bytes > maxBytes) {
            dropped += remove(queue.pollLast());
        }
        return dropped;
    }

    private int remove(Entry e) {
        messages -= e.messages;
        bytes -= e.frames.readableBytes();
        e.frames.release();
        return e.messages;
    }

    /**
     * Writes queued frames to the channel while it is writable (all of them when {@code force}),
     * then flushes once. Call on the channel's event loop.
     *
     * @param onWritten told the number of bytes written
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
        ArrayDeque<Entry> batch;
        synchronized (this) {
            drainScheduled = false;
            if (queue.isEmpty() || channel == null || !channel.isActive() || !(force || channel.isWritable())) {
                return 0;
            }
            batch = queue;
            queue = spare != null ? spare : new ArrayDeque<>();
            spare = null;
            messages = 0;
            bytes = 0;
        }
        int written = 0;
        long writtenBytes = 0;
        Entry e;
        while ((force || channel.isWritable()) && (e = batch.poll()) != null) {
            writtenBytes += e.frames.readableBytes();
            written += e.messages;
            channel.write(e.frames, channel.voidPromise());
        }
        if (written > 0) {
            channel.flush();
            onWritten.accept(writtenBytes);
        }
        int dropped = 0;
        synchronized (this) {
            if (!batch.isEmpty()) {
                // The channel became unwritable: what is left goes back in front, in order, within bounds.
                for (Entry x : batch) {
                    messages += x.messages;
                    bytes += x.frames.readableBytes();
                }
                batch.addAll(queue);
                queue.clear();
                ArrayDeque<Entry> swap = queue;
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

    /** Takes the oldest entry's buffer, or null (for one-message-per-connection sending). */
    public synchronized ByteBuf poll() {
        Entry e = queue.poll();
        if (e == null) {
            return null;
        }
        messages -= e.messages;
        bytes -= e.frames.readableBytes();
        return e.frames;
    }

    /** Releases everything queued and refuses further offers. @return the number of messages released */
    public int close() {
        ArrayDeque<Entry> left;
        synchronized (this) {
            closed = true;
            left = queue;
            queue = new ArrayDeque<>();
            messages = 0;
            bytes = 0;
        }
        int n = 0;
        for (Entry e : left) {
            n += e.messages;
            e.frames.release();
        }
        return n;
    }

    /** Messages queued. */
    public synchronized int size() {
        return messages;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized boolean isEmpty() {
        return queue.isEmpty();
    }
}
