package org.labbridge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads records from one segment file, checking each one's checksum and sequence number. What does not
 * check out is never returned: the scanner looks, byte by byte, for the next record that does (its
 * sequence number between the expected one and the segment's end), and reports the records in between as
 * skipped. If there is none, the rest of the segment is skipped.
 */
final class SegmentScanner {

    /** What one scan found. */
    record Result(List<SpoolRecord> records, long nextPosition, long nextSeq, long skippedRecords, int corruptRegions) {
    }

    private static final int WINDOW = 256 << 10;

    /**
     * The largest payload a reader accepts: any length that fits the segment could be real (the segment
     * size may have been larger when it was written), so only the segment's end bounds it.
     */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    private final FileChannel channel;
    private final int maxPayload;
    /** The segment's end for the current scan: bytes after it are not looked at. */
    private long limit;
    /** Bytes of the file from windowStart; only ever bytes before a limit, which never change once written. */
    private ByteBuffer window = ByteBuffer.allocate(0);
    private long windowStart;

    /** @param maxPayload the largest payload a valid record can have (a larger length is corruption) */
    SegmentScanner(FileChannel channel, int maxPayload) {
        this.channel = channel;
        this.maxPayload = maxPayload;
    }

    FileChannel channel() {
        return channel;
    }

    /**
     * Reads from {@code position} on, records with a sequence number below {@code expectedSeq} are passed
     * over (already read), and those from {@code expectedSeq} up to {@code endSeq} (exclusive: the next
     * segment's first) are returned, at most {@code maxRecords} of at most {@code maxBytes} payload bytes
     * (at least one when there is one).
     */
    Result scan(long limit, long position, long expectedSeq, long endSeq, int maxRecords, long maxBytes)
            throws IOException {
        this.limit = limit;
        List<SpoolRecord> out = new ArrayList<>();
        long pos = position;
        long expected = expectedSeq;
        long skipped = 0;
        int corrupt = 0;
        long bytes = 0;
        while (pos < limit && expected < endSeq && out.size() < maxRecords && (out.isEmpty() || bytes < maxBytes)) {
            Header h = header(pos, -1, endSeq); // a lower seq than expected: read before, passed over
            if (h == null) {
                corrupt++;
                long found = resync(pos + 1, expected, endSeq);
                if (found < 0) {
                    skipped += endSeq - expected;
                    expected = endSeq;
                    pos = limit;
                    break;
                }
                Header next = header(found, expected - 1, endSeq);
                skipped += next.seq - expected;
                expected = next.seq;
                pos = found;
                continue;
            }
            if (h.seq >= expected) {
                if (h.seq > expected) { // records missing between two good ones (never written, or lost)
                    corrupt++;
                    skipped += h.seq - expected;
                }
                out.add(new SpoolRecord(h.seq, payload(pos + RecordFormat.RECORD_HEADER, h.length)));
                bytes += h.length;
                expected = h.seq + 1;
            }
            pos += RecordFormat.recordSize(h.length);
        }
        return new Result(out, pos, expected, skipped, corrupt);
    }

    /**
     * Scans to the end of the valid records (for the last segment at open). @return the position after the
     * last valid record and the sequence number after it, skipping as {@link #scan} does in between.
     */
    Result scanToEnd(long limit, long position, long firstSeq) throws IOException {
        this.limit = limit;
        long pos = position;
        long expected = firstSeq;
        long skipped = 0;
        int corrupt = 0;
        long validEnd = position;
        while (pos < limit) {
            Header h = header(pos, expected - 1, Long.MAX_VALUE);
            if (h == null) {
                long found = resync(pos + 1, expected, Long.MAX_VALUE);
                if (found < 0) {
                    break; // the torn tail: everything from validEnd on
                }
                corrupt++;
                Header next = header(found, expected - 1, Long.MAX_VALUE);
                skipped += next.seq - expected;
                expected = next.seq;
                pos = found;
                continue;
            }
            pos += RecordFormat.recordSize(h.length);
            expected = h.seq + 1;
            validEnd = pos;
        }
        return new Result(List.of(), validEnd, expected, skipped, corrupt);
    }

    private record Header(int length, long seq) {
    }

    /** The record at {@code pos} when it checks out with a seq in (afterSeq, endSeq), else null. */
    private Header header(long pos, long afterSeq, long endSeq) throws IOException {
        if (pos + RecordFormat.RECORD_HEADER > limit) {
            return null;
        }
        ByteBuffer b = bytes(pos, RecordFormat.RECORD_HEADER);
        if (b == null) {
            return null;
        }
        int length = b.getInt();
        int crc = b.getInt();
        long seq = b.getLong();
        if (length < 0 || length > maxPayload || seq <= afterSeq || seq >= endSeq
                || pos + RecordFormat.recordSize(length) > limit) {
            return null;
        }
        ByteBuffer payload = bytes(pos + RecordFormat.RECORD_HEADER, length);
        return payload != null && RecordFormat.crc(length, seq, payload) == crc ? new Header(length, seq) : null;
    }

    /** The first position from {@code from} holding a valid record with seq >= expected, or -1. */
    private long resync(long from, long expected, long endSeq) throws IOException {
        for (long p = from; p + RecordFormat.RECORD_HEADER <= limit; p++) {
            if (header(p, expected - 1, endSeq) != null) {
                return p;
            }
        }
        return -1;
    }

    private byte[] payload(long pos, int length) throws IOException {
        byte[] data = new byte[length];
        bytes(pos, length).get(data);
        return data;
    }

    /** {@code n} bytes at {@code pos}, from the window (refilled when they are not all in it); null past the file's end. */
    private ByteBuffer bytes(long pos, int n) throws IOException {
        if (pos < windowStart || pos + n > windowStart + window.limit()) {
            fill(pos, n);
            if (window.limit() < n) {
                return null;
            }
        }
        int at = (int) (pos - windowStart);
        return window.duplicate().position(at).limit(at + n).slice();
    }

    private void fill(long pos, int n) throws IOException {
        int size = (int) Math.min(Math.max(WINDOW, n), limit - pos);
        if (window.capacity() < size) {
            window = ByteBuffer.allocate(size);
        }
        window.clear().limit(size);
        while (window.hasRemaining()) {
            int r = channel.read(window, pos + window.position());
            if (r < 0) {
                break; // shorter than its recorded size: what is missing is not valid
            }
        }
        window.flip();
        windowStart = pos;
    }
}
