package org.labbridge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The {@code read-offset} file: the sequence number of the first record not yet delivered, with a CRC32C.
 * It is replaced atomically (written to a temporary file, renamed over), so a crash leaves the old or the
 * new one, never a mix; a damaged one (a power cut with {@code fsync: never}) reads as absent.
 */
final class ReadOffsetFile {

    static final String NAME = "read-offset";

    private final Path file;
    private final Path temp;

    ReadOffsetFile(Path dir) {
        this.file = dir.resolve(NAME);
        this.temp = dir.resolve(NAME + ".tmp");
    }

    /** The stored offset, or -1 when there is none or it is damaged. */
    long read() throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return -1;
        }
        if (data.length != 12) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        long seq = b.getLong();
        CRC32C crc = new CRC32C();
        crc.update(data, 0, 8);
        return (int) crc.getValue() == b.getInt() && seq >= 0 ? seq : -1;
    }

    /** Replaces the stored offset; with {@code sync} the new file is on disk before it replaces the old. */
    void write(long seq, boolean sync) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12).putLong(seq);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 8);
        b.putInt((int) crc.getValue()).flip();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (sync) {
                ch.force(false);
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
