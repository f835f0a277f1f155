package org.labbridge.spool;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {

    @TempDir
    Path dir;

    private MeterRegistry registry = new SimpleMeterRegistry();

    private SpoolOptions options(FsyncMode mode) {
        return SpoolOptions.of(dir, 1 << 20, mode, Duration.ofMillis(50));
    }

    private Spool open(SpoolOptions o) throws IOException {
        registry = new SimpleMeterRegistry();
        return Spool.open("test", o, registry);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SpoolRecord r) {
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    /** Appends and waits until each is written. @return their sequence numbers */
    private static List<Long> appendAll(Spool spool, List<String> payloads) throws Exception {
        List<CompletableFuture<Long>> fs = new ArrayList<>();
        for (String p : payloads) {
            fs.add(spool.append(bytes(p)));
        }
        List<Long> seqs = new ArrayList<>();
        for (CompletableFuture<Long> f : fs) {
            seqs.add(f.get(10, TimeUnit.SECONDS));
        }
        return seqs;
    }

    private static List<String> numbered(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static List<String> readAll(Spool spool) throws IOException {
        List<String> out = new ArrayList<>();
        for (List<SpoolRecord> batch; !(batch = spool.read(100, 1 << 20)).isEmpty(); ) {
            batch.forEach(r -> out.add(text(r)));
        }
        return out;
    }

    private double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void recordsAreReadInOrderWithConsecutiveSequenceNumbers() throws Exception {
        try (Spool spool = open(options(FsyncMode.INTERVAL))) {
            List<Long> seqs = appendAll(spool, numbered("m", 1, 5));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs);
            List<SpoolRecord> read = spool.read(3, 1 << 20);
            assertEquals(List.of("m1", "m2", "m3"), read.stream().map(SpoolTest::text).toList());
            assertEquals(List.of("m4", "m5"), readAll(spool));
            assertEquals(List.of(), spool.read(10, 100), "nothing more");
            assertEquals(5, spool.pendingRecords(), "read is not delivered");
            spool.commit(5, 5);
            assertEquals(0, spool.pendingRecords());
            assertEquals(5, counter(SpoolMeters.APPENDED.meterName()));
            assertEquals(5, counter(SpoolMeters.DELIVERED.meterName()));
        }
    }

    @Test
    void theReadOffsetSurvivesARestartAndUncommittedRecordsAreReadAgain() throws Exception {
        try (Spool spool = open(options(FsyncMode.NEVER))) {
            appendAll(spool, numbered("m", 1, 10));
            assertEquals(10, readAll(spool).size());
            spool.commit(4, 4);
        }
        assertTrue(Files.exists(dir.resolve(ReadOffsetFile.NAME)), "the offset is stored at close");
        try (Spool spool = open(options(FsyncMode.NEVER))) {
            assertEquals(numbered("m", 5, 10), readAll(spool), "records 5.. were read, not committed: again");
            assertEquals(List.of(11L), appendAll(spool, List.of("m11")), "numbering goes on");
            assertEquals(List.of("m11"), readAll(spool));
            spool.commit(11, 7);
        }
        try (Spool spool = open(options(FsyncMode.NEVER))) {
            assertEquals(List.of(), readAll(spool));
            assertEquals(0, spool.pendingRecords());
        }
    }

    @Test
    void theOffsetIsStoredWhileRunningNotOnlyAtClose() throws Exception {
        try (Spool spool = open(options(FsyncMode.NEVER))) {
            appendAll(spool, numbered("m", 1, 3));
            readAll(spool);
            spool.commit(2, 2);
            ReadOffsetFile file = new ReadOffsetFile(dir);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (file.read() != 3 && System.nanoTime() < deadline) {
                Thread.sleep(10); // poll with a deadline: the writer stores it within ~100 ms
            }
            assertEquals(3, file.read());
        }
    }

    @Test
    void segmentsRollAndDeliveredOnesAreDeleted() throws Exception {
        String pad = "x".repeat(200);
        try (Spool spool = open(options(FsyncMode.INTERVAL).withSegmentBytes(4096))) {
            appendAll(spool, numbered(pad, 1, 100)); // ~22 KB: 6 segments of 4 KiB
            assertTrue(segments().size() >= 5, "rolled: " + segments());
            for (Path p : segments()) {
                assertTrue(Files.size(p) <= 4096, p + " is larger than a segment");
            }
            List<String> read = readAll(spool);
            assertEquals(numbered(pad, 1, 100), read);
            spool.commit(100, 100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (segments().size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, segments().size(), "only the active segment is left");
        }
        try (Spool spool = open(options(FsyncMode.INTERVAL).withSegmentBytes(4096))) {
            assertEquals(List.of(101L), appendAll(spool, List.of("next")));
        }
    }

    @Test
    void beyondMaxBytesTheOldestAreDroppedAndCounted() throws Exception {
        SpoolOptions o = SpoolOptions.of(dir, 64 << 10, FsyncMode.NEVER, Duration.ofSeconds(1)).withSegmentBytes(8192);
        String pad = "y".repeat(84); // 100 bytes on disk each
        int n = 2000;
        try (Spool spool = open(o)) {
            appendAll(spool, numbered(pad, 1, n)); // 200 KB into 64 KiB
            assertTrue(spool.diskBytes() <= 64 << 10, "disk bytes " + spool.diskBytes());
            long onDisk = 0;
            for (Path p : segments()) {
                onDisk += Files.size(p);
            }
            assertTrue(onDisk <= 64 << 10, "files take " + onDisk);
            List<String> read = readAll(spool);
            double dropped = counter(SpoolMeters.DROPPED.meterName(), "reason", "max_bytes");
            assertEquals(n, read.size() + (long) dropped, "every record is read or counted as dropped");
            assertTrue(read.size() > 500, "most of max_bytes is kept: " + read.size());
            int first = n - read.size() + 1;
            assertEquals(numbered(pad, first, n), read, "the newest are kept, in order");
        }
    }

    @Test
    void aRecordDroppedWhileReadIsNotReadTwice() throws Exception {
        SpoolOptions o = SpoolOptions.of(dir, 64 << 10, FsyncMode.NEVER, Duration.ofSeconds(1)).withSegmentBytes(8192);
        try (Spool spool = open(o)) {
            appendAll(spool, numbered("a", 1, 10));
            assertEquals(numbered("a", 1, 3), spool.read(3, 1 << 20).stream().map(SpoolTest::text).toList());
            appendAll(spool, numbered("b".repeat(84), 1, 2000));
            List<String> rest = readAll(spool);
            assertTrue(rest.stream().noneMatch(s -> s.startsWith("a")), "the a's were dropped for room");
        }
    }

    /** The byte offset of record {@code index} (0-based) in a segment of equal-size payloads. */
    private static long offsetOf(int index, int payloadLength) {
        return RecordFormat.SEGMENT_HEADER + (long) index * RecordFormat.recordSize(payloadLength);
    }

    private void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5a);
        }
    }

    @Test
    void aCorruptRecordInTheMiddleIsSkippedAndCountedAndTheRestIsRead() throws Exception {
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            appendAll(spool, numbered("rec-", 10, 19)); // 10 payloads of 6 bytes
        }
        flipByte(segments().get(0), offsetOf(4, 6) + RecordFormat.RECORD_HEADER + 2); // payload of "rec-14"
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            List<String> expected = new ArrayList<>(numbered("rec-", 10, 19));
            expected.remove("rec-14");
            assertEquals(expected, readAll(spool), "never garbage, never blocked");
            assertEquals(1, counter(SpoolMeters.CORRUPTIONS.meterName(), "kind", "bad_record"));
            assertEquals(1, counter(SpoolMeters.SKIPPED.meterName()));
            assertEquals(0, counter(SpoolMeters.CORRUPTIONS.meterName(), "kind", "torn_tail"), "not the tail");
        }
    }

    @Test
    void aCorruptLengthFieldIsSkippedByFindingTheNextGoodRecord() throws Exception {
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            appendAll(spool, numbered("rec-", 10, 19));
        }
        flipByte(segments().get(0), offsetOf(2, 6) + 1); // length of "rec-12": now far too long
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            List<String> expected = new ArrayList<>(numbered("rec-", 10, 19));
            expected.remove("rec-12");
            assertEquals(expected, readAll(spool));
            assertEquals(1, counter(SpoolMeters.SKIPPED.meterName()));
        }
    }

    @Test
    void aTornTailIsCutOffCountedAndAppendsGoOnAfterIt() throws Exception {
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            appendAll(spool, numbered("rec-", 10, 19));
        }
        Path seg = segments().get(0);
        long size = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(size - 7); // the last record cut in the middle of its payload
        }
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            assertEquals(1, counter(SpoolMeters.CORRUPTIONS.meterName(), "kind", "torn_tail"));
            assertEquals(size - RecordFormat.recordSize(6), Files.size(seg), "cut back to the last whole record");
            assertEquals(List.of(10L), appendAll(spool, List.of("after")), "the torn record's number is reused");
            List<String> expected = new ArrayList<>(numbered("rec-", 10, 18));
            expected.add("after");
            assertEquals(expected, readAll(spool));
        }
    }

    @Test
    void aTruncatedLastSegmentAfterSeveralIsRecovered() throws Exception {
        String pad = "z".repeat(300);
        SpoolOptions o = options(FsyncMode.INTERVAL).withSegmentBytes(4096);
        List<Long> seqs;
        try (Spool spool = open(o)) {
            seqs = appendAll(spool, numbered(pad, 1, 40));
        }
        List<Path> segs = segments();
        assertTrue(segs.size() >= 3);
        Path last = segs.get(segs.size() - 1);
        long size = Files.size(last);
        try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
            f.setLength(size - RecordFormat.recordSize(pad.length() + 2) - 5); // the last whole record, and part of the one before
        }
        try (Spool spool = open(o)) {
            assertEquals(1, counter(SpoolMeters.CORRUPTIONS.meterName(), "kind", "torn_tail"));
            List<String> read = readAll(spool);
            assertEquals(numbered(pad, 1, 38), read, "everything before the torn tail, in order");
            assertEquals(List.of(seqs.get(38)), appendAll(spool, List.of("new")));
            assertEquals(List.of("new"), readAll(spool));
        }
    }

    @Test
    void garbageAfterTheLastRecordIsATornTail() throws Exception {
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            appendAll(spool, numbered("m", 1, 3));
        }
        Path seg = segments().get(0);
        Files.write(seg, new byte[100], java.nio.file.StandardOpenOption.APPEND); // zeros, as after a power cut
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            assertEquals(1, counter(SpoolMeters.CORRUPTIONS.meterName(), "kind", "torn_tail"));
            assertEquals(numbered("m", 1, 3), readAll(spool));
        }
    }

    @Test
    void aSegmentWithADamagedHeaderIsStartedAgain() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(RecordFormat.segmentName(1)), new byte[] {'L', 'B'}); // crashed while creating it
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            assertEquals(1, counter(SpoolMeters.CORRUPTIONS.meterName(), "kind", "torn_tail"));
            assertEquals(List.of(1L), appendAll(spool, List.of("first")));
            assertEquals(List.of("first"), readAll(spool));
        }
    }

    @Test
    void withFsyncAlwaysAnAppendCompletesOnlyOnceFsynced() throws Exception {
        try (Spool spool = open(options(FsyncMode.ALWAYS))) {
            appendAll(spool, List.of("a"));
            assertTrue(counter(SpoolMeters.FSYNCS.meterName()) >= 1, "fsynced before completing");
            assertTrue(Files.size(segments().get(0)) >= offsetOf(1, 1), "and written");
        }
    }

    @Test
    void withFsyncNeverNoFsyncHappens() throws Exception {
        try (Spool spool = open(options(FsyncMode.NEVER))) {
            appendAll(spool, numbered("m", 1, 100));
        }
        assertEquals(0, counter(SpoolMeters.FSYNCS.meterName()));
    }

    @Test
    void aRecordLargerThanASegmentIsRefusedAndCounted() throws Exception {
        try (Spool spool = open(options(FsyncMode.NEVER).withSegmentBytes(4096))) {
            CompletableFuture<Long> f = spool.append(new byte[5000]);
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertEquals(SpoolException.Reason.TOO_LARGE, ((SpoolException) e.getCause()).reason());
            assertEquals(1, counter(SpoolMeters.DROPPED.meterName(), "reason", "too_large"));
        }
    }

    @Test
    void appendsAfterCloseFail() throws Exception {
        Spool spool = open(options(FsyncMode.NEVER));
        spool.close();
        CompletableFuture<Long> f = spool.append(bytes("late"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertEquals(SpoolException.Reason.CLOSED, ((SpoolException) e.getCause()).reason());
    }

    @Test
    void oneSpoolPerDirectory() throws Exception {
        try (Spool spool = open(options(FsyncMode.NEVER))) {
            IOException e = assertThrows(IOException.class, () -> Spool.open("other", options(FsyncMode.NEVER),
                    new SimpleMeterRegistry()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void theHandoffRefusesBeyondItsBounds() {
        Handoff h = new Handoff(2, 1000);
        assertEquals(Handoff.Offer.TAKEN, h.offer(new Handoff.Pending(new byte[10], new CompletableFuture<>())));
        assertEquals(Handoff.Offer.TAKEN, h.offer(new Handoff.Pending(new byte[10], new CompletableFuture<>())));
        assertEquals(Handoff.Offer.FULL, h.offer(new Handoff.Pending(new byte[10], new CompletableFuture<>())));
        Handoff small = new Handoff(100, 15);
        assertEquals(Handoff.Offer.TAKEN, small.offer(new Handoff.Pending(new byte[10], new CompletableFuture<>())));
        assertEquals(Handoff.Offer.FULL, small.offer(new Handoff.Pending(new byte[10], new CompletableFuture<>())),
                "bytes bound");
        small.close();
        assertEquals(Handoff.Offer.CLOSED, small.offer(new Handoff.Pending(new byte[1], new CompletableFuture<>())));
    }

    @Test
    void aDamagedOffsetFileMeansDeliveringFromTheOldest() throws Exception {
        try (Spool spool = open(options(FsyncMode.NEVER))) {
            appendAll(spool, numbered("m", 1, 4));
            readAll(spool);
            spool.commit(2, 2);
        }
        Files.write(dir.resolve(ReadOffsetFile.NAME), new byte[] {1, 2, 3});
        try (Spool spool = open(options(FsyncMode.NEVER))) {
            assertEquals(numbered("m", 1, 4), readAll(spool), "sent again rather than lost");
        }
    }
}
