package org.labbridge.spool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A crash-safe FIFO of records on disk: appended from any thread, read in order by one consumer thread,
 * removed when the consumer {@link #commit commits} them.
 *
 * <pre>{@code
 * try (Spool spool = Spool.open("uplink", SpoolOptions.of(dir, 1L << 30, FsyncMode.INTERVAL, Duration.ofSeconds(1)), registry)) {
 *     spool.append(bytes).whenComplete((seq, failure) -> ...);   // never blocks
 *     for (SpoolRecord r : spool.read(512, 1 << 20)) { send(r.payload()); }   // blocking disk read
 *     spool.commit(lastSeq, count);                                          // delivered
 * }
 * }</pre>
 *
 * <p><b>Appending</b> never blocks and never touches the disk on the caller's thread: the record goes into
 * a bounded hand-off (records and bytes) to the writer thread, and the returned future completes with its
 * sequence number once it is written to the operating system, and with {@code fsync: always} also on disk
 * (see {@link FsyncMode}). It fails with a {@link SpoolException} when the hand-off is full, the record is
 * too large, the spool is closed or the write failed. Beyond {@code max_bytes} the oldest segment is
 * dropped, its undelivered records counted.
 *
 * <p><b>Crash safety.</b> Every record carries a CRC32C over its length, sequence number and payload. At
 * open the last segment is scanned: an incomplete or damaged tail (a write cut off by a crash) is counted
 * and cut off. Reading skips, and counts, any record that fails its checksum and goes on with the next good
 * one. The read offset is stored in its own file, replaced atomically, at most every 100 ms: records
 * delivered but not yet in that file when the process dies are read again after a restart.
 *
 * <p>One spool per directory: a lock file keeps a second process (or a second spool in this one) out.
 */
public final class Spool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    /** The meters of one spool (package-private: the writer counts too). */
    static final class Meters {
        final Counter appended;
        final Counter delivered;
        final Counter droppedMaxBytes;
        final Counter droppedHandoffFull;
        final Counter droppedTooLarge;
        final Counter droppedClosed;
        final Counter droppedIoError;
        final Counter droppedUndeliverable;
        final Counter tornTails;
        final Counter badRecords;
        final Counter skipped;
        final Counter fsyncs;

        Meters(MeterRegistry r, String name) {
            appended = SpoolMeters.APPENDED.counter(r, name);
            delivered = SpoolMeters.DELIVERED.counter(r, name);
            droppedMaxBytes = SpoolMeters.DROPPED.counter(r, name, "reason", "max_bytes");
            droppedHandoffFull = SpoolMeters.DROPPED.counter(r, name, "reason", SpoolException.Reason.HANDOFF_FULL.tag());
            droppedTooLarge = SpoolMeters.DROPPED.counter(r, name, "reason", SpoolException.Reason.TOO_LARGE.tag());
            droppedClosed = SpoolMeters.DROPPED.counter(r, name, "reason", SpoolException.Reason.CLOSED.tag());
            droppedIoError = SpoolMeters.DROPPED.counter(r, name, "reason", SpoolException.Reason.IO_ERROR.tag());
            droppedUndeliverable = SpoolMeters.DROPPED.counter(r, name, "reason", "undeliverable");
            tornTails = SpoolMeters.CORRUPTIONS.counter(r, name, "kind", "torn_tail");
            badRecords = SpoolMeters.CORRUPTIONS.counter(r, name, "kind", "bad_record");
            skipped = SpoolMeters.SKIPPED.counter(r, name);
            fsyncs = SpoolMeters.FSYNCS.counter(r, name);
        }
    }

    private final String name;
    private final SpoolOptions options;
    private final SpoolState state;
    private final Handoff handoff;
    private final Meters meters;
    private final int maxPayload;
    private final FileChannel lockChannel;
    private final Thread writerThread;
    private volatile Runnable writtenListener = () -> { };
    private SegmentScanner reader;
    private Path readerPath;
    private long corruptLogged;

    private Spool(String name, SpoolOptions options, SpoolState state, Meters meters, FileChannel lockChannel,
                  ReadOffsetFile offsetFile) throws IOException {
        this.name = name;
        this.options = options;
        this.state = state;
        this.meters = meters;
        this.lockChannel = lockChannel;
        this.maxPayload = (int) Math.min(Integer.MAX_VALUE - 64,
                options.segmentBytes() - RecordFormat.SEGMENT_HEADER - RecordFormat.RECORD_HEADER);
        this.handoff = new Handoff(options.handoffRecords(), options.handoffBytes());
        SpoolWriter writer = new SpoolWriter(name, options, state, handoff, offsetFile, meters,
                () -> writtenListener.run());
        this.writerThread = new Thread(writer, "labbridge-spool-" + name);
        writerThread.setDaemon(true);
    }

    /**
     * Opens (or creates) the spool in {@code options.dir()}: recovers what is there, cutting off a torn
     * tail, and starts the writer thread.
     *
     * @param name the {@code spool} tag of its meters and its name in the log
     * @throws IOException when the directory cannot be used or another spool holds it
     */
    public static Spool open(String name, SpoolOptions options, MeterRegistry registry) throws IOException {
        Path dir = options.dir();
        Files.createDirectories(dir);
        FileChannel lock = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock held = lock.tryLock();
            if (held == null) {
                throw new IOException("spool directory " + dir + " is in use by another process");
            }
        } catch (OverlappingFileLockException e) {
            lock.close();
            throw new IOException("spool directory " + dir + " is in use by another spool of this process");
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        try {
            Meters meters = new Meters(registry, name);
            SpoolState state = new SpoolState();
            ReadOffsetFile offsetFile = new ReadOffsetFile(dir);
            new SpoolRecovery(name, options, meters).recover(state, offsetFile);
            Spool spool = new Spool(name, options, state, meters, lock, offsetFile);
            Gauge.builder(SpoolMeters.PENDING.meterName(), state, SpoolState::pending)
                    .description(SpoolMeters.PENDING.description()).tag("spool", name).register(registry);
            Gauge.builder(SpoolMeters.DISK_BYTES.meterName(), state, SpoolState::diskBytes)
                    .description(SpoolMeters.DISK_BYTES.description()).tag("spool", name).register(registry);
            spool.writerThread.start();
            return spool;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    Meters meters() {
        return meters;
    }

    public String name() {
        return name;
    }

    public SpoolOptions options() {
        return options;
    }

    /**
     * Appends one record; never blocks. The future completes with its sequence number when it is written
     * (and fsynced with {@code fsync: always}), on the writer thread: what depends on it must be quick.
     */
    public CompletableFuture<Long> append(byte[] payload) {
        CompletableFuture<Long> written = new CompletableFuture<>();
        if (payload.length > maxPayload) {
            meters.droppedTooLarge.increment();
            written.completeExceptionally(new SpoolException(SpoolException.Reason.TOO_LARGE, "a record of "
                    + payload.length + " bytes exceeds the spool's segment size", null));
            return written;
        }
        switch (handoff.offer(new Handoff.Pending(payload, written))) {
            case TAKEN -> { }
            case FULL -> {
                meters.droppedHandoffFull.increment();
                written.completeExceptionally(new SpoolException(SpoolException.Reason.HANDOFF_FULL,
                        "the spool's writer is behind (" + options.handoffRecords() + " records waiting)", null));
            }
            case CLOSED -> {
                meters.droppedClosed.increment();
                written.completeExceptionally(new SpoolException(SpoolException.Reason.CLOSED, "the spool is closed", null));
            }
        }
        return written;
    }

    /** Called on the writer thread after each written batch (e.g. to wake a consumer); must be quick. */
    public void onWritten(Runnable listener) {
        this.writtenListener = listener;
    }

    /**
     * Reads the next records (at most {@code maxRecords}, and at most {@code maxBytes} of payload unless
     * the first alone is larger), in order, skipping damaged ones; empty when every written record was
     * read. Blocking disk I/O: call it from one consumer thread, never from an event loop.
     */
    public List<SpoolRecord> read(int maxRecords, long maxBytes) throws IOException {
        while (true) {
            SpoolState.ReadPlan plan = state.plan();
            if (plan == null) {
                return List.of();
            }
            SegmentScanner scanner = scanner(plan.segment().path);
            if (scanner == null) {
                continue; // the segment was dropped meanwhile: plan() moves on
            }
            SegmentScanner.Result r = scanner.scan(plan.limit(), plan.position(), plan.readSeq(), plan.endSeq(),
                    maxRecords, maxBytes);
            long nextSeq = r.nextSeq();
            long skipped = r.skippedRecords();
            if (r.nextPosition() >= plan.limit() && nextSeq < plan.endSeq() && plan.endSeq() != Long.MAX_VALUE
                    && r.records().size() < maxRecords) {
                skipped += plan.endSeq() - nextSeq; // the segment ends early (cut off): its missing records are gone
                nextSeq = plan.endSeq();
            }
            if (!state.advance(plan, r.nextPosition(), nextSeq)) {
                continue; // the writer dropped these records for room meanwhile (counted there)
            }
            if (r.corruptRegions() > 0 || skipped > 0) {
                corrupt(plan.segment().path, r.corruptRegions(), skipped);
            }
            if (!r.records().isEmpty()) {
                return r.records();
            }
        }
    }

    private void corrupt(Path segment, int regions, long skipped) {
        meters.badRecords.increment(regions);
        meters.skipped.increment(skipped);
        if (corruptLogged++ % 100 == 0) {
            log.warn("spool {}: {} damaged place(s) in {}; skipped {} record(s) ({} such warnings so far)", name,
                    regions, segment.getFileName(), skipped, corruptLogged);
        }
    }

    /** The reader of that segment file, or null when it is gone. */
    private SegmentScanner scanner(Path path) throws IOException {
        if (!path.equals(readerPath)) {
            if (reader != null) {
                reader.channel().close();
                reader = null;
                readerPath = null;
            }
            try {
                reader = new SegmentScanner(FileChannel.open(path, StandardOpenOption.READ), SegmentScanner.MAX_PAYLOAD);
            } catch (NoSuchFileException e) {
                return null;
            }
            readerPath = path;
        }
        return reader;
    }

    /**
     * The consumer delivered every record up to {@code throughSeq} ({@code records} of them since its last
     * commit, for the meter). Cheap, never blocks on the disk: the writer stores the offset soon after.
     */
    public void commit(long throughSeq, long records) {
        state.commit(throughSeq);
        meters.delivered.increment(records);
    }

    /** Records written and not yet read. */
    public long unreadRecords() {
        return state.unread();
    }

    /** Records written and not yet committed. */
    public long pendingRecords() {
        return state.pending();
    }

    /** Bytes of the segment files. */
    public long diskBytes() {
        return state.diskBytes();
    }

    /**
     * Refuses further appends, writes what the hand-off holds, fsyncs (unless {@code never}), stores the
     * read offset and releases the directory; waits at most 10 s for the writer.
     */
    @Override
    public void close() {
        handoff.close();
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (reader != null) {
                reader.channel().close();
            }
            lockChannel.close();
        } catch (IOException e) {
            log.debug("spool {}: closing: {}", name, e.toString());
        }
    }
}
