package org.labbridge.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.transport.Transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishing to every client: encodes once, batches, and hands each client one duplicate per batch.
 *
 * <p>Called on one of the transport's event loops (a sink relaying what a connection read), messages are
 * appended to one batch buffer per thread that is handed to every client once, after the current read
 * batch (or when it reaches its bound): per message, one copy; per batch and client, one queue entry, one
 * write and one wake-up. Called from any other thread, or in close-delimited mode (one message per
 * connection), a message is handed over at once.
 */
final class FanOut {

    private final MessageCodec codec;
    private final Transport transport;
    private final List<ServerConnection> connections;
    private final boolean closeDelimited;
    /**
     * A batch is one entry of every client's pending queue, so it must stay within the queue's bounds
     * (an entry beyond them is dropped whole, even by an idle client). Half the bound, so that a client one
     * batch behind (its drain not run yet) still takes the next one without dropping.
     */
    private final int batchMaxBytes;
    private final int batchMaxMessages;

    private final FastThreadLocal<Batch> batches = new FastThreadLocal<>() {
        @Override
        protected Batch initialValue() {
            return new Batch();
        }
    };

    /**
     * Connections with data queued by the current event-loop thread, whose drain is not scheduled yet:
     * their event loops are woken once, after the current batch, not once per message.
     */
    private static final FastThreadLocal<List<ServerConnection>> DEFERRED = new FastThreadLocal<>() {
        @Override
        protected List<ServerConnection> initialValue() {
            return new ArrayList<>();
        }
    };

    FanOut(MessageCodec codec, Transport transport, List<ServerConnection> connections, int maxPendingMessages,
           long maxPendingBytes) {
        this.codec = codec;
        this.transport = transport;
        this.connections = connections;
        this.closeDelimited = codec.config().closeDelimited();
        this.batchMaxBytes = (int) Math.max(1, Math.min(BridgeServer.BATCH_BYTES, maxPendingBytes / 2));
        this.batchMaxMessages = Math.max(1, maxPendingMessages / 2);
    }

    /** See {@link BridgeServer#publish}. @return the number of clients connected when it was queued */
    int publish(Object value) {
        int clients = connections.size();
        if (clients == 0) {
            return 0;
        }
        EventExecutor loop = closeDelimited ? null : transport.currentLoop();
        if (loop == null) {
            handOver(codec.encodeFramed(PooledByteBufAllocator.DEFAULT, value), 1);
            return clients;
        }
        Batch batch = batches.get();
        if (batch.frames == null) {
            batch.start(loop);
        }
        int mark = batch.frames.writerIndex();
        codec.write(batch.frames, value, true);
        batch.count++;
        if (batch.frames.readableBytes() > batchMaxBytes && batch.count > 1) {
            // This message would take the batch over the clients' pending bound, and a queue rejects an
            // entry larger than its bound whole: hand over the batch without it, and start the next with it.
            ByteBuf last = batch.frames.copy(mark, batch.frames.writerIndex() - mark);
            batch.frames.writerIndex(mark);
            batch.count--;
            batch.flush();
            batch.start(loop);
            batch.frames.writeBytes(last);
            last.release();
            batch.count = 1;
        }
        if (batch.frames.readableBytes() >= batchMaxBytes || batch.count >= batchMaxMessages) {
            batch.flush();
        }
        return clients;
    }

    /** Hands what this event-loop thread has batched to the clients now (before a close). */
    void flushCurrentThread() {
        batches.get().flush();
    }

    /** Messages published on one event-loop thread and not yet handed to the clients. */
    private final class Batch {
        ByteBuf frames;
        int count;
        final Runnable flushTask = this::flush;

        void start(EventExecutor loop) {
            frames = PooledByteBufAllocator.DEFAULT.directBuffer(Math.min(BridgeServer.BATCH_BYTES, batchMaxBytes) + 1024);
            loop.execute(flushTask);
        }

        void flush() {
            ByteBuf f = frames;
            if (f == null) {
                return;
            }
            frames = null;
            int n = count;
            count = 0;
            if (n == 0) {
                f.release();
            } else {
                handOver(f, n);
            }
            runDeferred();
        }
    }

    /** Gives every client a duplicate of a buffer of {@code count} frames; releases the caller's reference. */
    private void handOver(ByteBuf frames, int count) {
        ByteBuf shared = rightSized(frames);
        try {
            for (ServerConnection c : connections) {
                if (c.offer(shared.retainedDuplicate(), count)) {
                    scheduleDrain(c);
                }
            }
        } finally {
            shared.release();
        }
    }

    /**
     * A client's queue and Netty's outbound buffer charge an entry its readable bytes, but a duplicate pins
     * the whole buffer: a relay batch has {@link BridgeServer#BATCH_BYTES} of capacity and, at lab rates,
     * often holds one 100-byte message, so a stalled client within its byte bound could pin hundreds of
     * times that bound. A buffer more than a quarter empty is therefore copied into one of its exact size
     * (one copy per batch, not per client) and released: what a client pins stays within 4/3 of what it is
     * charged (plus the allocator's size-class rounding). Full batches, the fast path, are handed over as
     * they are.
     */
    static ByteBuf rightSized(ByteBuf frames) {
        int n = frames.readableBytes();
        if (frames.capacity() - n <= n / 4) {
            return frames;
        }
        try {
            ByteBuf exact = frames.isDirect() ? frames.alloc().directBuffer(n, n) : frames.alloc().heapBuffer(n, n);
            return exact.writeBytes(frames, frames.readerIndex(), n);
        } finally {
            frames.release();
        }
    }

    private void scheduleDrain(ServerConnection c) {
        EventExecutor current = transport.currentLoop();
        if (current == null) {
            c.channel.eventLoop().execute(c.drainTask);
            return;
        }
        List<ServerConnection> deferred = DEFERRED.get();
        if (deferred.isEmpty()) {
            // Same-thread execute: no wake-up, runs after the I/O events of this loop iteration.
            current.execute(FanOut::runDeferred);
        }
        deferred.add(c);
    }

    private static void runDeferred() {
        List<ServerConnection> deferred = DEFERRED.get();
        if (deferred.isEmpty()) {
            return;
        }
        ServerConnection[] batch = deferred.toArray(new ServerConnection[0]);
        deferred.clear();
        for (ServerConnection c : batch) {
            if (c.channel.eventLoop().inEventLoop()) {
                c.drain();
            } else {
                c.channel.eventLoop().execute(c.drainTask);
            }
        }
    }
}
