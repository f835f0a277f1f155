package org.labbridge.codec.text;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8Test {

    @Test
    void countsWhatTheEncoderWrites() {
        for (String s : List.of("", "abc", "µmbar", "°C", "€", "\uD83D\uDE00", "a\uD83Db", "\uDE00x", "end\uD83D",
                "mixed µ € \uD83D\uDE00 \uDE00")) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.encodedLength(s), s);
        }
    }

    @Test
    void countsARangeOnly() {
        String s = "xx€\uD83D\uDE00yy";
        assertEquals(3 + 4, Utf8.encodedLength(s, 2, 5));
        assertEquals(1 + 1, Utf8.encodedLength(s, 3, 4) + Utf8.encodedLength(s, 4, 5), "a pair cut in two");
    }

    /** Netty's verdict on the same bytes: the UDP sockets answered with it before they checked arrays. */
    private static boolean netty(ByteBuf over, int from, int to) {
        return ByteBufUtil.isText(over, from, to - from, StandardCharsets.UTF_8);
    }

    @Test
    void everySequenceOfUpToThreeBytesAsNettyDecides() {
        byte[] b = new byte[3];
        ByteBuf over = Unpooled.wrappedBuffer(b);
        int checked = 0;
        for (int x = 0; x < 256; x++) {
            b[0] = (byte) x;
            assertEquals(netty(over, 0, 1), Utf8.isWellFormed(b, 0, 1), () -> hex(b, 1));
            for (int y = 0; y < 256; y++) {
                b[1] = (byte) y;
                assertEquals(netty(over, 0, 2), Utf8.isWellFormed(b, 0, 2), () -> hex(b, 2));
                if (x < 0x80) {
                    continue; // an ASCII byte first: the rest is the two-byte case again
                }
                for (int z = 0; z < 256; z++) {
                    b[2] = (byte) z;
                    if (netty(over, 0, 3) != Utf8.isWellFormed(b, 0, 3)) {
                        assertEquals(netty(over, 0, 3), Utf8.isWellFormed(b, 0, 3), hex(b, 3));
                    }
                    checked++;
                }
            }
        }
        assertEquals(128 * 256 * 256, checked);
    }

    @Test
    void fourByteSequencesAtEveryBoundaryAsNettyDecides() {
        int[] edges = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        byte[] b = new byte[4];
        ByteBuf over = Unpooled.wrappedBuffer(b);
        for (int lead = 0xE0; lead < 0x100; lead++) {
            for (int second : edges) {
                for (int third : edges) {
                    for (int fourth : edges) {
                        b[0] = (byte) lead;
                        b[1] = (byte) second;
                        b[2] = (byte) third;
                        b[3] = (byte) fourth;
                        assertEquals(netty(over, 0, 4), Utf8.isWellFormed(b, 0, 4), () -> hex(b, 4));
                    }
                }
            }
        }
        assertTrue(Utf8.isWellFormed("\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), 0, 4), "U+1F600");
        assertFalse(Utf8.isWellFormed(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4),
                "U+110000");
    }

    @Test
    void rangesOfMixedTextAsNettyDecides() {
        SplittableRandom random = new SplittableRandom(7);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "json_wn#".getBytes(StandardCharsets.UTF_8),
                "µ".getBytes(StandardCharsets.UTF_8), "€".getBytes(StandardCharsets.UTF_8),
                "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}};
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[48];
            int length = 0;
            while (true) {
                byte[] piece = pieces[random.nextInt(pieces.length)];
                if (length + piece.length > b.length) {
                    break;
                }
                System.arraycopy(piece, 0, b, length, piece.length);
                length += piece.length;
            }
            int from = random.nextInt(length + 1);
            int to = from + random.nextInt(length - from + 1);
            ByteBuf over = Unpooled.wrappedBuffer(b);
            assertEquals(netty(over, from, to), Utf8.isWellFormed(b, from, to), hex(b, length) + " " + from + ".." + to);
        }
    }

    private static String hex(byte[] b, int n) {
        return ByteBufUtil.hexDump(b, 0, n);
    }
}
