package org.labbridge.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * Where publishes wait until the broker has them: filled by the node, emptied by the {@link PublishPump}.
 * A record {@link #take taken} for sending stays the outbox's responsibility until it is
 * {@link #acknowledge acknowledged} or {@link #putBack put back} (its connection died first), so an outbox
 * that persists records (a disk spool) deletes them only once the broker has them. Every implementation is
 * bounded and thread-safe; none blocks. {@link MemoryOutbox} keeps records in memory, {@link SpoolOutbox} on disk.
 */
public interface Outbox {

    /** Told how many records were dropped, and why; must not block. */
    interface DropListener {
        void dropped(String reason, int records);
    }

    /**
     * Queues a record; beyond the bounds the oldest waiting records are dropped (and reported). The future
     * completes once the record is kept as safely as this outbox keeps anything (in memory: at once; on disk:
     * once written), and fails when it was not kept: a push source acknowledges only then.
     */
    CompletableFuture<?> offer(MqttRecord record);

    /** The next record to send (records put back first, oldest first), or {@code null} when none waits. */
    MqttRecord take();

    /** The broker has {@code record} (or refused it for good): it is done. */
    void acknowledge(MqttRecord record);

    /** {@code record} was taken but never reached the broker: it is sent again, in its original order. */
    void putBack(MqttRecord record);

    /** Records waiting (not taken). */
    int size();

    /** Bytes of the records waiting, as {@link MqttRecord#size()} counts them. */
    long bytes();

    /** Releases what it holds; later offers are dropped as {@code closed}. @return records still waiting */
    int close();
}
