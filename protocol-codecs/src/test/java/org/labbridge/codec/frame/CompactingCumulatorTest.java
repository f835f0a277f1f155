package org.labbridge.codec.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labbridge.config.ByteSequence;

/**
 * {@link CompactingCumulator}: the decoded bytes make room for the next read in the same buffer; a buffer
 * shared with a slice is never moved; a decoder that uses it frames a stream cut anywhere as before. Pooled
 * direct buffers, so LeakGuard sees any reference lost or released twice.
 */
class CompactingCumulatorTest {

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static ByteBuf buf(int capacity, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ALLOC.directBuffer(capacity).writeBytes(b);
    }

    @Test
    void theRemainderMovesToTheFrontAndTheReadFollowsItInTheSameBuffer() {
        ByteBuf cumulation = buf(16, "0123456789abcdef");
        cumulation.skipBytes(13); // "def" not decoded yet
        ByteBuf in = buf(16, "ghijklmnop");
        ByteBuf result = CompactingCumulator.INSTANCE.cumulate(ALLOC, cumulation, in);
        assertSame(cumulation, result, "no new buffer");
        assertEquals(16, result.capacity(), "not grown");
        assertEquals("defghijklmnop", result.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, in.refCnt(), "the read is released");
        result.release();
    }

    @Test
    void aReadThatDoesNotFitEvenThenGrowsTheBufferWithTheUndecodedBytesOnly() {
        ByteBuf in = buf(32, "abcdefghijklmnopqrstuvwxyz");
        ByteBuf result = CompactingCumulator.INSTANCE.cumulate(ALLOC, buf(8, "01234567").skipBytes(6), in);
        assertEquals("67abcdefghijklmnopqrstuvwxyz", result.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, in.refCnt());
        result.release();
    }

    @Test
    void aCumulationSharedWithASliceIsNeverMoved() {
        ByteBuf cumulation = buf(16, "0123456789abcdef");
        ByteBuf frame = cumulation.readRetainedSlice(13); // a frame someone still holds
        ByteBuf in = buf(16, "ghij");
        ByteBuf result = CompactingCumulator.INSTANCE.cumulate(ALLOC, cumulation, in);
        assertEquals("0123456789abc", frame.toString(StandardCharsets.ISO_8859_1), "the slice's bytes stay put");
        assertEquals("defghij", result.toString(StandardCharsets.ISO_8859_1));
        frame.release();
        result.release();
    }

    @Test
    void nothingLeftTakesTheReadAsItIs() {
        ByteBuf cumulation = buf(16, "0123");
        cumulation.skipBytes(4);
        ByteBuf in = buf(16, "abc");
        assertSame(in, CompactingCumulator.INSTANCE.cumulate(ALLOC, cumulation, in));
        assertEquals(0, cumulation.refCnt());
        in.release();
    }

    @Test
    void aStreamCutIntoReadsOfEverySizeFramesTheSame() {
        StringBuilder stream = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String m = "{\"seq\": " + i + ", \"pad\": \"" + "x".repeat(i % 37) + "\"}";
            expected.add(m);
            stream.append(m).append('\u0017');
        }
        byte[] all = stream.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int cut : new int[] {1, 7, 64, 101, 1000, all.length}) {
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.config().setAllocator(ALLOC);
            ch.pipeline().addLast(new DelimitedFrameDecoder(ByteSequence.ETB, 1000, null));
            List<String> frames = new ArrayList<>();
            for (int off = 0; off < all.length; off += cut) {
                int n = Math.min(cut, all.length - off);
                ch.writeInbound(ALLOC.directBuffer(cut).writeBytes(all, off, n));
                // the frames are released before the next read, so the cumulation is the decoder's alone
                for (ByteBuf f; (f = ch.readInbound()) != null; ) {
                    frames.add(f.toString(StandardCharsets.ISO_8859_1));
                    f.release();
                }
            }
            assertEquals(expected, frames, "reads of " + cut + " bytes");
            assertTrue(!ch.finish());
        }
    }
}
