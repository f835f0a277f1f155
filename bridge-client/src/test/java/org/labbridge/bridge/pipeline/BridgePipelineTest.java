package org.labbridge.bridge.pipeline;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Handlers land at their place in {@link BridgePipeline#ORDER}, whatever the order of the calls. */
class BridgePipelineTest {

    private static List<String> names(EmbeddedChannel ch) {
        return ch.pipeline().names().stream().filter(BridgePipeline.ORDER::contains).toList();
    }

    @Test
    void handlersLandInTheDocumentedOrderWhateverTheOrderOfTheCalls() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<String> shuffled = new ArrayList<>(BridgePipeline.ORDER);
            Collections.shuffle(shuffled, random);
            List<String> some = shuffled.subList(0, 1 + random.nextInt(shuffled.size()));
            EmbeddedChannel ch = new EmbeddedChannel();
            BridgePipeline p = BridgePipeline.of(ch.pipeline());
            for (String name : some) {
                p.add(name, new ChannelInboundHandlerAdapter());
            }
            List<String> expected = BridgePipeline.ORDER.stream().filter(some::contains).toList();
            assertEquals(expected, names(ch), "added in the order " + some);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void tlsAddedAfterTheRestGoesBeforeTheFramingAndTheFilterFirst() {
        EmbeddedChannel ch = new EmbeddedChannel();
        BridgePipeline.of(ch.pipeline())
                .add(BridgePipeline.FRAMING, new ChannelInboundHandlerAdapter())
                .add(BridgePipeline.OUTBOUND, new ChannelInboundHandlerAdapter())
                .add(BridgePipeline.ERRORS, new ChannelInboundHandlerAdapter())
                .add(BridgePipeline.SSL, new ChannelInboundHandlerAdapter())
                .add(BridgePipeline.IP_FILTER, new ChannelInboundHandlerAdapter())
                .addIfPresent(BridgePipeline.IDLE, null);
        assertEquals(List.of("ipfilter", "ssl", "framing", "outbound", "errors"), names(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void anUnknownNameIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThrows(IllegalArgumentException.class,
                () -> BridgePipeline.of(ch.pipeline()).add("tls", new ChannelInboundHandlerAdapter()));
        ch.finishAndReleaseAll();
    }
}
