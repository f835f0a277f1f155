package org.labbridge.client.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
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
 *
 * <p><b>Frames lost with a connection.</b> Entries are written with the void promise (no promise per
 * message); a write that fails fires {@code exceptionCaught}, which the handler passes to
 * {@link #writeFailed}. Each drain ends with an empty marker write with a real promise: when it succeeds,
 * every entry before it is on the socket. The entries handed over and not yet confirmed are kept (one
 * reference each); when the connection has closed, the last {@code failed} of them never reached the socket
 * and {@link #takeBackUnsent} counts them, or puts them back at the head of the queue to be resent.
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

    /** An entry handed to the connection: a reference of our own, and where its frames start. */
    private record Unconfirmed(ByteBuf frames, int start, int messages) {
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
    /** Event-loop only: handed to the connection, not yet confirmed on the socket; oldest first. */
    private final ArrayDeque<Unconfirmed> unconfirmed = new ArrayDeque<>();
    /** Event-loop only: entries ever handed over (the last one in {@link #unconfirmed} has this number). */
    private long handedOver;
    /** Event-loop only: handed-over entries whose write failed since the last {@link #takeBackUnsent}. */
    private int failedWrites;
    /** Told how many messages reached the socket, in the order they were offered; event loop only. */
    private java.util.function.IntConsumer writtenListener = n -> { };

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
     * Sets who is told, on the event loop, how many more queued messages reached the socket (their write
     * succeeded), counted in the order they were offered; a message that is requeued is told once, when
     * it finally reaches a socket. Must not block.
     */
    public void onWritten(java.util.function.IntConsumer listener) {
        this.writtenListener = java.util.Objects.requireNonNull(listener);
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
            unconfirmed.add(new Unconfirmed(e.frames.retain(), e.frames.readerIndex(), e.messages));
            handedOver++;
            channel.write(e.frames, channel.voidPromise());
        }
        if (written > 0) {
            long last = handedOver;
            ChannelPromise marker = channel.newPromise();
            marker.addListener(f -> {
                if (f.isSuccess()) {
                    confirm(last);
                }
            });
            channel.write(Unpooled.EMPTY_BUFFER, marker);
            channel.flush();
            onWritten.accept(writtenBytes);
        }
        int dropped = 0;
        synchronized (this) {
            if (!batch.isEmpty()) {
                // The channel became unwritable: what is left goes back in front, in order, within bounds.
                dropped = prependLocked(batch);
            }
            spare = batch; // empty now: reused for the next swap
        }
        if (dropped > 0) {
            dropListener.dropped(policy.tag(), dropped);
        }
        return written;
    }

    /** Entries up to number {@code last} are on the socket: drops our references. Event loop only. */
    private void confirm(long last) {
        long first = handedOver - unconfirmed.size() + 1;
        int confirmed = 0;
        for (long n = first; n <= last && !unconfirmed.isEmpty(); n++) {
            Unconfirmed u = unconfirmed.poll();
            u.frames.release();
            confirmed += u.messages;
        }
        if (confirmed > 0) {
            writtenListener.accept(confirmed);
        }
    }

    /**
     * Told every {@code exceptionCaught} of the connection; true (and noted) when it is the failure of a
     * queued frame's write: an I/O error or closed-channel exception while the channel is no longer active
     * (Netty fails what is left in its outbound buffer when the channel closes, in order). Event loop only.
     */
    public boolean writeFailed(Channel channel, Throwable cause) {
        if (channel.isActive() || !(cause instanceof IOException) || failedWrites >= unconfirmed.size()) {
            return false;
        }
        failedWrites++;
        return true;
    }

    /**
     * After the connection closed (from {@code channelInactive}, when Netty has failed what was left in its
     * outbound buffer): the frames handed to it that never reached the socket. With {@code requeue} they go
     * back at the head of the queue, in order, to be written to the next connection (a frame the socket took
     * only part of is resent whole: the old peer saw an incomplete frame, never a duplicate); beyond the
     * bounds the policy drops as usual, and on a closed queue they are dropped as {@link #CLOSED}. Without
     * {@code requeue} they are released. Requeueing is for queues of one-frame entries (the client's): a
     * multi-frame entry the socket took part of would repeat its complete frames. Event loop only.
     *
     * @return the number of messages that never reached the socket (requeued or, for the caller to count,
     *         lost)
     */
    public int takeBackUnsent(boolean requeue) {
        int failed = failedWrites;
        failedWrites = 0;
        int written = 0;
        while (unconfirmed.size() > failed) {
            Unconfirmed u = unconfirmed.poll(); // before the failed ones: written, confirmation not seen yet
            u.frames.release();
            written += u.messages;
        }
        if (written > 0) {
            writtenListener.accept(written);
        }
        int lost = 0;
        ArrayDeque<Entry> back = new ArrayDeque<>();
        for (Unconfirmed u; (u = unconfirmed.poll()) != null; ) {
            lost += u.messages;
            if (requeue) {
                back.add(new Entry(u.frames.readerIndex(u.start), u.messages));
            } else {
                u.frames.release();
            }
        }
        if (!back.isEmpty()) {
            requeueFirst(back);
        }
        return lost;
    }

    /**
     * Under the lock: puts {@code front} (emptied) before the queued entries, in order, and drops by policy
     * to get back within the bounds. @return messages dropped
     */
    private int prependLocked(ArrayDeque<Entry> front) {
        for (Iterator<Entry> it = front.descendingIterator(); it.hasNext(); ) {
            Entry x = it.next();
            queue.addFirst(x);
            messages += x.messages;
            bytes += x.frames.readableBytes();
        }
        front.clear();
        return policy == OverflowPolicy.DROP_OLDEST ? trimOldest() : trimNewest();
    }

    private void requeueFirst(ArrayDeque<Entry> back) {
        int dropped = 0;
        boolean wasClosed;
        synchronized (this) {
            wasClosed = closed;
            if (!closed) {
                dropped = prependLocked(back);
            }
        }
        if (wasClosed) {
            for (Entry x : back) {
                dropped += x.messages;
                x.frames.release();
            }
        }
        if (dropped > 0) {
            dropListener.dropped(wasClosed ? CLOSED : policy.tag(), dropped);
        }
    }

    /**
     * Takes the oldest entry's buffer, or null (for one-message-per-connection sending). Like a drain, a
     * poll is the consumer looking at the queue, so the next {@link #offer} asks for a wake-up again: a
     * consumer that only ever polls (close-delimited sending) would otherwise never be woken after the
     * first offer, and a message offered while it was idle would wait for ever (issue 10, item 7).
     */
    public synchronized ByteBuf poll() {
        drainScheduled = false;
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
