package org.labbridge.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.labbridge.spool.FsyncMode;
import org.labbridge.spool.Spool;
import org.labbridge.spool.SpoolException;
import org.labbridge.spool.SpoolOptions;
import org.labbridge.spool.SpoolRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Benchmark main (not a test) for the disk spool (see {@code bench/spool-bench.sh}): appends of 100-byte
 * JSON records with {@code fsync: interval}, against a baseline measured in the same run on the same disk,
 * a plain {@code FileChannel} writing the same number of bytes in 1 MiB batches and fsyncing once a second
 * (what the disk and the kernel allow without checksums, the hand-off and the futures). Then the read side:
 * reading every record back in order.
 *
 * <pre>
 *   SpoolBench DIR [RECORDS]    # default 2,000,000 records after 300,000 of warm-up
 * </pre>
 */
public final class SpoolBench {

    private static final int PAYLOAD = 100;

    private SpoolBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        byte[] payload = payload();
        long maxBytes = Math.max(64L << 20, (long) (records + 300_000) * (PAYLOAD + 16) * 2);

        spool(dir.resolve("warm"), payload, 300_000, maxBytes); // JIT warm-up, not reported
        double base = baseline(dir.resolve("base"), payload, records);
        double[] spool = spool(dir.resolve("spool"), payload, records, maxBytes);
        System.out.printf(Locale.ROOT, "plain FileChannel (1 MiB writes, fsync 1/s): %,.0f records/s%n", base);
        System.out.printf(Locale.ROOT, "spool append, fsync: interval 1s:            %,.0f records/s  (%.2fx the plain writes)%n",
                spool[0], spool[0] / base);
        System.out.printf(Locale.ROOT, "spool read back in order (CRC checked):     %,.0f records/s%n", spool[1]);
    }

    /** A 100-byte JSON object, as a lab reading would be. */
    private static byte[] payload() {
        String head = "{\"codename\": \"furnace_temperature\", \"value\": 21.5, \"t\": 1764979200.125, \"pad\": \"";
        String json = head + "x".repeat(PAYLOAD - head.length() - 2) + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != PAYLOAD) {
            throw new IllegalStateException("payload of " + bytes.length);
        }
        return bytes;
    }

    /** @return {appends/s, reads/s} */
    private static double[] spool(Path dir, byte[] payload, int records, long maxBytes) throws Exception {
        SpoolOptions options = SpoolOptions.of(dir, maxBytes, FsyncMode.INTERVAL, Duration.ofSeconds(1));
        try (Spool spool = Spool.open("bench", options, new SimpleMeterRegistry())) {
            long t0 = System.nanoTime();
            CompletableFuture<Long> last = null;
            for (int i = 0; i < records; i++) {
                while (true) {
                    CompletableFuture<Long> f = spool.append(payload);
                    if (!f.isCompletedExceptionally()) {
                        last = f;
                        break;
                    }
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof SpoolException se) || se.reason() != SpoolException.Reason.HANDOFF_FULL) {
                            throw e;
                        }
                    }
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50)); // the writer is behind: back off
                }
            }
            last.get(60, TimeUnit.SECONDS);
            double appendRate = records / ((System.nanoTime() - t0) / 1e9);

            long t1 = System.nanoTime();
            long read = 0;
            long through = 0;
            while (read < records) {
                List<SpoolRecord> batch = spool.read(4096, 4 << 20);
                if (batch.isEmpty()) {
                    throw new IllegalStateException("read " + read + " of " + records);
                }
                read += batch.size();
                through = batch.get(batch.size() - 1).seq();
                spool.commit(through, batch.size());
            }
            double readRate = records / ((System.nanoTime() - t1) / 1e9);
            return new double[] {appendRate, readRate};
        } finally {
            delete(dir);
        }
    }

    private static double baseline(Path dir, byte[] payload, int records) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("plain");
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long t0 = System.nanoTime();
            long lastSync = t0;
            for (int i = 0; i < records; i++) {
                if (buf.remaining() < PAYLOAD + 16) {
                    flush(ch, buf);
                    long now = System.nanoTime();
                    if (now - lastSync >= 1_000_000_000L) {
                        ch.force(false);
                        lastSync = now;
                    }
                }
                buf.putInt(payload.length).putInt(0).putLong(i).put(payload);
            }
            flush(ch, buf);
            return records / ((System.nanoTime() - t0) / 1e9);
        } finally {
            delete(dir);
        }
    }

    private static void flush(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
