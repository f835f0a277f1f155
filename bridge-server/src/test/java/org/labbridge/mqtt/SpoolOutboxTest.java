package org.labbridge.mqtt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.spool.FsyncMode;
import org.labbridge.spool.SpoolOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolOutboxTest {

    @TempDir
    Path dir;

    private final List<String> drops = new CopyOnWriteArrayList<>();
    private final List<SpoolOutbox> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(SpoolOutbox::close);
    }

    private SpoolOutbox open(int windowRecords) throws Exception {
        SpoolOutbox box = SpoolOutbox.open("up", SpoolOptions.of(dir, 1 << 20, FsyncMode.NEVER, Duration.ofSeconds(1)),
                windowRecords, 1 << 20, new SimpleMeterRegistry(), (reason, n) -> drops.add(reason + ":" + n));
        open.add(box);
        return box;
    }

    private static MqttRecord record(int i) {
        return new MqttRecord(0, "lab/t/" + i, ("{\"v\": " + i + "}").getBytes(StandardCharsets.UTF_8), i % 2 == 0);
    }

    /** Offers records 0..n-1 and waits until each is written. */
    private static void offerWritten(SpoolOutbox box, int from, int to) throws Exception {
        List<CompletableFuture<?>> kept = new ArrayList<>();
        for (int i = from; i < to; i++) {
            kept.add(box.offer(record(i)));
        }
        CompletableFuture.allOf(kept.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    /** The next record, polled until the forwarder has read it back from disk (or 10 s passed). */
    private static MqttRecord take(SpoolOutbox box) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        MqttRecord r;
        while ((r = box.take()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no record within 10 s");
            }
            Thread.sleep(5); // poll interval of a poll-with-deadline
        }
        return r;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within 10 s");
            }
            Thread.sleep(5); // poll interval of a poll-with-deadline
        }
    }

    private static void assertRecord(int i, MqttRecord r) {
        MqttRecord expected = record(i);
        assertEquals(expected.topic(), r.topic());
        assertArrayEquals(expected.payload(), r.payload());
        assertEquals(expected.retain(), r.retain());
    }

    @Test
    void recordsComeBackInOrderWithTopicPayloadAndRetain() throws Exception {
        SpoolOutbox box = open(100);
        offerWritten(box, 0, 5);
        for (int i = 0; i < 5; i++) {
            assertRecord(i, take(box));
        }
        assertNull(box.take());
    }

    @Test
    void whatTheBrokerDidNotAcknowledgeSurvivesARestartAndWhatItDidIsGone() throws Exception {
        SpoolOutbox box = open(100);
        offerWritten(box, 0, 10);
        List<MqttRecord> taken = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            taken.add(take(box));
        }
        for (int i = 0; i < 4; i++) {
            box.acknowledge(taken.get(i));
        }
        await(() -> box.pending() == 6, "4 of 10 committed");
        box.close();
        open.remove(box);

        SpoolOutbox again = open(100);
        for (int i = 4; i < 10; i++) {
            assertRecord(i, take(again)); // sent, never acknowledged: sent again
        }
        assertNull(again.take());
    }

    @Test
    void anAcknowledgementIsCommittedOnlyOnceEveryEarlierRecordIsToo() throws Exception {
        SpoolOutbox box = open(100);
        offerWritten(box, 0, 3);
        MqttRecord first = take(box);
        MqttRecord second = take(box);
        MqttRecord third = take(box);
        box.acknowledge(third);
        box.acknowledge(second);
        assertEquals(3, box.pending(), "the first is not acknowledged: nothing can be committed");
        box.acknowledge(first);
        await(() -> box.pending() == 0, "all three committed");
    }

    @Test
    void recordsPutBackAreTakenFirstInTheirOrder() throws Exception {
        SpoolOutbox box = open(100);
        offerWritten(box, 0, 5);
        MqttRecord a = take(box);
        MqttRecord b = take(box);
        MqttRecord c = take(box);
        box.putBack(c);
        box.putBack(a);
        assertEquals(a, take(box));
        assertEquals(c, take(box));
        assertRecord(3, take(box));
        box.acknowledge(a);
        box.acknowledge(b);
        await(() -> box.pending() == 3, "a and b committed");
    }

    @Test
    void theWindowBoundsWhatIsReadIntoMemory() throws Exception {
        SpoolOutbox box = open(3);
        offerWritten(box, 0, 10);
        List<MqttRecord> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            taken.add(take(box));
        }
        assertEquals(7, box.size(), "seven wait on disk");
        assertNull(box.take(), "the window is full until the broker acknowledges");
        box.acknowledge(taken.get(0));
        assertRecord(3, take(box));
    }

    @Test
    void offersAfterCloseFailAndAreReported() throws Exception {
        SpoolOutbox box = open(100);
        box.close();
        CompletableFuture<?> kept = box.offer(record(1));
        ExecutionException e = assertThrows(ExecutionException.class, () -> kept.get(10, TimeUnit.SECONDS));
        assertInstanceOf(org.labbridge.spool.SpoolException.class, e.getCause());
        await(() -> drops.contains("spool_closed:1"), "the drop reported");
    }

    @Test
    void theRecordFormatRoundTripsAndRefusesWhatItDidNotWrite() {
        MqttRecord r = new MqttRecord(0, "lab/ö/x", new byte[] {1, 2, 3}, true);
        MqttRecord back = MqttRecordFormat.decode(42, MqttRecordFormat.encode(r));
        assertEquals(42, back.sequence());
        assertEquals("lab/ö/x", back.topic());
        assertArrayEquals(new byte[] {1, 2, 3}, back.payload());
        assertTrue(back.retain());
        assertFalse(MqttRecordFormat.decode(1, MqttRecordFormat.encode(new MqttRecord(0, "", new byte[0], false))).retain());
        assertThrows(IllegalArgumentException.class, () -> MqttRecordFormat.decode(1, new byte[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> MqttRecordFormat.decode(1, new byte[] {4, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> MqttRecordFormat.decode(1, new byte[] {0, 0, 9, 'a'}));
    }
}
