package org.labbridge.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Opening a spool directory: finds the segments, cuts a torn tail off the last one (counted, logged),
 * reads the read offset and deletes segments that were wholly delivered.
 */
final class SpoolRecovery {

    private static final Logger log = LoggerFactory.getLogger(SpoolRecovery.class);

    private final String name;
    private final SpoolOptions options;
    private final Spool.Meters meters;

    SpoolRecovery(String name, SpoolOptions options, Spool.Meters meters) {
        this.name = name;
        this.options = options;
        this.meters = meters;
    }

    void recover(SpoolState state, ReadOffsetFile offsetFile) throws IOException {
        Path dir = options.dir();
        Files.deleteIfExists(dir.resolve(ReadOffsetFile.NAME + ".tmp"));
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path p : files) {
                long first = RecordFormat.firstSeqOf(p.getFileName().toString());
                if (first >= 0) {
                    found.put(first, p);
                }
            }
        }
        long offset = offsetFile.read();
        if (found.isEmpty()) {
            long first = Math.max(1, offset);
            Path path = dir.resolve(RecordFormat.segmentName(first));
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(RecordFormat.MAGIC), 0);
                ch.force(false);
            }
            SpoolWriter.syncDirectory(dir);
            state.init(List.of(new SpoolState.Segment(first, path, RecordFormat.SEGMENT_HEADER)), first, first);
            return;
        }
        List<SpoolState.Segment> segments = new ArrayList<>();
        for (var e : found.entrySet()) {
            segments.add(new SpoolState.Segment(e.getKey(), e.getValue(), Files.size(e.getValue())));
        }
        SpoolState.Segment last = segments.get(segments.size() - 1);
        long nextSeq = recoverLast(last);
        long firstSeq = segments.get(0).firstSeq;
        if (offset < 0 && Files.exists(dir.resolve(ReadOffsetFile.NAME))) {
            log.warn("spool {}: the read offset file is damaged; delivering from the oldest record (some may be "
                    + "sent again)", name);
        }
        long committed = offset < 0 ? firstSeq : Math.max(firstSeq, Math.min(offset, nextSeq));
        List<SpoolState.Segment> kept = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            SpoolState.Segment s = segments.get(i);
            boolean delivered = i < segments.size() - 1 && segments.get(i + 1).firstSeq <= committed;
            if (delivered) {
                Files.deleteIfExists(s.path);
            } else {
                kept.add(s);
            }
        }
        state.init(kept, nextSeq, committed);
        long pending = nextSeq - committed;
        if (pending > 0) {
            log.info("spool {}: {} record(s) waiting from before the restart", name, pending);
        }
    }

    /** Scans the last segment, cuts off a torn tail. @return the next sequence number to write */
    private long recoverLast(SpoolState.Segment last) throws IOException {
        try (FileChannel ch = FileChannel.open(last.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER);
            while (magic.hasRemaining() && ch.read(magic, magic.position()) > 0) {
                // read the header
            }
            if (size < RecordFormat.SEGMENT_HEADER || !Arrays.equals(magic.array(), RecordFormat.MAGIC)) {
                if (size > 0) {
                    tornTail(last, size);
                }
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(RecordFormat.MAGIC), 0);
                ch.force(false);
                last.size = RecordFormat.SEGMENT_HEADER;
                return last.firstSeq;
            }
            SegmentScanner scanner = new SegmentScanner(ch, SegmentScanner.MAX_PAYLOAD);
            SegmentScanner.Result r = scanner.scanToEnd(size, RecordFormat.SEGMENT_HEADER, last.firstSeq);
            if (r.nextPosition() < size) {
                tornTail(last, size - r.nextPosition());
                ch.truncate(r.nextPosition());
                ch.force(false);
            }
            last.size = r.nextPosition();
            return r.nextSeq();
        }
    }

    private void tornTail(SpoolState.Segment segment, long bytes) {
        meters.tornTails.increment();
        log.warn("spool {}: {} has an incomplete or damaged tail of {} byte(s) (a write cut off by a crash); "
                + "cut off", name, segment.path.getFileName(), bytes);
    }
}
