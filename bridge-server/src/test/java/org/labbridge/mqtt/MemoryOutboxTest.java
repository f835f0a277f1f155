package org.labbridge.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MemoryOutboxTest {

    private final List<String> drops = new ArrayList<>();

    private static MqttRecord record(long seq, int payloadBytes) {
        return new MqttRecord(seq, "t", new byte[payloadBytes], false);
    }

    private MemoryOutbox outbox(int records, long bytes) {
        return new MemoryOutbox(records, bytes, (reason, n) -> drops.add(reason + ":" + n));
    }

    @Test
    void beyondTheCountTheOldestAreDroppedAndReported() {
        MemoryOutbox box = outbox(3, 1 << 20);
        for (int i = 1; i <= 5; i++) {
            box.offer(record(i, 10));
        }
        assertEquals(3, box.size());
        assertEquals(List.of("drop_oldest:1", "drop_oldest:1"), drops);
        assertEquals(3, box.take().sequence());
        assertEquals(4, box.take().sequence());
        assertEquals(5, box.take().sequence());
        assertNull(box.take());
        assertEquals(0, box.bytes());
    }

    @Test
    void theByteBoundCountsTopicAndPayload() {
        long one = record(0, 100).size();
        MemoryOutbox box = outbox(1000, 2 * one);
        box.offer(record(1, 100));
        box.offer(record(2, 100));
        assertEquals(2 * one, box.bytes());
        box.offer(record(3, 100));
        assertEquals(2, box.size());
        assertEquals(List.of("drop_oldest:1"), drops);
        box.offer(record(4, 10_000)); // larger than the whole bound: it drops itself and everything else
        assertEquals(0, box.size());
        assertEquals(0, box.bytes());
    }

    @Test
    void recordsPutBackGoFirstInTheirOriginalOrder() {
        MemoryOutbox box = outbox(100, 1 << 20);
        for (int i = 1; i <= 5; i++) {
            box.offer(record(i, 1));
        }
        MqttRecord a = box.take();
        MqttRecord b = box.take();
        MqttRecord c = box.take();
        box.putBack(c); // completions come back in any order
        box.putBack(a);
        box.putBack(b);
        List<Long> order = new ArrayList<>();
        for (MqttRecord r; (r = box.take()) != null; ) {
            order.add(r.sequence());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), order);
    }

    @Test
    void afterCloseOffersAreDroppedAsClosed() {
        MemoryOutbox box = outbox(10, 1 << 20);
        box.offer(record(1, 1));
        assertEquals(1, box.close());
        box.offer(record(2, 1));
        box.putBack(record(1, 1));
        assertEquals(List.of("closed:1", "closed:1"), drops);
        assertEquals(0, box.size());
    }
}
