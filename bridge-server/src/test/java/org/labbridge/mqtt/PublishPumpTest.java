package org.labbridge.mqtt;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishPumpTest {

    /** A broker stand-in: keeps each publish's future for the test to complete. */
    private static final class FakeSender implements PublishPump.Sender {
        final List<MqttRecord> sent = new ArrayList<>();
        final List<CompletableFuture<Object>> futures = new ArrayList<>();
        final AtomicBoolean connected = new AtomicBoolean(true);

        @Override
        public synchronized CompletableFuture<?> send(MqttRecord record) {
            sent.add(record);
            CompletableFuture<Object> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        }

        @Override
        public boolean isConnected() {
            return connected.get();
        }
    }

    private final List<String> outcomes = new ArrayList<>();
    private final PublishPump.Outcomes recording = new PublishPump.Outcomes() {
        @Override
        public void published() {
            outcomes.add("published");
        }

        @Override
        public void retried() {
            outcomes.add("retried");
        }

        @Override
        public void rejected(MqttRecord record, Throwable failure) {
            outcomes.add("rejected");
        }
    };

    private static MqttRecord record(long seq) {
        return new MqttRecord(seq, "t", new byte[] {'1'}, false);
    }

    @Test
    void theWindowBoundsWhatIsInFlight() {
        MemoryOutbox box = new MemoryOutbox(100, 1 << 20, (r, n) -> { });
        FakeSender sender = new FakeSender();
        PublishPump pump = new PublishPump(box, sender, 2, recording);
        for (int i = 1; i <= 5; i++) {
            box.offer(record(i));
        }
        pump.kick();
        assertEquals(2, sender.sent.size());
        assertEquals(2, pump.inflight());
        sender.futures.get(0).complete(null); // an acknowledgement makes room for the next
        assertEquals(3, sender.sent.size());
        assertEquals(List.of("published"), outcomes);
    }

    @Test
    void nothingIsSentWhileDisconnectedAndLostPublishesAreSentAgainInOrder() {
        MemoryOutbox box = new MemoryOutbox(100, 1 << 20, (r, n) -> { });
        FakeSender sender = new FakeSender();
        PublishPump pump = new PublishPump(box, sender, 10, recording);
        for (int i = 1; i <= 3; i++) {
            box.offer(record(i));
        }
        pump.kick();
        assertEquals(3, sender.sent.size());
        sender.connected.set(false);
        sender.futures.get(2).completeExceptionally(new ConnectionClosedException("gone"));
        sender.futures.get(0).completeExceptionally(new ConnectionClosedException("gone"));
        sender.futures.get(1).complete(null);
        assertEquals(3, sender.sent.size(), "nothing sent while disconnected");
        assertEquals(2, box.size());
        sender.connected.set(true);
        pump.kick();
        assertEquals(List.of(1L, 2L, 3L, 1L, 3L), sender.sent.stream().map(MqttRecord::sequence).toList());
        assertEquals(List.of("retried", "retried", "published"), outcomes);
    }

    @Test
    void aRefusedPublishIsDroppedNotRetriedForEver() {
        MemoryOutbox box = new MemoryOutbox(100, 1 << 20, (r, n) -> { });
        FakeSender sender = new FakeSender();
        PublishPump pump = new PublishPump(box, sender, 10, recording);
        box.offer(record(1));
        pump.kick();
        sender.futures.get(0).completeExceptionally(new IllegalStateException("not authorized"));
        assertEquals(List.of("rejected"), outcomes);
        assertEquals(0, box.size());
        assertEquals(0, pump.inflight());
    }

    @Test
    void aSendThatFailsAtOnceDoesNotRecurseWithoutEnd() {
        MemoryOutbox box = new MemoryOutbox(100_000, 1 << 30, (r, n) -> { });
        PublishPump.Sender failing = new PublishPump.Sender() {
            @Override
            public CompletableFuture<?> send(MqttRecord record) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("too large"));
            }

            @Override
            public boolean isConnected() {
                return true;
            }
        };
        PublishPump pump = new PublishPump(box, failing, 1, recording);
        for (int i = 1; i <= 50_000; i++) {
            box.offer(record(i));
        }
        pump.kick(); // would overflow the stack if each completion pumped recursively
        assertEquals(50_000, outcomes.size());
        assertEquals(0, box.size());
    }

    @Test
    void awaitDrainedWaitsForTheAcknowledgements() throws Exception {
        MemoryOutbox box = new MemoryOutbox(100, 1 << 20, (r, n) -> { });
        FakeSender sender = new FakeSender();
        PublishPump pump = new PublishPump(box, sender, 10, recording);
        box.offer(record(1));
        pump.kick();
        assertFalse(pump.awaitDrained(Duration.ofMillis(30)));
        CompletableFuture.runAsync(() -> sender.futures.get(0).complete(null));
        assertTrue(pump.awaitDrained(Duration.ofSeconds(10)));
    }
}
