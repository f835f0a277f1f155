package org.labbridge.mqtt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.daemon.AckBarrier;
import org.labbridge.config.ConfigBinder;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.MqttPublishNodeConfig;
import org.labbridge.daemon.config.MqttSubscribeNodeConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nodes' own bookkeeping, without a broker: what a subscriber cannot read is counted by reason and the
 * rest routed on; what a publisher cannot send yet waits within its bounds, the excess counted.
 */
class MqttNodesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NodeContext context = new NodeContext(null, registry, Duration.ofMillis(100));

    private static <T> T node(Class<T> type, String yaml) throws Exception {
        return type.cast(ConfigBinder.loadString("nodes:\n" + yaml, DaemonConfig.class, "t").nodes().get(0));
    }

    private double count(MqttMeters meter, String reason) {
        var search = registry.find(meter.meterName()).tag("node", "n");
        if (reason != null) {
            search = search.tag("reason", reason);
        }
        return search.counter().count();
    }

    private double gauge(MqttMeters meter) {
        return registry.find(meter.meterName()).tag("node", "n").gauge().value();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void badPayloadsAreCountedByReasonAndGoodOnesRoutedOn() throws Exception {
        MqttSubscribeNode node = new MqttSubscribeNode(node(MqttSubscribeNodeConfig.class, """
                  - kind: mqtt-subscribe
                    name: n
                    broker: "127.0.0.1:1"
                    topics: ["lab/+/set/#"]
                    codename_from: topic_level(-1)
                    max_payload: 32B
                """), context);
        List<Message> routed = new ArrayList<>();
        node.outputTo(routed::add);

        node.onMessage("lab/oven/set/temperature", utf8("21.5"));
        node.onMessage("lab/oven/set/temperature", utf8("twenty"));
        node.onMessage("lab/oven/set/temperature", utf8("{\"a\": "));
        node.onMessage("lab/oven/set/temperature", new byte[] {(byte) 0xc3, (byte) 0x28});
        node.onMessage("lab/oven/set/temperature", new byte[33]);
        node.onMessage("lab/oven/set/", utf8("1"));
        node.onMessage("lab/oven/set/x", new byte[0]);
        node.onMessage("lab/oven/set/ignored", utf8("{\"valve\": 1, \"door\": \"open\"}"));

        assertEquals(2, routed.size(), "bad payloads are dropped, the good ones after them still routed");
        assertEquals(Map.of("temperature", 21.5), routed.get(0).values());
        assertEquals(Map.of("valve", 1, "door", "open"), routed.get(1).values());
        assertEquals("n", routed.get(1).origin());
        assertEquals(2, count(MqttMeters.RECEIVED, null));
        assertEquals(3, count(MqttMeters.BAD_PAYLOADS, "bad_json"));
        assertEquals(1, count(MqttMeters.BAD_PAYLOADS, "oversize"));
        assertEquals(1, count(MqttMeters.BAD_PAYLOADS, "no_codename"));
        assertEquals(1, count(MqttMeters.BAD_PAYLOADS, "empty"));
    }

    @Test
    void whileNotConnectedPublishesWaitWithinTheirBoundsAndTheExcessIsCounted() throws Exception {
        MqttPublishNode node = new MqttPublishNode(node(MqttPublishNodeConfig.class, """
                  - kind: mqtt-publish
                    name: n
                    broker: "127.0.0.1:1"
                    queue_messages: 3
                """), context);
        for (int i = 0; i < 5; i++) {
            node.accept(new Message(Map.of("t", i), Instant.EPOCH, "input"));
        }
        assertEquals(3, gauge(MqttMeters.QUEUED_MESSAGES));
        assertEquals(2, count(MqttMeters.DROPPED, MemoryOutbox.DROP_OLDEST));
        // one codename that cannot be a topic level: dropped and counted, its neighbours queued
        node.accept(new Message(Map.of("a/b", 1), Instant.EPOCH, "input"));
        assertEquals(1, count(MqttMeters.DROPPED, "bad_topic"));
        node.stop(Duration.ZERO);
        assertEquals(0, gauge(MqttMeters.QUEUED_MESSAGES));
        assertEquals(3, count(MqttMeters.DROPPED, MemoryOutbox.CLOSED), "what never got out is counted at stop");
    }

    @Test
    void theByteBoundHoldsForTheNodesOutbox() throws Exception {
        MqttPublishNode node = new MqttPublishNode(node(MqttPublishNodeConfig.class, """
                  - kind: mqtt-publish
                    name: n
                    broker: "127.0.0.1:1"
                    topic: "lab/{node}"
                    queue_bytes: 100B
                """), context);
        for (int i = 0; i < 10; i++) {
            node.accept(new Message(Map.of("value", "0123456789"), Instant.EPOCH, "input"));
        }
        double bytes = gauge(MqttMeters.QUEUED_BYTES);
        double queued = gauge(MqttMeters.QUEUED_MESSAGES);
        assertEquals(true, bytes <= 100 && bytes > 0, bytes + " bytes queued");
        assertEquals(10, queued + count(MqttMeters.DROPPED, MemoryOutbox.DROP_OLDEST), "each one queued or counted");
    }

    /**
     * With {@code spool:} a push routed here is acknowledged once its records are written, nothing is
     * dropped when the node stops without a broker, and the next start finds them all waiting.
     */
    @Test
    void aSpooledPublisherAcknowledgesWhenWrittenAndKeepsItsQueueAcrossARestart(@TempDir Path dir) throws Exception {
        MqttPublishNodeConfig config = node(MqttPublishNodeConfig.class, """
                  - kind: mqtt-publish
                    name: n
                    broker: "127.0.0.1:1"
                    spool: {dir: "%s", max_bytes: 1MiB, fsync: always}
                """.formatted(dir.resolve("spool")));
        assertEquals("always", config.spool().fsync().name().toLowerCase());
        MqttPublishNode node = new MqttPublishNode(config, context);
        node.start();
        for (int i = 0; i < 5; i++) {
            AckBarrier ack = new AckBarrier();
            node.accept(new Message(Map.of("t", i, "u", -i), Instant.EPOCH, "input", ack));
            ack.all().get(10, TimeUnit.SECONDS); // fails the test if the records were not written
        }
        assertTrue(node.describe().contains("spool"), node.describe());
        node.stop(Duration.ofSeconds(5)); // no broker: no drain, nothing dropped
        assertEquals(0, registry.find(MqttMeters.DROPPED.meterName()).tag("node", "n").counters().stream()
                .mapToDouble(c -> c.count()).sum());

        SimpleMeterRegistry again = new SimpleMeterRegistry();
        MqttPublishNode restarted = new MqttPublishNode(config, new NodeContext(null, again, Duration.ofMillis(100)));
        restarted.start();
        try {
            assertEquals(10, again.find(MqttMeters.QUEUED_MESSAGES.meterName()).gauge().value(),
                    "two values of five messages wait on disk");
        } finally {
            restarted.stop(Duration.ZERO);
        }
    }
}
