package org.labbridge.daemon.config;

import org.labbridge.config.ByteSize;
import org.labbridge.config.Default;
import org.labbridge.spool.FsyncMode;
import org.labbridge.spool.SpoolOptions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code spool:} section of a {@code bridge-client} or {@code mqtt-publish} node: its queue is kept on
 * disk, so what is queued while the server or broker is unreachable survives a crash or a restart of labbridge.
 *
 * @param dir           the spool's directory (created if missing; relative to the working directory);
 *                      one node per directory
 * @param maxBytes      what the spool may take on disk; beyond, the oldest records are dropped (counted)
 * @param fsync         {@code always}: a push is acknowledged once fsynced; {@code interval}: fsync every
 *                      {@code fsync_interval}; {@code never}: the OS writes back when it likes
 * @param fsyncInterval the longest time between fsyncs with {@code fsync: interval}
 */
public record SpoolConfig(
        String dir,
        @Default("1GiB") ByteSize maxBytes,
        @Default("interval") FsyncMode fsync,
        @Default("1s") Duration fsyncInterval) {

    public SpoolConfig {
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("spool dir must name a directory");
        }
        toOptions(dir, maxBytes, fsync, fsyncInterval); // names a bad value now, not when the node starts
    }

    public SpoolOptions toOptions() {
        return toOptions(dir, maxBytes, fsync, fsyncInterval);
    }

    private static SpoolOptions toOptions(String dir, ByteSize maxBytes, FsyncMode fsync, Duration interval) {
        return SpoolOptions.of(Path.of(dir), maxBytes.bytes(), fsync, interval);
    }
}
