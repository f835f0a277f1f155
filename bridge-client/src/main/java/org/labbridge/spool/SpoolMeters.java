package org.labbridge.spool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** Every meter of a {@link Spool}; all carry the tag {@code spool} (the spool's name, e.g. its node's). */
public enum SpoolMeters {
    /** Records written to the spool. */
    APPENDED("labbridge.spool.records.appended", "records written to the spool"),
    /** Records the consumer reported delivered (committed: they will not be read again). */
    DELIVERED("labbridge.spool.records.delivered", "spooled records delivered and committed"),
    /**
     * Records lost; tag {@code reason}: max_bytes (the oldest, dropped for room), handoff_full (refused: the
     * writer is behind), too_large, closed, io_error (the write failed), undeliverable (read back, but the consumer
     * cannot send it).
     */
    DROPPED("labbridge.spool.records.dropped", "records dropped or refused, by reason"),
    /**
     * Damaged places found on disk; tag {@code kind}: torn_tail (an incomplete last record after a crash,
     * cut off at start-up), bad_record (a record failing its checksum, skipped).
     */
    CORRUPTIONS("labbridge.spool.corruptions", "damaged records found on disk, by kind"),
    /** Sequence numbers skipped because their records were damaged or missing. */
    SKIPPED("labbridge.spool.records.skipped", "damaged or missing records skipped"),
    /** fsync calls on segment files. */
    FSYNCS("labbridge.spool.fsyncs", "fsync calls"),
    /** Gauge: records appended and not yet delivered. */
    PENDING("labbridge.spool.pending.records", "records waiting for delivery"),
    /** Gauge: bytes of the segment files. */
    DISK_BYTES("labbridge.spool.disk.bytes", "bytes the spool takes on disk");

    private final String meterName;
    private final String description;

    SpoolMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }

    Counter counter(MeterRegistry registry, String spool, String... extraTags) {
        return Counter.builder(meterName).description(description).tags(Tags.of("spool", spool)).tags(extraTags)
                .register(registry);
    }
}
