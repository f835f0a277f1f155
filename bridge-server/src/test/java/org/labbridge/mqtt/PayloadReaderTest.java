package org.labbridge.mqtt;

import org.junit.jupiter.api.Test;
import org.labbridge.daemon.config.TopicLevel;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PayloadReaderTest {

    private final PayloadReader byTopic = new PayloadReader(64, 4, new TopicLevel(-1));
    private final PayloadReader objectsOnly = new PayloadReader(64, 4, null);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anObjectGivesItsKeysAsCodenames() {
        PayloadReader.Result r = objectsOnly.read("lab/x", utf8("{\"t\": 21.5, \"p\": NaN}"));
        assertNull(r.rejected());
        assertEquals(2, r.values().size());
        assertEquals(21.5, r.values().get("t"));
        assertEquals(Double.NaN, (Double) r.values().get("p"));
    }

    @Test
    void aPlainNumberTakesItsCodenameFromTheTopic() {
        PayloadReader.Result r = byTopic.read("lab/oven/set/temperature", utf8("21.5"));
        assertEquals(Map.of("temperature", 21.5), r.values());
        assertEquals(Map.of("valve", 1), byTopic.read("valve", utf8(" 1\n")).values());
    }

    @Test
    void unreadablePayloadsSayWhy() {
        assertEquals(PayloadReader.Reason.NO_CODENAME, objectsOnly.read("lab/t", utf8("21.5")).rejected());
        assertEquals(PayloadReader.Reason.NO_CODENAME, byTopic.read("lab/t/", utf8("21.5")).rejected());
        assertEquals(PayloadReader.Reason.BAD_JSON, byTopic.read("lab/t", utf8("on")).rejected());
        assertEquals(PayloadReader.Reason.BAD_JSON, byTopic.read("lab/t", utf8("{\"t\": 1")).rejected());
        assertEquals(PayloadReader.Reason.BAD_JSON, byTopic.read("lab/t", new byte[] {'"', (byte) 0xff, '"'}).rejected());
        assertEquals(PayloadReader.Reason.BAD_JSON, byTopic.read("lab/t", utf8("[[[[[1]]]]]")).rejected(),
                "deeper than max_nesting");
        assertEquals(PayloadReader.Reason.OVERSIZE, byTopic.read("lab/t", new byte[65]).rejected());
        assertEquals(PayloadReader.Reason.EMPTY, byTopic.read("lab/t", new byte[0]).rejected());
        // and a good one after all of them still reads
        assertEquals(Map.of("t", 1), byTopic.read("lab/t", utf8("1")).values());
    }
}
