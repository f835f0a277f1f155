package org.labbridge.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The bytes of a segment file: an 8-byte magic, then records of
 * {@code length:u32 | crc32c:u32 | seq:u64 | payload[length]} (big-endian). The checksum covers length,
 * seq and payload, so a record is trusted only when all three are as written: a torn or overwritten
 * record, or one read at a wrong offset, fails it.
 */
final class RecordFormat {

    static final byte[] MAGIC = "LBSPOOL1".getBytes(StandardCharsets.US_ASCII);
    static final int SEGMENT_HEADER = MAGIC.length;
    static final int RECORD_HEADER = 16;

    private RecordFormat() {
    }

    /** Bytes a record of {@code payloadLength} takes on disk. */
    static int recordSize(int payloadLength) {
        return RECORD_HEADER + payloadLength;
    }

    /** Appends one record to {@code out} (which has room for it). */
    static void write(ByteBuffer out, long seq, byte[] payload) {
        out.putInt(payload.length);
        out.putInt(crc(payload.length, seq, ByteBuffer.wrap(payload)));
        out.putLong(seq);
        out.put(payload);
    }

    /** The checksum of a record; {@code payload}'s position and limit are left as they were. */
    static int crc(int length, long seq, ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        ByteBuffer head = ByteBuffer.allocate(12).putInt(length).putLong(seq).flip();
        crc.update(head);
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }

    static String segmentName(long firstSeq) {
        return String.format("%020d.seg", firstSeq);
    }

    /** The first sequence number of a segment file's name, or -1 when it is not a segment's name. */
    static long firstSeqOf(String fileName) {
        if (!fileName.endsWith(".seg") || fileName.length() != 24) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
