package org.labbridge.codec.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.SmallStack;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyTuple;

/**
 * Values routed to a bridge come from peers, nested up to the 990-level limit: encoding them must not
 * recurse (Jackson's serializers take several frames per level). Checked on a minimal-stack thread.
 */
class DeepEncodingTest {

    private static String encode(MessageCodec codec, Object value) throws Exception {
        return SmallStack.call(() -> {
            ByteBuf buf = codec.encode(UnpooledByteBufAllocator.DEFAULT, value);
            try {
                return buf.toString(StandardCharsets.UTF_8);
            } finally {
                buf.release();
            }
        });
    }

    @Test
    void encodesValuesAtTheNestingLimitOnASmallStack() throws Exception {
        int limit = JsonLimits.DEFAULT.maxNesting();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < limit; i++) {
            sb.append(i % 2 == 0 ? "{\"a\":" : "[");
        }
        sb.append("1.5");
        for (int i = limit - 1; i >= 0; i--) {
            sb.append(i % 2 == 0 ? '}' : ']');
        }
        String compact = sb.toString();
        Object value = PyJson.loads(compact);
        assertEquals(compact, encode(new MessageCodec(FramingConfig.DEFAULT), value));
        assertEquals(compact, encode(new MessageCodec(FramingConfig.DEFAULT.withEncoding("ISO-8859-1")), value));
    }

    /**
     * A received message read as a Jackson tree (eagerly, or on first use) and encoded again for a bridge
     * with another delimiter: neither Jackson's tree building nor the tree's writing may recurse per level.
     */
    @Test
    void aReceivedMessageAtTheLimitIsReadAsATreeAndEncodedAgainOnASmallStack() throws Exception {
        int depth = JsonLimits.DEFAULT.maxNesting();
        // a newline inside: a newline-delimited bridge must encode it again rather than relay its bytes
        String text = "[".repeat(depth - 1) + "{\n\"a\": 1}" + "]".repeat(depth - 1);
        MessageCodec in = new MessageCodec(FramingConfig.DEFAULT);
        MessageCodec out = new MessageCodec(FramingConfig.DEFAULT.withDelimiter(
                org.labbridge.config.ByteSequence.parse("\n")));
        BridgeMessage m = SmallStack.call(() -> in.decode(text.getBytes(StandardCharsets.UTF_8), true, null,
                java.time.Instant.now()));
        String encoded = encode(out, m);
        assertEquals(text.replace("\n", "").replace("\": ", "\":"), encoded);
    }

    @Test
    void writesWhatJacksonWroteForMapsListsAndScalars() throws Exception {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("s", "é\"");
        m.put("n", null);
        m.put("b", false);
        m.put(7, List.of(1L, 2.5, Double.NaN, new java.math.BigInteger("123456789012345678901234567890")));
        m.put("t", PyTuple.of(1, 2));
        MessageCodec codec = new MessageCodec(FramingConfig.DEFAULT);
        assertEquals("{\"s\":\"é\\\"\",\"n\":null,\"b\":false,\"7\":[1,2.5,\"NaN\",123456789012345678901234567890],"
                + "\"t\":[1,2]}", encode(codec, m));
    }
}
