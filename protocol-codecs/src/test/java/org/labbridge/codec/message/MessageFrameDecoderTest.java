package org.labbridge.codec.message;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.python.JsonLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The message layer on top of the frame decoder: bad input is dropped and counted, the next frame decodes. */
class MessageFrameDecoderTest {

    private final List<String> drops = new ArrayList<>();

    private EmbeddedChannel channel(FramingConfig config, boolean eager) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        MessageCodec codec = new MessageCodec(config, new JsonLimits(1 << 20, 8, 50));
        ch.pipeline().addLast(new MessageFrameDecoder(codec, eager, (r, b, d) -> drops.add(r.name())));
        return ch;
    }

    private static ByteBuf bytes(int... b) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        for (int x : b) {
            buf.writeByte(x);
        }
        return buf;
    }

    private static ByteBuf utf8(String s) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<BridgeMessage> messages(EmbeddedChannel ch) {
        List<BridgeMessage> out = new ArrayList<>();
        for (BridgeMessage m; (m = ch.readInbound()) != null; ) {
            out.add(m);
        }
        return out;
    }

    @Test
    void jsonWithPythonNonFiniteAndNonAscii() {
        for (boolean eager : new boolean[] {true, false}) {
            EmbeddedChannel ch = channel(FramingConfig.DEFAULT, eager);
            ch.writeInbound(utf8("{\"t\": NaN, \"u\": Infinity, \"v\": -Infinity, \"name\": \"Ångström µ\"}\u0017[1, 2]\u0017"));
            List<BridgeMessage> got = messages(ch);
            assertEquals(2, got.size());
            JsonNode n = got.get(0).json();
            assertTrue(Double.isNaN(n.get("t").doubleValue()));
            assertEquals(Double.POSITIVE_INFINITY, n.get("u").doubleValue());
            assertEquals(Double.NEGATIVE_INFINITY, n.get("v").doubleValue());
            assertEquals("Ångström µ", n.get("name").textValue());
            assertTrue(got.get(0).hasNonFinite());
            assertFalse(got.get(1).hasNonFinite());
            assertEquals("[1, 2]", got.get(1).text());
            assertFalse(ch.finish());
            assertTrue(drops.isEmpty());
        }
    }

    @Test
    void badUtf8IsDroppedAndTheNextFrameDecodes() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT, false);
        // a lone continuation byte, an overlong encoding, a truncated sequence, inside a JSON string
        ch.writeInbound(bytes('"', 0x80, '"', 0x17, '"', 0xC0, 0xAF, '"', 0x17,
                '"', 0xE2, 0x82, '"', 0x17, '1', 0x17));
        List<BridgeMessage> got = messages(ch);
        assertEquals(1, got.size());
        assertEquals(1, got.get(0).json().intValue());
        assertEquals(List.of("BAD_ENCODING", "BAD_ENCODING", "BAD_ENCODING"), drops);
        assertFalse(ch.finish());
    }

    @Test
    void badJsonIsDroppedAndTheNextFrameDecodes() {
        for (boolean eager : new boolean[] {true, false}) {
            drops.clear();
            EmbeddedChannel ch = channel(FramingConfig.DEFAULT, eager);
            ch.writeInbound(utf8("{\"a\":\u0017[1,2\u0017\u0017{} {}\u00171 2\u0017nan\u0017"
                    + "[[[[[[[[[[1]]]]]]]]]]\u0017" + "1".repeat(60) + "\u0017{\"ok\":true}\u0017"));
            List<BridgeMessage> got = messages(ch);
            assertEquals(1, got.size(), "eager=" + eager);
            assertTrue(got.get(0).json().get("ok").booleanValue());
            assertEquals(8, drops.size(), drops.toString());
            assertTrue(drops.stream().allMatch("BAD_JSON"::equals), drops.toString());
            assertFalse(ch.finish());
        }
    }

    @Test
    void utf16Or32LookalikesAndAByteOrderMarkAreBadJsonNotAnEncodingGuess() {
        for (boolean eager : new boolean[] {true, false}) {
            drops.clear();
            EmbeddedChannel ch = channel(FramingConfig.DEFAULT, eager);
            // {} as UTF-16BE, UTF-16LE, UTF-32BE; 1 as UTF-16LE (2 bytes); {} after a UTF-8 BOM; then a good frame
            ch.writeInbound(bytes(0x00, 0x7B, 0x00, 0x7D, 0x17, 0x7B, 0x00, 0x7D, 0x00, 0x17,
                    0x00, 0x00, 0x00, 0x7B, 0x00, 0x00, 0x00, 0x7D, 0x17, 0x31, 0x00, 0x17,
                    0xEF, 0xBB, 0xBF, 0x7B, 0x7D, 0x17), utf8("{\"ok\":1}\u0017"));
            List<BridgeMessage> got = messages(ch);
            assertEquals(1, got.size(), "eager=" + eager + ": " + got);
            assertEquals(1, got.get(0).json().get("ok").intValue());
            assertEquals(List.of("BAD_JSON", "BAD_JSON", "BAD_JSON", "BAD_JSON", "BAD_JSON"), drops);
            assertFalse(ch.finish());
        }
    }

    @Test
    void onlyPythonsNonFiniteSpellingsAreJson() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT, false);
        // Jackson's lenient mode would take INF, -INF, +Infinity: a Python peer's json.loads would not.
        ch.writeInbound(utf8("[INF]\u0017[-INF]\u0017[+Infinity]\u0017[-Infinity, NaN]\u0017"));
        List<BridgeMessage> got = messages(ch);
        assertEquals(List.of("[-Infinity, NaN]"), got.stream().map(BridgeMessage::text).toList());
        assertEquals(List.of("BAD_JSON", "BAD_JSON", "BAD_JSON"), drops);
        assertFalse(ch.finish());
    }

    @Test
    void jsonInAnotherCharsetIsCheckedAsText() {
        FramingConfig cfg = FramingConfig.DEFAULT.withEncoding("ISO-8859-1");
        EmbeddedChannel ch = channel(cfg, true);
        // "é" is one byte (0xE9) in Latin-1: invalid as UTF-8, valid here; a Latin-1 frame that is not JSON drops
        ch.writeInbound(bytes('"', 0xE9, '"', 0x17, '{', 0xE9, '}', 0x17, '[', 'N', 'a', 'N', ']', 0x17));
        List<BridgeMessage> got = messages(ch);
        assertEquals(2, got.size(), got.toString());
        assertEquals("\u00e9", got.get(0).json().textValue());
        assertTrue(got.get(1).hasNonFinite());
        assertEquals(List.of("BAD_JSON"), drops);
        assertFalse(ch.finish());
    }

    @Test
    void framesOfOneReadShareTheirArrivalTimeAndTheNextReadTakesANewOne() throws Exception {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT, false);
        ch.writeInbound(utf8("1\u00172\u0017"));
        List<BridgeMessage> first = messages(ch);
        long before = System.nanoTime();
        while (System.nanoTime() - before < 2_000_000) {
            Thread.onSpinWait(); // a clock tick must pass (Instant.now() is microsecond-grained on Linux)
        }
        ch.writeInbound(utf8("3\u0017"));
        List<BridgeMessage> second = messages(ch);
        assertEquals(2, first.size());
        assertSame(first.get(0).receivedAt(), first.get(1).receivedAt(), "one clock read per read");
        assertTrue(second.get(0).receivedAt().isAfter(first.get(0).receivedAt()), "a new read, a new time");
        assertFalse(ch.finish());
    }

    @Test
    void isJsonObjectLooksAtTheFirstNonWhitespaceCharacterOfJsonOnly() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT, false);
        ch.writeInbound(utf8("{\"a\": 1}\u0017 \r\n\t{}\u0017[{}]\u0017\"{\"\u00171\u0017"));
        assertEquals(List.of(true, true, false, false, false),
                messages(ch).stream().map(BridgeMessage::isJsonObject).toList());
        assertFalse(ch.finish());
        EmbeddedChannel text = channel(FramingConfig.DEFAULT.withStructureType(StructureType.STRING), false);
        text.writeInbound(utf8("{\"a\": 1}\u0017"));
        assertEquals(List.of(false), messages(text).stream().map(BridgeMessage::isJsonObject).toList(),
                "plain text, even one that looks like JSON");
        assertFalse(text.finish());
        EmbeddedChannel utf16 = channel(FramingConfig.DEFAULT.withEncoding("UTF-16BE")
                .withDelimiter(org.labbridge.config.ByteSequence.parse("0x000a")), false);
        utf16.writeInbound(bytes(0, ' ', 0, '{', 0, '}', 0, 10, 0, '[', 0, ']', 0, 10));
        assertEquals(List.of(true, false), messages(utf16).stream().map(BridgeMessage::isJsonObject).toList());
        assertFalse(utf16.finish());
    }

    @Test
    void stringStructureInAnotherCharset() {
        FramingConfig cfg = FramingConfig.DEFAULT.withStructureType(StructureType.STRING).withEncoding("UTF-16BE");
        EmbeddedChannel ch = channel(cfg.withDelimiter(org.labbridge.config.ByteSequence.parse("0x000a")), true);
        ch.writeInbound(bytes(0, 'h', 0, 'i', 0, 10, 0xD8, 0x00, 0, 'x', 0, 10, 0, '!', 0, 10));
        List<BridgeMessage> got = messages(ch);
        assertEquals(List.of("hi", "!"), got.stream().map(BridgeMessage::value).toList());
        assertEquals(List.of("BAD_ENCODING"), drops); // a lone high surrogate
        assertFalse(ch.finish());
    }

    @Test
    void closeDelimitedMessageAtEof() {
        EmbeddedChannel ch = channel(FramingConfig.DEFAULT.withDelimiter(null), false);
        ch.writeInbound(utf8("{\"a\": [1,"));
        ch.writeInbound(utf8(" 2]}"));
        assertTrue(ch.finish());
        List<BridgeMessage> got = messages(ch);
        assertEquals(1, got.size());
        assertEquals(2, got.get(0).json().get("a").get(1).intValue());
    }

    @Test
    void encodeWritesValidJsonUnlessPythonCompatible() {
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        MessageCodec strict = new MessageCodec(FramingConfig.DEFAULT);
        ByteBuf b = strict.encodeFramed(alloc, Map.of("t", Double.NaN));
        assertEquals("{\"t\":\"NaN\"}\u0017", b.toString(StandardCharsets.UTF_8));
        b.release();
        MessageCodec py = new MessageCodec(FramingConfig.DEFAULT.withPythonCompatible(true));
        b = py.encode(alloc, Map.of("t", Double.NEGATIVE_INFINITY));
        assertEquals("{\"t\":-Infinity}", b.toString(StandardCharsets.UTF_8));
        b.release();
        b = strict.encodeJsonText(alloc, "{\"é\": 1}", true);
        assertEquals("{\"é\": 1}\u0017", b.toString(StandardCharsets.UTF_8));
        b.release();
        assertThrows(IllegalArgumentException.class, () -> strict.encodeJsonText(alloc, "{", true));
        MessageCodec latin = new MessageCodec(FramingConfig.DEFAULT.withEncoding("latin-1"));
        b = latin.encode(alloc, Map.of("k", "€"));
        assertEquals("{\"k\":\"\\u20AC\"}", b.toString(StandardCharsets.ISO_8859_1));
        b.release();
    }

    @Test
    void relayReusesWireBytesButNeverForwardsNanAsInvalidJson() throws Exception {
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        MessageCodec codec = new MessageCodec(FramingConfig.DEFAULT);
        BridgeMessage plain = codec.decode("{ \"a\" : 1 }".getBytes(StandardCharsets.UTF_8), false, null, null);
        ByteBuf b = codec.encodeFramed(alloc, plain);
        assertEquals("{ \"a\" : 1 }\u0017", b.toString(StandardCharsets.UTF_8)); // byte for byte
        b.release();
        BridgeMessage nan = codec.decode("{\"a\": NaN}".getBytes(StandardCharsets.UTF_8), false, null, null);
        b = codec.encodeFramed(alloc, nan);
        assertEquals("{\"a\":\"NaN\"}\u0017", b.toString(StandardCharsets.UTF_8));
        b.release();
    }

    @Test
    void relayEncodesAgainWhatWouldHoldTheOutgoingDelimiter() throws Exception {
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        MessageCodec in = new MessageCodec(FramingConfig.DEFAULT); // 0x17
        MessageCodec lines = new MessageCodec(FramingConfig.DEFAULT.withDelimiter(
                org.labbridge.config.ByteSequence.parse("\n")));
        MessageCodec closeDelimited = new MessageCodec(FramingConfig.DEFAULT.withDelimiter(null));
        BridgeMessage pretty = in.decode("{\n  \"a\": 1\n}".getBytes(StandardCharsets.UTF_8), false, null, null);
        BridgeMessage flat = in.decode("{ \"a\": 1 }".getBytes(StandardCharsets.UTF_8), false, null, null);
        // Pretty-printed JSON (Python's indent=2) would be split at its newlines: encoded again, compactly.
        assertEquals("{\"a\":1}\n", framed(lines, alloc, pretty));
        assertEquals("{ \"a\": 1 }\n", framed(lines, alloc, flat), "no newline inside: the bytes as received");
        assertEquals("{\n  \"a\": 1\n}", framed(closeDelimited, alloc, pretty), "no delimiter: nothing to split");
    }

    private static String framed(MessageCodec codec, ByteBufAllocator alloc, BridgeMessage m) {
        ByteBuf b = codec.encodeFramed(alloc, m);
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    @Test
    void encodingAliases() {
        assertEquals(StandardCharsets.UTF_8, FramingConfig.charsetFor("utf8"));
        assertEquals(StandardCharsets.UTF_8, FramingConfig.charsetFor("UTF-8"));
        assertEquals(StandardCharsets.ISO_8859_1, FramingConfig.charsetFor("latin_1"));
        assertThrows(IllegalArgumentException.class, () -> FramingConfig.charsetFor("klingon"));
        assertEquals(StructureType.STRING, StructureType.parse("String"));
    }
}
