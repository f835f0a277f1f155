package org.labbridge.daemon.nodes;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.codec.message.MessageDecodeException;
import org.labbridge.daemon.AckBarrier;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.config.BridgeClientNodeConfig;
import org.labbridge.spool.Spool;
import org.labbridge.spool.SpoolForwarder;
import org.labbridge.spool.SpoolRecord;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code bridge-client} node's disk queue: every routed message is appended to the {@link Spool} (its
 * encoded JSON), and a {@link SpoolForwarder} hands the spooled messages, in order, to the bridge client
 * while it is connected, committing each once the client reports it reached the socket. The client's
 * in-memory queue then only holds the forwarder's window, which is kept within its bounds.
 *
 * <p>A message whose source waits for it (a push socket's ACK) is acknowledged when its append completes:
 * written to the OS, and fsynced with {@code fsync: always}.
 */
final class SpooledSender implements SpoolForwarder.Outlet {

    /** Handed over and not yet on the socket, at most (also bounded by the node's queue bounds). */
    private static final int MAX_WINDOW_RECORDS = 4096;
    private static final long MAX_WINDOW_BYTES = 4L << 20;

    private final BridgeClientNodeConfig config;
    private final MeterRegistry registry;
    private final MessageCodec codec;
    private final int delimiterLength;
    private final long maxRecordBytes;
    private volatile Spool spool;
    private volatile SpoolForwarder forwarder;
    private BridgeClient client;

    SpooledSender(BridgeClientNodeConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.codec = new MessageCodec(config.framing().toFraming());
        var delimiter = config.framing().toFraming().delimiter();
        this.delimiterLength = delimiter == null ? 0 : delimiter.length();
        this.maxRecordBytes = config.queueBytes().bytes() / 2;
    }

    void start(BridgeClient client) throws IOException {
        this.client = client;
        Spool s = Spool.open(config.name(), config.spool().toOptions(), registry);
        int windowRecords = Math.min(config.queueMessages(), MAX_WINDOW_RECORDS);
        long windowBytes = Math.max(1, Math.min(MAX_WINDOW_BYTES, maxRecordBytes - (long) windowRecords * delimiterLength));
        this.spool = s;
        this.forwarder = new SpoolForwarder(s, this, windowRecords, windowBytes).start();
        client.onStateChange(state -> forwarder.wake());
    }

    /** Appends a routed message; never blocks (the disk write happens on the spool's writer thread). */
    void accept(Message message) {
        AckBarrier ack = message.acknowledgement();
        byte[] payload;
        try {
            ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, message.forBridge());
            try {
                payload = ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
        } catch (RuntimeException e) {
            if (ack != null) {
                ack.await(CompletableFuture.failedFuture(e)); // not spooled: not acknowledged either
            }
            throw e; // counted by the router as a failed route
        }
        CompletableFuture<Long> stored = spool.append(payload);
        if (ack != null) {
            ack.await(stored);
        }
    }

    /** The client's {@code onWritten}: so many more spooled messages reached the socket. Event loop. */
    void written(int messages) {
        SpoolForwarder f = forwarder;
        if (f != null) {
            f.delivered(messages);
        }
    }

    @Override
    public boolean ready() {
        return client.isConnected();
    }

    @Override
    public boolean send(SpoolRecord record) {
        if (record.payload().length + delimiterLength > maxRecordBytes) {
            return false; // larger than the client's queue can take alongside the window
        }
        BridgeMessage message;
        try {
            // Spooled by this codec, so valid; the check guards against a spool written with other framing.
            message = codec.decode(record.payload(), false, null, Instant.now());
        } catch (MessageDecodeException e) {
            return false;
        }
        client.send(message);
        return true;
    }

    /** After the client closed: commits what it reported, stops the forwarder, closes the spool. */
    void stop() {
        SpoolForwarder f = forwarder;
        if (f != null) {
            f.close();
        }
        Spool s = spool;
        if (s != null) {
            s.close();
        }
    }
}
