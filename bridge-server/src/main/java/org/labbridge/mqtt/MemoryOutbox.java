package org.labbridge.mqtt;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link Outbox} in memory, bounded in records and bytes: beyond either bound the oldest waiting records
 * are dropped ({@code drop_oldest}) and reported. What a restart of labbridge loses is lost; a disk spool
 * keeps it.
 */
public final class MemoryOutbox implements Outbox {

    /** The drop reason when the bounds are exceeded. */
    public static final String DROP_OLDEST = "drop_oldest";
    /** The drop reason of records offered after {@link #close()}. */
    public static final String CLOSED = "closed";
    private static final CompletableFuture<Void> KEPT = CompletableFuture.completedFuture(null);

    private final int maxRecords;
    private final long maxBytes;
    private final DropListener dropListener;
    private final ArrayDeque<MqttRecord> queue = new ArrayDeque<>();
    /** Records put back: older than everything in {@link #queue}, sent first, in sequence order. */
    private final PriorityQueue<MqttRecord> returned = new PriorityQueue<>(Comparator.comparingLong(MqttRecord::sequence));
    private int records;
    private long bytes;
    private boolean closed;

    public MemoryOutbox(int maxRecords, long maxBytes, DropListener dropListener) {
        if (maxRecords < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("outbox bounds must be positive");
        }
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.dropListener = dropListener;
    }

    /** @return a completed future: memory is as safe as this outbox gets */
    @Override
    public CompletableFuture<?> offer(MqttRecord record) {
        admit(record, queue);
        return KEPT;
    }

    @Override
    public synchronized MqttRecord take() {
        MqttRecord r = returned.poll();
        if (r == null) {
            r = queue.poll();
        }
        if (r != null) {
            records--;
            bytes -= r.size();
        }
        return r;
    }

    @Override
    public void acknowledge(MqttRecord record) {
        // nothing kept for a taken record in memory
    }

    @Override
    public void putBack(MqttRecord record) {
        admit(record, returned);
    }

    /** Adds {@code record} to {@code into} and trims to the bounds; reports drops outside the lock. */
    private void admit(MqttRecord record, Queue<MqttRecord> into) {
        int dropped;
        synchronized (this) {
            if (closed) {
                dropped = -1;
            } else {
                into.add(record);
                add(record);
                dropped = trim();
            }
        }
        if (dropped < 0) {
            dropListener.dropped(CLOSED, 1);
        } else if (dropped > 0) {
            dropListener.dropped(DROP_OLDEST, dropped);
        }
    }

    private void add(MqttRecord record) {
        records++;
        bytes += record.size();
    }

    /** Drops the oldest until within bounds (a record larger than the byte bound drops itself); under the lock. */
    private int trim() {
        int dropped = 0;
        while (records > maxRecords || bytes > maxBytes) {
            MqttRecord oldest = returned.poll();
            if (oldest == null) {
                oldest = queue.poll();
            }
            records--;
            bytes -= oldest.size();
            dropped++;
        }
        return dropped;
    }

    @Override
    public synchronized int size() {
        return records;
    }

    @Override
    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized int close() {
        closed = true;
        int left = records;
        queue.clear();
        returned.clear();
        records = 0;
        bytes = 0;
        return left;
    }
}
