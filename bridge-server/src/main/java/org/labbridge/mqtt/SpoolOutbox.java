package org.labbridge.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import org.labbridge.spool.Spool;
import org.labbridge.spool.SpoolException;
import org.labbridge.spool.SpoolForwarder;
import org.labbridge.spool.SpoolOptions;
import org.labbridge.spool.SpoolRecord;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An {@link Outbox} on a disk {@link Spool}: what the node offers is appended (on the spool's writer
 * thread, never the caller's), a {@link SpoolForwarder} reads it back in order into a bounded window in
 * memory, the {@link PublishPump} takes from that window, and a record is committed (never read again)
 * only once the broker has it: acknowledged at QoS 1/2, written at QoS 0. Records put back (their
 * connection died) are taken again first, in order. Records are committed in spool order: one the broker
 * acknowledged is committed once every record before it was too.
 *
 * <p>So what waits for the broker survives a crash or a restart of labbridge; what was sent but not yet
 * committed when labbridge died (at most the window, plus what the spool's read offset had not stored,
 * ~100 ms) is published again after the restart: at-least-once, duplicates possible, as at QoS 1.
 */
public final class SpoolOutbox implements Outbox, SpoolForwarder.Outlet {

    private final Spool spool;
    private final DropListener dropListener;
    private final SpoolForwarder forwarder;
    private volatile Runnable available = () -> { };
    /** Read from the spool, not taken yet; under the lock. */
    private final ArrayDeque<MqttRecord> ready = new ArrayDeque<>();
    /** Put back: older than everything in {@link #ready}, taken first, in sequence order; under the lock. */
    private final PriorityQueue<MqttRecord> returned = new PriorityQueue<>(Comparator.comparingLong(MqttRecord::sequence));
    /** Sequence numbers handed over by the forwarder and not yet reported delivered, in order; under the lock. */
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    /** Of those, the ones the broker has (waiting for the ones before them); under the lock. */
    private final Set<Long> acknowledged = new HashSet<>();
    private boolean closed;

    private SpoolOutbox(Spool spool, int windowRecords, long windowBytes, DropListener dropListener) {
        this.spool = spool;
        this.dropListener = dropListener;
        this.forwarder = new SpoolForwarder(spool, this, windowRecords, windowBytes);
    }

    /**
     * Opens (or recovers) the spool in {@code options.dir()} and starts reading it: blocking disk I/O, call it
     * when the node starts, not on an event loop.
     *
     * @param windowRecords records read from the spool and not yet committed, at most (the memory it takes)
     * @param windowBytes   their payload bytes, at most
     */
    public static SpoolOutbox open(String name, SpoolOptions options, int windowRecords, long windowBytes,
                                   MeterRegistry registry, DropListener dropListener) throws IOException {
        Spool spool = Spool.open(name, options, registry);
        SpoolOutbox outbox = new SpoolOutbox(spool, windowRecords, windowBytes, dropListener);
        outbox.forwarder.start();
        return outbox;
    }

    /** Called (on the forwarder's thread) whenever records become ready to take: the pump's kick. */
    public void onAvailable(Runnable listener) {
        this.available = listener;
    }

    /** Appends without blocking; completes once written (fsynced with {@code fsync: always}). */
    @Override
    public CompletableFuture<?> offer(MqttRecord record) {
        byte[] bytes;
        try {
            bytes = MqttRecordFormat.encode(record);
        } catch (IllegalArgumentException e) {
            dropListener.dropped(PublishEncoder.BAD_TOPIC, 1);
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Long> stored = spool.append(bytes);
        stored.whenComplete((seq, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                dropListener.dropped(cause instanceof SpoolException se ? "spool_" + se.reason().tag() : "spool_error", 1);
            }
        });
        return stored;
    }

    @Override
    public MqttRecord take() {
        synchronized (this) {
            MqttRecord r = returned.poll();
            return r != null ? r : ready.poll();
        }
    }

    @Override
    public void acknowledge(MqttRecord record) {
        int delivered = 0;
        synchronized (this) {
            acknowledged.add(record.sequence());
            Long head;
            while ((head = window.peek()) != null && acknowledged.remove(head)) {
                window.poll();
                delivered++;
            }
        }
        if (delivered > 0) {
            forwarder.delivered(delivered);
        }
    }

    @Override
    public void putBack(MqttRecord record) {
        synchronized (this) {
            if (!closed) {
                returned.add(record);
            }
        }
        // still uncommitted in the spool: after a restart it is read again anyway
    }

    /** Records waiting: read into memory and not taken, plus those in the spool not yet read. */
    @Override
    public int size() {
        long inMemory;
        synchronized (this) {
            inMemory = ready.size() + returned.size();
        }
        return (int) Math.min(Integer.MAX_VALUE, inMemory + spool.unreadRecords());
    }

    /** Bytes of the spool's segment files (what waits, and what was sent and not yet cleaned up). */
    @Override
    public long bytes() {
        return spool.diskBytes();
    }

    /** Records in the spool not yet committed (sent and unacknowledged ones included). */
    public long pending() {
        return spool.pendingRecords();
    }

    /**
     * Commits what the broker acknowledged, stops reading and closes the spool: what was not committed stays
     * on disk for the next start, so nothing is dropped. @return 0
     */
    @Override
    public int close() {
        synchronized (this) {
            closed = true;
            ready.clear();
            returned.clear();
        }
        forwarder.close();
        spool.close();
        return 0;
    }

    // --- SpoolForwarder.Outlet, on the forwarder's thread

    /** Always: the window bounds what is read ahead, and reading ahead while the broker is away is harmless. */
    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public boolean send(SpoolRecord spooled) {
        MqttRecord record;
        try {
            record = MqttRecordFormat.decode(spooled.seq(), spooled.payload());
        } catch (IllegalArgumentException e) {
            return false; // counted and logged by the forwarder as undeliverable, and skipped
        }
        synchronized (this) {
            window.add(spooled.seq());
            if (!closed) {
                ready.add(record);
            }
        }
        available.run();
        return true;
    }
}
