package org.labbridge.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.labbridge.config.ByteSequence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Modelled on Netty's DelimiterBasedFrameDecoderTest; pooled direct buffers so LeakGuard sees leaks. */
class DelimitedFrameDecoderTest {

    private final List<String> drops = new ArrayList<>();

    private EmbeddedChannel channel(ByteSequence delimiter, int max) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        ch.pipeline().addLast(new DelimitedFrameDecoder(delimiter, max,
                (reason, bytes, detail) -> drops.add(reason + ":" + bytes)));
        return ch;
    }

    private static ByteBuf buf(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return PooledByteBufAllocator.DEFAULT.directBuffer(b.length).writeBytes(b);
    }

    private static List<String> frames(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (ByteBuf f; (f = ch.readInbound()) != null; ) {
            out.add(f.toString(StandardCharsets.ISO_8859_1));
            f.release();
        }
        return out;
    }

    @Test
    void severalFramesPerRead() {
        EmbeddedChannel ch = channel(ByteSequence.ETB, 100);
        ch.writeInbound(buf("{\"a\":1}\u0017[2]\u0017\"x\"\u0017tail"));
        assertEquals(List.of("{\"a\":1}", "[2]", "\"x\""), frames(ch));
        ch.writeInbound(buf("\u0017"));
        assertEquals(List.of("tail"), frames(ch));
        assertFalse(ch.finish());
        assertTrue(drops.isEmpty());
    }

    @Test
    void frameSplitAcrossReads() {
        EmbeddedChannel ch = channel(ByteSequence.ETB, 100);
        ch.writeInbound(buf("{\"temper"));
        assertEquals(List.of(), frames(ch));
        ch.writeInbound(buf("ature\":21.5}"));
        assertEquals(List.of(), frames(ch));
        ch.writeInbound(buf("\u0017"));
        assertEquals(List.of("{\"temperature\":21.5}"), frames(ch));
        assertFalse(ch.finish());
    }

    @Test
    void byteByByteWithMultiByteDelimiter() {
        EmbeddedChannel ch = channel(ByteSequence.parse("0x0d0a"), 100);
        String input = "one\r\ntwo\rstill two\r\n\r\nfour\r\n";
        List<String> got = new ArrayList<>();
        for (char c : input.toCharArray()) {
            ch.writeInbound(buf(String.valueOf(c)));
            got.addAll(frames(ch));
        }
        assertEquals(List.of("one", "two\rstill two", "", "four"), got);
        assertFalse(ch.finish());
        assertTrue(drops.isEmpty());
    }

    @Test
    void multiByteDelimiterSplitAcrossReads() {
        EmbeddedChannel ch = channel(ByteSequence.parse("0xabcdef"), 100);
        ch.writeInbound(buf("msg\u00ab"));
        ch.writeInbound(buf("\u00cd"));
        assertEquals(List.of(), frames(ch));
        ch.writeInbound(buf("\u00efnext\u00ab\u00cdX\u00ab\u00cd\u00ef"));
        assertEquals(List.of("msg", "next\u00ab\u00cdX"), frames(ch));
        assertFalse(ch.finish());
    }

    @Test
    void oversizeIsDiscardedAndTheNextFrameDecodes() {
        EmbeddedChannel ch = channel(ByteSequence.ETB, 8);
        ch.writeInbound(buf("ok\u0017" + "x".repeat(20) + "\u0017fine\u0017"));
        assertEquals(List.of("ok", "fine"), frames(ch));
        assertEquals(List.of("OVERSIZE:20"), drops);
        assertTrue(ch.isActive());
        assertFalse(ch.finish());
    }

    @Test
    void oversizeAcrossManyReadsIsNotBufferedAndReportedWithItsFullLength() {
        EmbeddedChannel ch = channel(ByteSequence.parse("0x0d0a"), 8);
        for (int i = 0; i < 100; i++) {
            ch.writeInbound(buf("0123456789"));
        }
        assertEquals(List.of(), drops); // still discarding: not reported before its end
        ch.writeInbound(buf("ab\r"));
        ch.writeInbound(buf("\nafter\r\n"));
        assertEquals(List.of("after"), frames(ch));
        assertEquals(List.of("OVERSIZE:1002"), drops);
        assertFalse(ch.finish());
    }

    @Test
    void frameOfExactlyMaxLengthPasses() {
        EmbeddedChannel ch = channel(ByteSequence.parse("0x0d0a"), 4);
        ch.writeInbound(buf("abcd\r"));
        ch.writeInbound(buf("\n"));
        assertEquals(List.of("abcd"), frames(ch));
        assertTrue(drops.isEmpty());
        assertFalse(ch.finish());
    }

    @Test
    void eofWithoutRemainderInDelimitedMode() {
        EmbeddedChannel ch = channel(ByteSequence.ETB, 100);
        ch.writeInbound(buf("a\u0017"));
        assertEquals(List.of("a"), frames(ch));
        assertFalse(ch.finish());
        assertTrue(drops.isEmpty());
    }

    @Test
    void eofWithRemainderInDelimitedModeIsReportedNotDelivered() {
        EmbeddedChannel ch = channel(ByteSequence.ETB, 100);
        ch.writeInbound(buf("a\u0017partial"));
        assertEquals(List.of("a"), frames(ch));
        assertFalse(ch.finish());
        assertEquals(List.of("INCOMPLETE_AT_EOF:7"), drops);
    }

    @Test
    void eofWhileDiscardingReportsTheOversizeFrame() {
        EmbeddedChannel ch = channel(ByteSequence.ETB, 4);
        ch.writeInbound(buf("0123456789"));
        assertFalse(ch.finish());
        assertEquals(List.of("OVERSIZE:10"), drops);
    }

    @Test
    void closeDelimitedRemainderAtEofIsTheMessage() {
        EmbeddedChannel ch = channel(null, 100);
        ch.writeInbound(buf("{\"a\":"));
        ch.writeInbound(buf("1}\u0017\n"));
        assertNull(ch.readInbound());
        assertTrue(ch.finish());
        assertEquals(List.of("{\"a\":1}\u0017\n"), frames(ch));
        assertTrue(drops.isEmpty());
    }

    @Test
    void closeDelimitedEofWithoutData() {
        EmbeddedChannel ch = channel(null, 100);
        assertFalse(ch.finish());
        assertTrue(drops.isEmpty());
    }

    @Test
    void closeDelimitedOversizeIsReportedAtEof() {
        EmbeddedChannel ch = channel(null, 8);
        ch.writeInbound(buf("0123456"));
        ch.writeInbound(buf("789"));
        ch.writeInbound(buf("abc"));
        assertFalse(ch.finish());
        assertEquals(List.of("OVERSIZE:13"), drops);
    }

    @Test
    void emptyFramesAreEmitted() {
        EmbeddedChannel ch = channel(ByteSequence.ETB, 100);
        ch.writeInbound(buf("\u0017\u0017x\u0017"));
        assertEquals(List.of("", "", "x"), frames(ch));
        assertFalse(ch.finish());
    }
}
