package org.labbridge.spool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the writer thread and the reading thread share, under this object's lock: the segments, the next
 * sequence number to write, the read cursor and the commit point. Records {@code [committed, readSeq)} are
 * read and not yet reported delivered; {@code [readSeq, nextSeq)} are written and not yet read.
 */
final class SpoolState {

    /** One segment file; its {@code size} is the bytes written and published (the reader reads no further). */
    static final class Segment {
        final long firstSeq;
        final Path path;
        long size;

        Segment(long firstSeq, Path path, long size) {
            this.firstSeq = firstSeq;
            this.path = path;
            this.size = size;
        }
    }

    /** What one read may look at: a segment, from where, up to which byte and sequence number. */
    record ReadPlan(Segment segment, long position, long readSeq, long endSeq, long limit) {
    }

    /** A segment dropped for room, and the records in it that were never read. */
    record Dropped(Segment segment, long unreadRecords) {
    }

    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long nextSeq;
    private long readSeq;
    private long readSegment = -1;
    private long readPos;
    private long committed;
    private long diskBytes;

    /** Called once at open, before any other thread sees this state. */
    synchronized void init(List<Segment> recovered, long nextSeq, long committed) {
        for (Segment s : recovered) {
            segments.put(s.firstSeq, s);
            diskBytes += s.size;
        }
        this.nextSeq = nextSeq;
        this.committed = committed;
        this.readSeq = committed;
    }

    // ---------------------------------------------------------------- writer side

    synchronized Segment active() {
        return segments.lastEntry().getValue();
    }

    synchronized long nextSeq() {
        return nextSeq;
    }

    synchronized void addSegment(Segment s) {
        segments.put(s.firstSeq, s);
        diskBytes += s.size;
    }

    /** Makes the records written to the active segment visible to the reader. */
    synchronized void published(Segment active, long size, long next) {
        diskBytes += size - active.size;
        active.size = size;
        nextSeq = next;
    }

    synchronized long diskBytes() {
        return diskBytes;
    }

    synchronized int segmentCount() {
        return segments.size();
    }

    /** Removes the oldest segment (never the active one: the caller checks there are two). */
    synchronized Dropped dropOldest() {
        Segment oldest = segments.pollFirstEntry().getValue();
        long end = segments.firstKey();
        long unread = 0;
        if (readSeq < end) {
            unread = end - Math.max(readSeq, oldest.firstSeq);
            readSeq = end;
        }
        diskBytes -= oldest.size;
        return new Dropped(oldest, unread);
    }

    /** Removes and returns the segments whose records were all delivered (never the active one). */
    synchronized List<Segment> takeDelivered() {
        List<Segment> done = new ArrayList<>();
        while (segments.size() > 1) {
            Map.Entry<Long, Segment> first = segments.firstEntry();
            long end = segments.higherKey(first.getKey());
            if (end > committed || end > readSeq) {
                break;
            }
            segments.pollFirstEntry();
            diskBytes -= first.getValue().size;
            done.add(first.getValue());
        }
        return done;
    }

    // ---------------------------------------------------------------- reader side

    /** The next read, or null when every written record was read. */
    synchronized ReadPlan plan() {
        if (readSeq >= nextSeq) {
            return null;
        }
        Map.Entry<Long, Segment> e = segments.floorEntry(readSeq);
        if (e == null) { // below the first segment: dropped meanwhile
            readSeq = segments.firstKey();
            e = segments.firstEntry();
        }
        Segment s = e.getValue();
        if (s.firstSeq != readSegment) {
            readSegment = s.firstSeq;
            readPos = RecordFormat.SEGMENT_HEADER;
        }
        Long next = segments.higherKey(s.firstSeq);
        long endSeq = next != null ? next : nextSeq;
        return new ReadPlan(s, readPos, readSeq, endSeq, s.size);
    }

    /**
     * Moves the cursor after a read of {@code plan}; false (nothing moved) when the writer dropped records
     * meanwhile: the read's records must then be discarded, they were counted as dropped.
     */
    synchronized boolean advance(ReadPlan plan, long position, long seq) {
        if (readSeq != plan.readSeq() || readSegment != plan.segment().firstSeq) {
            return false;
        }
        readPos = position;
        readSeq = seq;
        return true;
    }

    /** Records up to {@code throughSeq} were delivered. */
    synchronized void commit(long throughSeq) {
        committed = Math.max(committed, throughSeq + 1);
    }

    synchronized long committed() {
        return committed;
    }

    synchronized long unread() {
        return nextSeq - readSeq;
    }

    /** Written and not yet delivered. */
    synchronized long pending() {
        long first = segments.isEmpty() ? nextSeq : segments.firstKey();
        return nextSeq - Math.max(committed, first);
    }
}
