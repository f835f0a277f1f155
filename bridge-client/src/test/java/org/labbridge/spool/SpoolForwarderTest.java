package org.labbridge.spool;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolForwarderTest {

    @TempDir
    Path dir;

    /** An outlet that records what it was given. */
    private static final class Recording implements SpoolForwarder.Outlet {
        volatile boolean ready = true;
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public boolean send(SpoolRecord record) {
            String s = new String(record.payload(), StandardCharsets.UTF_8);
            if (s.startsWith("unsendable")) {
                return false;
            }
            sent.add(s);
            return true;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(5);
        }
    }

    private Spool open() throws Exception {
        return Spool.open("fwd", SpoolOptions.of(dir, 1 << 20, FsyncMode.NEVER, Duration.ofSeconds(1)),
                new SimpleMeterRegistry());
    }

    private static void append(Spool spool, String... payloads) throws Exception {
        for (String p : payloads) {
            spool.append(p.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void forwardsInOrderWithinTheWindowAndCommitsOnlyWhatWasReportedDelivered() throws Exception {
        Recording outlet = new Recording();
        try (Spool spool = open()) {
            SpoolForwarder fwd = new SpoolForwarder(spool, outlet, 3, 1 << 20).start();
            append(spool, "a", "b", "c", "d", "e");
            await(() -> outlet.sent.size() == 3, "the window of 3 handed over");
            assertEquals(List.of("a", "b", "c"), outlet.sent, "in order, no more than the window");
            assertEquals(5, spool.pendingRecords(), "nothing committed before it is reported");
            fwd.delivered(2);
            await(() -> outlet.sent.size() == 5, "the rest handed over as room is made");
            await(() -> spool.pendingRecords() == 3, "a and b committed");
            fwd.delivered(3);
            await(() -> spool.pendingRecords() == 0, "all committed");
            fwd.close();
        }
    }

    @Test
    void nothingIsHandedOverWhileTheOutletIsNotReady() throws Exception {
        Recording outlet = new Recording();
        outlet.ready = false;
        try (Spool spool = open()) {
            SpoolForwarder fwd = new SpoolForwarder(spool, outlet, 10, 1 << 20).start();
            append(spool, "a", "b");
            Thread.sleep(300); // a negative check: give a wrong hand-over time to happen
            assertEquals(List.of(), outlet.sent);
            outlet.ready = true;
            fwd.wake();
            await(() -> outlet.sent.size() == 2, "handed over once ready");
            fwd.close();
        }
    }

    @Test
    void whatWasHandedOverButNotReportedIsSentAgainAfterARestart() throws Exception {
        Recording first = new Recording();
        try (Spool spool = open()) {
            SpoolForwarder fwd = new SpoolForwarder(spool, first, 10, 1 << 20).start();
            append(spool, "a", "b", "c");
            await(() -> first.sent.size() == 3, "handed over");
            fwd.delivered(1);
            await(() -> spool.pendingRecords() == 2, "a committed");
            fwd.close();
        }
        Recording second = new Recording();
        try (Spool spool = open()) {
            SpoolForwarder fwd = new SpoolForwarder(spool, second, 10, 1 << 20).start();
            await(() -> second.sent.size() == 2, "b and c again");
            assertEquals(List.of("b", "c"), second.sent);
            fwd.close();
        }
    }

    @Test
    void aRecordTheOutletCannotSendIsSkippedAndCommittedInOrder() throws Exception {
        Recording outlet = new Recording();
        try (Spool spool = open()) {
            SpoolForwarder fwd = new SpoolForwarder(spool, outlet, 10, 1 << 20).start();
            append(spool, "a", "unsendable", "c");
            await(() -> outlet.sent.size() == 2, "a and c handed over");
            fwd.delivered(1);
            await(() -> spool.pendingRecords() == 1, "a and the skipped one committed, c not yet");
            fwd.delivered(1);
            await(() -> spool.pendingRecords() == 0, "c committed");
            fwd.close();
        }
    }
}
