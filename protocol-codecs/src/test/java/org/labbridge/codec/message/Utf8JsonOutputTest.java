package org.labbridge.codec.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.python.PyTuple;

/**
 * {@link MessageCodec#write} with a generator kept per thread writes every message exactly as a generator
 * made for it alone would (the encoding before it was kept), message after message, after a failed one, and
 * on several threads at once.
 */
class Utf8JsonOutputTest {

    private static final MessageCodec CODEC = new MessageCodec(FramingConfig.DEFAULT);
    private static final MessageCodec PYTHON = new MessageCodec(FramingConfig.DEFAULT.withPythonCompatible(true));

    /** The bytes of a generator made for this value alone, as every message was written before. */
    private static String alone(MessageCodec codec, Object value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = codec.mapper().createGenerator(out)) {
            JsonValueWriter.write(g, value);
        }
        return out.toString(StandardCharsets.UTF_8) + "\u0017";
    }

    /** {@code values} written one after the other by {@link #CODEC} into one buffer, as text. */
    private static String written(boolean framed, Object... values) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (Object v : values) {
                CODEC.write(buf, v, framed);
            }
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    private static Object randomValue(Random r, int depth) {
        switch (depth > 2 ? r.nextInt(6) : r.nextInt(9)) {
            case 0: return r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 1: return r.nextLong();
            case 2: return new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300}[r.nextInt(4)];
            case 3: return "s\"\\\n\u00e9\u20ac\ud83d\ude00".substring(0, r.nextInt(8));
            case 4: return r.nextBoolean() ? Boolean.TRUE : null;
            case 5: return r.nextInt();
            case 6: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    m.put("k" + r.nextInt(100) + "\u00e9", randomValue(r, depth + 1));
                }
                return m;
            }
            case 7: {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    l.add(randomValue(r, depth + 1));
                }
                return l;
            }
            default: return new PyTuple(List.of(r.nextDouble(), "x"));
        }
    }

    @Test
    void messageAfterMessageEachIsWhatAGeneratorOfItsOwnWrites() throws Exception {
        Random r = new Random(15);
        for (MessageCodec codec : List.of(CODEC, PYTHON)) {
            ByteBuf buf = Unpooled.buffer();
            try {
                StringBuilder expected = new StringBuilder();
                for (int i = 0; i < 3_000; i++) {
                    Object value = i % 3 == 0 ? Map.of("t", r.nextDouble()) : randomValue(r, 0);
                    codec.write(buf, value, true);
                    expected.append(alone(codec, value));
                }
                assertEquals(expected.toString(), buf.toString(StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void aWriteThatFailsHalfWayLeavesNothingAndTheNextIsWhole() throws Exception {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("a", 1);
        bad.put("b", List.of(2.5, new Object())); // no serializer: fails inside a list inside a map
        ByteBuf buf = Unpooled.buffer();
        try {
            CODEC.write(buf, Map.of("before", 1), true);
            int end = buf.writerIndex();
            assertThrows(IllegalArgumentException.class, () -> CODEC.write(buf, bad, true));
            assertEquals(end, buf.writerIndex(), "nothing of the failed message");
            CODEC.write(buf, Map.of("after", 2), true);
            assertEquals("{\"before\":1}\u0017{\"after\":2}\u0017", buf.toString(StandardCharsets.UTF_8));
        } finally {
            buf.release();
        }
    }

    @Test
    void threadsWritingAtOnceEachGetTheirOwnMessages() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                results.add(threads.submit(() -> {
                    ByteBuf buf = Unpooled.buffer();
                    try {
                        StringBuilder expected = new StringBuilder();
                        for (int i = 0; i < 20_000; i++) {
                            Map<String, Object> value = Map.of("thread" + id, List.of(i, "x".repeat(i % 300)));
                            CODEC.write(buf, value, true);
                            expected.append(alone(CODEC, value));
                        }
                        return expected.toString().equals(buf.toString(StandardCharsets.UTF_8)) ? "ok" : "thread " + id;
                    } finally {
                        buf.release();
                    }
                }));
            }
            for (Future<String> f : results) {
                assertEquals("ok", f.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every finite double of CPython's vectors is written with the digits and form of its repr. */
    @Test
    void doublesAreWrittenAsPythonWritesThem() throws Exception {
        int checked = 0;
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                getClass().getResourceAsStream("/vectors/float-repr.tsv"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
                if (!Double.isFinite(d)) {
                    continue;
                }
                assertEquals("[" + f[1] + "]", written(false, List.of(d)), f[0]);
                checked++;
            }
        }
        assertEquals(true, checked > 1_000, checked + " vectors");
        // and as the usual lab reading: a timestamp and a value, in Python's form
        assertEquals("{\"t\":[1414154338.172345,1.013e-07]}",
                written(false, Map.of("t", List.of(1414154338.172345, 1.013e-7))));
    }

    /** A value whose own serializer encodes with the same codec, on the same thread (Jackson's @JsonValue). */
    public static final class Reentrant {
        private final Object inner;

        Reentrant(Object inner) {
            this.inner = inner;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String encodedInner() {
            ByteBuf b = CODEC.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, inner);
            try {
                return b.toString(StandardCharsets.UTF_8);
            } finally {
                b.release();
            }
        }
    }

    @Test
    void aWriteWithinAWriteOnTheSameThreadGetsItsOwnGenerator() throws Exception {
        assertEquals("[1,\"{\\\"x\\\":1.5}\",2]\u0017{\"next\":3}\u0017",
                written(true, List.of(1, new Reentrant(Map.of("x", 1.5)), 2), Map.of("next", 3)));
    }

    @Test
    void aReceivedTreesFloatsAreWrittenAsAPushsAre() throws Exception {
        Object tree = CODEC.mapper().readTree("{\"t\": [1.414154338172345E9, 1.0E-7], \"n\": 2}");
        assertEquals("{\"t\":[1414154338.172345,1e-07],\"n\":2}", written(false, tree));
    }
}
