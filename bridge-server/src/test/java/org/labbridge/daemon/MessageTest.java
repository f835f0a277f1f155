package org.labbridge.daemon;

import org.junit.jupiter.api.Test;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.message.MessageCodec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message from a bridge: routed on its wire bytes, its values read once, on demand. */
class MessageTest {

    private static final MessageCodec CODEC = new MessageCodec(FramingConfig.DEFAULT);
    private static final Instant T = Instant.ofEpochSecond(1_414_154_338, 172_345_000);

    private static BridgeMessage wire(String json) throws Exception {
        return CODEC.decode(json.getBytes(StandardCharsets.UTF_8), false, null, T);
    }

    @Test
    void valuesAreReadFromTheWireOnFirstUseAndKept() throws Exception {
        BridgeMessage w = wire("{\"t\": 21.5, \"n\": 12345678901234567890, \"x\": NaN}");
        Message m = Message.fromBridge(w, "in");
        assertSame(w, m.forBridge(), "a bridge gets the wire message");
        Map<String, Object> values = m.values();
        assertEquals(21.5, values.get("t"));
        assertEquals(new java.math.BigInteger("12345678901234567890"), values.get("n"));
        assertTrue(Double.isNaN((Double) values.get("x")));
        assertSame(values, m.values(), "read once");
        assertEquals(T, m.received());
        assertEquals(1_414_154_338.172345, m.receivedEpochSeconds(), 1e-6);
    }

    @Test
    void onlyObjectsAreMessagesAndValuesThatCannotBeReadFailTheSameWayEachTime() throws Exception {
        assertNull(Message.fromBridge(wire("[1, 2]"), "in"));
        // Valid JSON for Python (and the validator) that Jackson refuses to read: a lone surrogate in a name.
        Message m = Message.fromBridge(wire("{\"\\ud800\": 1}"), "in");
        IllegalStateException first = assertThrows(IllegalStateException.class, m::values);
        assertSame(first, assertThrows(IllegalStateException.class, m::values), "parsed once, not per sink");
    }

    @Test
    void valuesAreCopiedUnlessTheCallerVouchesNobodyChangesThem() {
        java.util.LinkedHashMap<String, Object> owned = new java.util.LinkedHashMap<>(Map.of("t", 1.5));
        Message copied = new Message(owned, T, "push");
        owned.put("u", 2.5);
        assertEquals(Map.of("t", 1.5), copied.values(), "a copy: later changes of the caller's map do not show");
        Map<String, Object> frozen = java.util.Collections.unmodifiableMap(owned);
        AckBarrier ack = new AckBarrier();
        Message kept = Message.ofUnmodifiable(frozen, 1_414_154_338.172345, "push", ack);
        assertSame(frozen, kept.values(), "a push socket's decoded dict is kept, not copied per datagram");
        assertSame(ack, kept.acknowledgement());
        assertEquals("push", kept.origin());
    }

    @Test
    void aPushedMessageKeepsItsSocketsTimeAndMakesAnInstantOfItOnlyWhenAsked() {
        double t = 1_414_154_338.172345; // not a whole number of nanoseconds: an Instant could not hold it exactly
        Message m = Message.ofUnmodifiable(Map.of("t", 1.5), t, "push", null);
        assertEquals(t, m.receivedEpochSeconds(), 0.0, "the pull sockets stamp points with the socket's own time");
        assertEquals(Instant.ofEpochSecond(1_414_154_338L, 172_344_923), m.received(), "the double's nanosecond");
        assertEquals(Instant.ofEpochSecond(1_414_154_338L, 250_000_000),
                Message.ofUnmodifiable(Map.of(), 1_414_154_338.25, "push", null).received());
        Message early = Message.ofUnmodifiable(Map.of(), -0.25, "push", null);
        assertEquals(Instant.ofEpochSecond(-1, 750_000_000), early.received(), "before 1970: floor, not truncation");
    }

    @Test
    void aMessageOfValuesGoesToABridgeAsItsValues() {
        Message m = new Message(Map.of("t", 1.5), T, "push");
        assertEquals(Map.of("t", 1.5), m.forBridge());
        assertEquals(null, m.wire());
    }
}
