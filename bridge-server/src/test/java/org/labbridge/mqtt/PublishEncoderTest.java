package org.labbridge.mqtt;

import org.junit.jupiter.api.Test;
import org.labbridge.daemon.Message;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishEncoderTest {

    private final List<String> drops = new ArrayList<>();

    private static Message message(Map<String, Object> values) {
        return new Message(values, Instant.EPOCH, "input");
    }

    private static String text(MqttRecord r) {
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void perCodenameTopicsCarryOneValueEach() {
        PublishEncoder enc = new PublishEncoder(TopicTemplate.parse("lab/{node}/{codename}"), true,
                (reason, n) -> drops.add(reason));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("t", 21.5);
        values.put("n", 3);
        values.put("big", new BigInteger("123456789012345678901234567890"));
        values.put("s", "é");
        values.put("nan", Double.NaN);
        values.put("point", List.of(1.5, Double.POSITIVE_INFINITY));
        List<MqttRecord> out = enc.encode(message(values));
        assertEquals(List.of("lab/input/t", "lab/input/n", "lab/input/big", "lab/input/s", "lab/input/nan",
                "lab/input/point"), out.stream().map(MqttRecord::topic).toList());
        assertEquals(List.of("21.5", "3", "123456789012345678901234567890", "\"\\u00e9\"", "\"NaN\"",
                "[1.5, \"Infinity\"]"), out.stream().map(PublishEncoderTest::text).toList());
        assertTrue(out.stream().allMatch(MqttRecord::retain));
        assertTrue(out.get(0).sequence() < out.get(1).sequence(), "records are numbered in order");
        assertEquals(List.of(), drops);
    }

    @Test
    void aBadCodenameCostsOnlyItsOwnValue() {
        PublishEncoder enc = new PublishEncoder(TopicTemplate.parse("lab/{codename}"), true,
                (reason, n) -> drops.add(reason));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("a/b", 1);
        values.put("ok", 2);
        values.put("bad", new Object());
        List<MqttRecord> out = enc.encode(message(values));
        assertEquals(List.of("lab/ok"), out.stream().map(MqttRecord::topic).toList());
        assertEquals(List.of(PublishEncoder.BAD_TOPIC, PublishEncoder.NOT_ENCODABLE), drops);
    }

    @Test
    void aFixedTopicCarriesTheWholeMessageAsStrictJson() {
        PublishEncoder enc = new PublishEncoder(TopicTemplate.parse("lab/{node}"), false,
                (reason, n) -> drops.add(reason));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("t", 21.5);
        values.put("x", Double.NEGATIVE_INFINITY);
        List<MqttRecord> out = enc.encode(message(values));
        assertEquals(1, out.size());
        assertEquals("lab/input", out.get(0).topic());
        assertEquals("{\"t\": 21.5, \"x\": \"-Infinity\"}", text(out.get(0)));
        assertEquals(false, out.get(0).retain());
        assertTrue(Arrays.equals(out.get(0).payload(), text(out.get(0)).getBytes(StandardCharsets.US_ASCII)));
    }
}
