package org.labbridge.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.labbridge.config.ByteSequence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelimiterEncoderTest {

    private static ByteBuf buf(String s) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String drain(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    @Test
    void appendsTheDelimiterWithoutCopyingAndCompletesThePromise() {
        EmbeddedChannel ch = new EmbeddedChannel(new DelimiterEncoder(ByteSequence.parse("0x0d0a")));
        ByteBuf msg = buf("{\"a\":1}");
        ChannelFuture f = ch.writeAndFlush(msg);
        assertTrue(f.isSuccess());
        ByteBuf first = ch.readOutbound();
        assertTrue(first == msg, "the message itself is written, not a copy");
        assertEquals("{\"a\":1}", first.toString(StandardCharsets.UTF_8));
        first.release();
        assertEquals("\r\n", drain(ch));
        // the shared delimiter survives many writes
        ch.writeAndFlush(buf("x"));
        ch.writeAndFlush(buf("y"));
        assertEquals("x\r\ny\r\n", drain(ch));
        assertFalse(ch.finish());
    }

    @Test
    void framedBuffersPassUnchanged() {
        EmbeddedChannel ch = new EmbeddedChannel(new DelimiterEncoder(ByteSequence.ETB));
        ch.writeAndFlush(new FramedBuf(buf("z\u0017")));
        assertEquals("z\u0017", drain(ch));
        assertFalse(ch.finish());
    }

    @Test
    void closeDelimitedHasNoEncoder() {
        assertThrows(IllegalArgumentException.class, () -> new DelimiterEncoder(null));
    }
}
