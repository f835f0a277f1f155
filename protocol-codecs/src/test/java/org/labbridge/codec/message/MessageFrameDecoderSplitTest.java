package org.labbridge.codec.message;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.python.InvalidJsonException;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.JsonValidator;
import org.labbridge.config.ByteSequence;
import org.labbridge.config.ByteSize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MessageFrameDecoder}'s one-pass split and validation of valid frames
 * ({@code emitLeadingFrames}) against an oracle that frames and validates the plain way: split at the
 * first delimiter, drop what is longer than {@code buffer_size}, validate the rest with
 * {@link JsonValidator}. Streams mix valid, invalid, oversize, non-finite and randomly damaged frames
 * (damage may add or remove delimiters: the oracle frames what is there), cut into reads of every kind.
 */
class MessageFrameDecoderSplitTest {

    private static final JsonLimits LIMITS = new JsonLimits(1 << 20, 8, 50);

    private static final String[] VALID = {
        "{\"type\": \"sample\", \"source\": \"a_power\", \"t\": 1414150015.697648, \"value\": 47.0, \"seq\": 1234567890123}",
        "[1, [2, {\"a\": null}], true, false, -0.5e+3]", "\"str\u00e9 \u00b5\u00b0C \ud83d\ude00\"", "12", "-0", "null",
        "  {\"a\": 1}  ", "\t[]\r\n", "{\"x\": NaN}", "-Infinity", "[Infinity]", "{}", "{\"k\":{\"k\":{\"k\":[1]}}}",
        "\"\\u00e9\\n\\\"\\\\\"", "{\"dup\": 1, \"dup\": 2}", "[[[[[[[1]]]]]]]",
    };
    private static final String[] INVALID = {
        "", " ", "{", "[1,]", "{\"a\" 1}", "\"\\x\"", "1 2", "{}x", "[[[[[[[[[1]]]]]]]]]", "01", "[.5]", "\"a\tb\"",
        "nul", "Infinit", "{\"a\": 1,}", "1".repeat(60), "[\"" + "é".repeat(3) + "\"",
    };
    private static final byte[][] BAD_BYTES = {
        {(byte) 0xff}, {'"', (byte) 0xc0, (byte) 0x80, '"'}, {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'},
        {'[', '"', (byte) 0xe2, (byte) 0x82, '"', ']'},
    };
    private static final byte[] DAMAGE = {0x17, 0x00, 0x04, '"', '{', '}', '[', ']', ',', ':', ' ', '\\', '\n',
        (byte) 0xff, (byte) 0xc3, (byte) 0xa9, '1', 'N'};

    private final List<String> got = new ArrayList<>();

    /** What a plain frame-then-validate decoder gives for {@code stream} at end of input. */
    private static List<String> oracle(byte[] stream, byte[] delimiter, int bufferSize) {
        JsonValidator validator = new JsonValidator(LIMITS);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (;;) {
            int at = indexOf(stream, delimiter, start);
            if (at < 0) {
                if (start < stream.length) {
                    out.add("drop INCOMPLETE_AT_EOF");
                }
                return out;
            }
            byte[] frame = Arrays.copyOfRange(stream, start, at);
            start = at + delimiter.length;
            if (frame.length > bufferSize) {
                out.add("drop OVERSIZE");
                continue;
            }
            try {
                boolean nonFinite = validator.validate(frame);
                out.add("message " + nonFinite + " " + new String(frame, StandardCharsets.UTF_8));
            } catch (InvalidJsonException e) {
                out.add("drop " + (e.badEncoding() ? "BAD_ENCODING" : "BAD_JSON"));
            }
        }
    }

    private static int indexOf(byte[] data, byte[] part, int from) {
        outer:
        for (int i = from; i <= data.length - part.length; i++) {
            for (int k = 0; k < part.length; k++) {
                if (data[i + k] != part[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private EmbeddedChannel channel(FramingConfig config) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        ch.pipeline().addLast(new MessageFrameDecoder(new MessageCodec(config, LIMITS), false,
                (reason, bytes, detail) -> got.add("drop " + reason.name()), ReceiveCounter.NONE,
                m -> got.add("message " + m.hasNonFinite() + " " + m.text())));
        return ch;
    }

    /** Feeds {@code stream} in reads of the given sizes (cycled), then ends the input. */
    private List<String> decode(FramingConfig config, byte[] stream, int... readSizes) {
        got.clear();
        EmbeddedChannel ch = channel(config);
        int k = 0;
        for (int i = 0; i < stream.length; k++) {
            int n = Math.min(readSizes[k % readSizes.length], stream.length - i);
            ch.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer(n).writeBytes(stream, i, n));
            i += n;
        }
        assertFalse(ch.finish());
        assertNull(ch.readInbound());
        return new ArrayList<>(got);
    }

    private static byte[] stream(Random random, byte[] delimiter, int frames, int bufferSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int f = 0; f < frames; f++) {
            byte[] frame;
            int kind = random.nextInt(10);
            if (kind < 5) {
                frame = VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8);
            } else if (kind < 7) {
                frame = INVALID[random.nextInt(INVALID.length)].getBytes(StandardCharsets.UTF_8);
            } else if (kind == 7) {
                frame = BAD_BYTES[random.nextInt(BAD_BYTES.length)];
            } else if (kind == 8) {
                frame = ("[\"" + "x".repeat(bufferSize - 4 + random.nextInt(8)) + "\"]").getBytes(StandardCharsets.UTF_8);
            } else {
                frame = VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8).clone();
                if (frame.length > 0) {
                    frame[random.nextInt(frame.length)] = DAMAGE[random.nextInt(DAMAGE.length)];
                }
            }
            out.writeBytes(frame);
            out.writeBytes(delimiter);
        }
        if (random.nextBoolean()) {
            out.writeBytes("{\"unfinished\": ".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void randomStreamsDecodeAsFramingThenValidatingDoesInReadsOfEverySize() {
        Random random = new Random(20261206);
        for (byte[] delimiter : new byte[][] {{0x17}, {0x04, 0x17}, {0x00}}) {
            FramingConfig config = FramingConfig.DEFAULT.withDelimiter(ByteSequence.of(delimiter))
                    .withBufferSize(ByteSize.ofBytes(64));
            for (int n = 0; n < 40; n++) {
                byte[] stream = stream(random, delimiter, 60, 64);
                List<String> expected = oracle(stream, delimiter, 64);
                assertTrue(expected.stream().anyMatch(s -> s.startsWith("message")), "no valid frame at all");
                for (int[] reads : new int[][] {{stream.length}, {1}, {7, 1, 300}, {64, 65}, {2, 3, 5, 11, 101}}) {
                    assertEquals(expected, decode(config, stream, reads),
                            "delimiter " + Arrays.toString(delimiter) + ", reads " + Arrays.toString(reads));
                }
            }
        }
    }

    @Test
    void framesLargerThanTheReadWindowAreFramedThePlainWayAndTheNextSplitAgain() {
        int big = ReadWindow.MAX_BYTES + 1000;
        FramingConfig config = FramingConfig.DEFAULT.withBufferSize(ByteSize.ofBytes(2L * big));
        String large = "[\"" + "y".repeat(big) + "\"]";
        String stream = "[1]\u0017" + large + "\u0017{\"a\": 2}\u0017" + "z".repeat(big) + "\u0017[3]\u0017";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<String> expected = List.of("message false [1]", "message false " + large, "message false {\"a\": 2}",
                "drop BAD_JSON", "message false [3]");
        assertEquals(expected, oracle(bytes, new byte[] {0x17}, 2 * big));
        assertEquals(expected, decode(config, bytes, bytes.length));
        assertEquals(expected, decode(config, bytes, 65536));
        assertEquals(expected, decode(config, bytes, 4000, 1, 70000));
    }

    @Test
    void aDelimiterThatValidJsonMayHoldIsFoundByTheSearch() {
        // A newline is whitespace inside JSON: the one-pass split is not used, the search frames.
        FramingConfig config = FramingConfig.DEFAULT.withDelimiter(ByteSequence.of((byte) '\n'));
        assertFalse(new MessageCodec(config).splitsAcceptedFrames());
        assertTrue(new MessageCodec(FramingConfig.DEFAULT).splitsAcceptedFrames());
        byte[] bytes = "{\"a\": 1}\n[1,\n2]\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("message false {\"a\": 1}", "drop BAD_JSON", "drop BAD_JSON"),
                decode(config, bytes, bytes.length));
    }

    @Test
    void aDecoderThatDeliversIntoAnotherOnTheSameThreadKeepsItsOwnWindow() {
        // The target of the outer channel writes each message into an inner one, on the same thread and
        // within the outer decode: the inner decoder must not use (or clobber) the outer's copy of its read.
        List<String> inner = new ArrayList<>();
        EmbeddedChannel innerChannel = new EmbeddedChannel();
        innerChannel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        innerChannel.pipeline().addLast(new MessageFrameDecoder(new MessageCodec(FramingConfig.DEFAULT), false,
                (r, b, d) -> inner.add("drop " + r.name()), ReceiveCounter.NONE, m -> inner.add(m.text())));
        EmbeddedChannel outer = new EmbeddedChannel();
        outer.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        outer.pipeline().addLast(new MessageFrameDecoder(new MessageCodec(FramingConfig.DEFAULT), false,
                (r, b, d) -> got.add("drop " + r.name()), ReceiveCounter.NONE, m -> {
                    got.add(m.text());
                    String echo = "[\"" + "q".repeat(200) + "\", " + m.text() + "]\u0017junk\u0017";
                    innerChannel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer()
                            .writeBytes(echo.getBytes(StandardCharsets.UTF_8)));
                }));
        outer.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer()
                .writeBytes("[1]\u0017{\"b\": 2}\u0017bad\u0017[3]\u0017".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("[1]", "{\"b\": 2}", "drop BAD_JSON", "[3]"), got);
        String q = "[\"" + "q".repeat(200) + "\", ";
        assertEquals(List.of(q + "[1]]", "drop BAD_JSON", q + "{\"b\": 2}]", "drop BAD_JSON", q + "[3]]",
                "drop BAD_JSON"), inner);
        assertFalse(outer.finish());
        assertFalse(innerChannel.finish());
    }
}
