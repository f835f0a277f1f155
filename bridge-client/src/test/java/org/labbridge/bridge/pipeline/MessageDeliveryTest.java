package org.labbridge.bridge.pipeline;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.MessageCodec;
import org.labbridge.codec.message.MessageFrameDecoder;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@link MessageDelivery} as the framing handler's target: a failing target costs no other message. */
class MessageDeliveryTest {

    @Test
    void aTargetThatThrowsSkipsThatMessageOnlyAndTheRestOfTheReadReachesEveryTarget() {
        List<String> failing = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        List<List<String>> targets = List.of(failing, healthy);
        MessageDelivery<List<String>> delivery = new MessageDelivery<>(targets, (target, m) -> {
            if (target == failing && m.text().contains("boom")) {
                if (m.text().contains("error")) {
                    throw new StackOverflowError("deep");
                }
                throw new IllegalStateException("bad");
            }
            target.add(m.text());
        }, LoggerFactory.getLogger(MessageDeliveryTest.class), "test");
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        ch.pipeline().addLast(new MessageFrameDecoder(new MessageCodec(FramingConfig.DEFAULT), false,
                (r, b, d) -> { }, (m, b) -> { }, delivery));
        // one read: a RuntimeException and an Error in the middle of it
        ch.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(
                "1\u0017\"boom\"\u00172\u0017\"boom error\"\u00173\u0017".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("1", "2", "3"), failing);
        assertEquals(List.of("1", "\"boom\"", "2", "\"boom error\"", "3"), healthy);
        assertFalse(ch.finish());
    }
}
