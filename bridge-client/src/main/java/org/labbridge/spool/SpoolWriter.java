package org.labbridge.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The spool's one writer thread: takes what the hand-off holds, appends it to the active segment in one
 * write, fsyncs per {@link FsyncMode}, then completes the appends' futures. It also rolls segments, drops
 * the oldest segment when {@code max_bytes} would be exceeded, deletes delivered segments and stores the
 * read offset (at most every {@link #OFFSET_EVERY_NANOS}: a commit lost in a crash only means records sent
 * again). All disk writes of a spool happen here, never on a caller's thread.
 */
final class SpoolWriter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SpoolWriter.class);

    static final long OFFSET_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long IDLE_WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final SpoolOptions options;
    private final SpoolState state;
    private final Handoff handoff;
    private final ReadOffsetFile offsetFile;
    private final Spool.Meters meters;
    private final Runnable onWritten;
    private FileChannel active;
    private SpoolState.Segment activeSegment;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private boolean dirty;
    private long lastSyncNanos = System.nanoTime();
    private long storedOffset = -1;
    private long lastOffsetNanos;
    private long ioErrorsLogged;

    SpoolWriter(String name, SpoolOptions options, SpoolState state, Handoff handoff, ReadOffsetFile offsetFile,
                Spool.Meters meters, Runnable onWritten) throws IOException {
        this.name = name;
        this.options = options;
        this.state = state;
        this.handoff = handoff;
        this.offsetFile = offsetFile;
        this.meters = meters;
        this.onWritten = onWritten;
        this.activeSegment = state.active();
        this.active = FileChannel.open(activeSegment.path, StandardOpenOption.WRITE);
        this.storedOffset = state.committed();
    }

    @Override
    public void run() {
        try {
            while (!handoff.isClosedAndEmpty()) {
                List<Handoff.Pending> batch = handoff.take(waitNanos());
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
                long now = System.nanoTime();
                if (dirty && options.fsync() == FsyncMode.INTERVAL
                        && now - lastSyncNanos >= options.fsyncInterval().toNanos()) {
                    sync();
                }
                housekeeping(now, false);
            }
            if (dirty && options.fsync() != FsyncMode.NEVER) {
                sync();
            }
            housekeeping(System.nanoTime(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.error("spool {}: the writer stopped: {}", name, e.toString(), e);
        } finally {
            closeQuietly(active);
        }
    }

    private long waitNanos() {
        if (dirty && options.fsync() == FsyncMode.INTERVAL) {
            long due = lastSyncNanos + options.fsyncInterval().toNanos() - System.nanoTime();
            return Math.max(0, Math.min(due, IDLE_WAKE_NANOS));
        }
        return IDLE_WAKE_NANOS;
    }

    /** Writes one batch; a failed write fails its futures and is undone, the spool goes on. */
    private void writeBatch(List<Handoff.Pending> batch) throws IOException {
        List<CompletableFuture<Long>> done = new ArrayList<>(batch.size());
        List<Long> seqs = new ArrayList<>(batch.size());
        long size = activeSegment.size;
        long next = state.nextSeq();
        long appended = 0;
        try {
            buffer.clear();
            for (Handoff.Pending p : batch) {
                int recordSize = RecordFormat.recordSize(p.payload().length);
                if (size + buffer.position() + recordSize > options.segmentBytes()
                        && size + buffer.position() > RecordFormat.SEGMENT_HEADER) {
                    size = flush(size, next);
                    roll(next);
                    size = activeSegment.size;
                }
                makeRoom(buffer.position() + recordSize);
                if (buffer.remaining() < recordSize) {
                    size = flush(size, next);
                    if (buffer.capacity() < recordSize) {
                        buffer = ByteBuffer.allocateDirect(recordSize);
                    }
                }
                RecordFormat.write(buffer, next, p.payload());
                done.add(p.written());
                seqs.add(next);
                next++;
                appended++;
            }
            flush(size, next);
            if (options.fsync() == FsyncMode.ALWAYS) {
                sync();
            }
        } catch (IOException e) {
            undo(e, batch, done);
            return;
        }
        meters.appended.increment(appended);
        for (int i = 0; i < done.size(); i++) {
            done.get(i).complete(seqs.get(i));
        }
        onWritten.run();
    }

    /** Writes the buffer at the end of the active segment and publishes it. @return the segment's new size */
    private long flush(long size, long next) throws IOException {
        buffer.flip();
        long pos = size;
        while (buffer.hasRemaining()) {
            pos += active.write(buffer, pos);
        }
        buffer.clear();
        if (pos != size) {
            dirty = true;
            state.published(activeSegment, pos, next);
        }
        return pos;
    }

    /** Drops the oldest segments while the disk bound would be exceeded by {@code more} bytes. */
    private void makeRoom(long more) throws IOException {
        while (state.diskBytes() + more > options.maxBytes()) {
            if (state.segmentCount() < 2) {
                return; // the active segment alone: segments are at most max_bytes / 2, so a roll comes first
            }
            SpoolState.Dropped d = state.dropOldest();
            Files.deleteIfExists(d.segment().path);
            if (d.unreadRecords() > 0) {
                meters.droppedMaxBytes.increment(d.unreadRecords());
                log.warn("spool {}: max_bytes ({}) reached: dropped the oldest {} undelivered record(s)", name,
                        options.maxBytes(), d.unreadRecords());
            }
        }
    }

    /** Closes the active segment (fsynced unless {@code never}) and starts the next at {@code firstSeq}. */
    private void roll(long firstSeq) throws IOException {
        if (options.fsync() != FsyncMode.NEVER && dirty) {
            sync();
        }
        Path path = options.dir().resolve(RecordFormat.segmentName(firstSeq));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(RecordFormat.MAGIC), 0);
        if (options.fsync() != FsyncMode.NEVER) {
            ch.force(false);
            syncDirectory(options.dir());
        }
        closeQuietly(active);
        active = ch;
        activeSegment = new SpoolState.Segment(firstSeq, path, RecordFormat.SEGMENT_HEADER);
        state.addSegment(activeSegment);
    }

    private void sync() throws IOException {
        active.force(false);
        meters.fsyncs.increment();
        dirty = false;
        lastSyncNanos = System.nanoTime();
    }

    /** A failed write: the segment is cut back to what was published, the batch's appends fail. */
    private void undo(IOException e, List<Handoff.Pending> batch, List<CompletableFuture<Long>> written) {
        try {
            active.truncate(activeSegment.size);
        } catch (IOException again) {
            e.addSuppressed(again);
        }
        // Records published before the failure stay (readable); their appends fail all the same: failing
        // an append that did reach the disk only risks a duplicate, never a loss.
        meters.droppedIoError.increment(batch.size());
        if (ioErrorsLogged++ % 1000 == 0) {
            log.warn("spool {}: cannot write {} record(s) ({} failures so far): {}", name, batch.size(),
                    ioErrorsLogged, e.toString());
        }
        SpoolException failure = new SpoolException(SpoolException.Reason.IO_ERROR, "spool write failed: " + e, e);
        for (Handoff.Pending p : batch) {
            p.written().completeExceptionally(failure);
        }
    }

    /** Stores the read offset when it moved (at most every 100 ms, or now when closing); deletes delivered segments. */
    private void housekeeping(long now, boolean closing) {
        try {
            long committed = state.committed();
            if (committed != storedOffset && (closing || now - lastOffsetNanos >= OFFSET_EVERY_NANOS)) {
                offsetFile.write(committed, options.fsync() != FsyncMode.NEVER);
                storedOffset = committed;
                lastOffsetNanos = now;
            }
            for (SpoolState.Segment s : state.takeDelivered()) {
                Files.deleteIfExists(s.path);
            }
        } catch (IOException e) {
            if (ioErrorsLogged++ % 1000 == 0) {
                log.warn("spool {}: cannot store the read offset or delete a segment: {}", name, e.toString());
            }
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not supported on every file system; the segment's own data is synced regardless
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // closing after the last write: nothing left to lose
        }
    }
}
