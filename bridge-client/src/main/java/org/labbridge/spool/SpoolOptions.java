package org.labbridge.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Spool} is kept.
 *
 * @param dir              its directory (created if missing; one spool per directory, locked)
 * @param maxBytes         what its segment files may take on disk; beyond, the oldest segment is dropped
 * @param fsync            when the writer calls fsync
 * @param fsyncInterval    the longest time between fsyncs with {@link FsyncMode#INTERVAL}
 * @param segmentBytes     the size at which a segment file is closed and a new one started
 * @param handoffRecords   records waiting for the writer thread, at most
 * @param handoffBytes     bytes waiting for the writer thread, at most
 */
public record SpoolOptions(Path dir, long maxBytes, FsyncMode fsync, Duration fsyncInterval, long segmentBytes,
                           int handoffRecords, long handoffBytes) {

    /** The smallest {@code maxBytes}: room for a few segments of a few records. */
    public static final long MIN_MAX_BYTES = 64 << 10;

    public SpoolOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("spool max_bytes must be at least " + MIN_MAX_BYTES + " bytes");
        }
        if (segmentBytes < 4096 || segmentBytes > maxBytes / 2) {
            throw new IllegalArgumentException("segment size must be between 4 KiB and max_bytes / 2");
        }
        if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
            throw new IllegalArgumentException("spool fsync_interval must be positive");
        }
        if (handoffRecords < 1 || handoffBytes < 1) {
            throw new IllegalArgumentException("hand-off bounds must be positive");
        }
    }

    /**
     * Options with the derived defaults: segments of max_bytes / 8 (at most 64 MiB, so that dropping the
     * oldest segment drops at most an eighth), a hand-off of 64 Ki records and 16 MiB.
     */
    public static SpoolOptions of(Path dir, long maxBytes, FsyncMode fsync, Duration fsyncInterval) {
        long segment = Math.max(4096, Math.min(64L << 20, maxBytes / 8));
        return new SpoolOptions(dir, maxBytes, fsync, fsyncInterval, segment, 65_536, 16L << 20);
    }

    /** The same with another segment size (tests use small ones). */
    public SpoolOptions withSegmentBytes(long bytes) {
        return new SpoolOptions(dir, maxBytes, fsync, fsyncInterval, bytes, handoffRecords, handoffBytes);
    }

    /** The same with other hand-off bounds. */
    public SpoolOptions withHandoff(int records, long bytes) {
        return new SpoolOptions(dir, maxBytes, fsync, fsyncInterval, segmentBytes, records, bytes);
    }
}
