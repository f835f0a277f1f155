package org.labbridge.sockets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pull and push channel handlers on an EmbeddedChannel: DatagramPacket in, DatagramPacket out. */
class HandlerEmbeddedTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 9000);
    private static final InetSocketAddress CLIENT_A = new InetSocketAddress("127.0.0.1", 40001);
    private static final InetSocketAddress CLIENT_B = new InetSocketAddress("127.0.0.1", 40002);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SocketRegistry registry = new SocketRegistry(new SystemStatus());
    private EmbeddedChannel channel;
    private DateDataPullSocket socket;

    @AfterEach
    void finish() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel pull(int maxDatagram, List<String> codenames) {
        DateDataPullSocket s = DateDataPullSocket.builder("emb", codenames).maxDatagramSize(maxDatagram)
                .meterRegistry(meters).registry(registry).clock(new ManualClock(100)).build();
        s.setPoint("t", 99.5, 21.5);
        socket = s;
        channel = new EmbeddedChannel(s.newHandler());
        return channel;
    }

    private EmbeddedChannel push() {
        DataPushSocket s = DataPushSocket.builder("embpush").meterRegistry(meters).registry(registry).build();
        channel = new EmbeddedChannel(s.newHandler());
        return channel;
    }

    private void send(byte[] bytes, InetSocketAddress sender) {
        ByteBuf buf = channel.alloc().directBuffer(bytes.length).writeBytes(bytes);
        channel.writeInbound(new DatagramPacket(buf, LOCAL, sender));
    }

    private void send(String text, InetSocketAddress sender) {
        send(text.getBytes(StandardCharsets.UTF_8), sender);
    }

    private String reply(InetSocketAddress expectedRecipient) {
        DatagramPacket out = channel.readOutbound();
        try {
            assertEquals(expectedRecipient, out.recipient());
            return out.content().toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void pullRepliesGoToEachSenderInOrder() {
        pull(65_507, List.of("t"));
        send("json_wn", CLIENT_A);
        send("t#raw", CLIENT_B);
        send("bogus", CLIENT_A);
        assertEquals("{\"t\": [99.5, 21.5]}", reply(CLIENT_A));
        assertEquals("99.5,21.5", reply(CLIENT_B));
        assertEquals("UNKNOWN_COMMMAND", reply(CLIENT_A));
        assertNull(channel.readOutbound());
        assertNull(channel.readInbound()); // nothing leaks past the handler
    }

    @Test
    void repeatedPullRepliesShareOneBufferUntilTheStateChanges() {
        pull(65_507, List.of("t"));
        DatagramPacket[] outs = new DatagramPacket[3];
        try {
            for (int i = 0; i < outs.length; i++) {
                send("json_wn", CLIENT_A);
                outs[i] = channel.readOutbound();
                assertEquals("{\"t\": [99.5, 21.5]}", outs[i].content().toString(StandardCharsets.UTF_8));
            }
            assertEquals(outs[1].content().memoryAddress(), outs[2].content().memoryAddress(),
                    "the second and later sends of the same cached reply duplicate one direct buffer");
            assertNotEquals(outs[0].content().memoryAddress(), outs[1].content().memoryAddress());
        } finally {
            for (DatagramPacket p : outs) {
                if (p != null) {
                    p.release();
                }
            }
        }
        socket.setPoint("t", 99.75, 22.0); // a new snapshot: a new reply, never the old buffer's bytes
        send("json_wn", CLIENT_A);
        assertEquals("{\"t\": [99.75, 22.0]}", reply(CLIENT_A));
        send("json_wn", CLIENT_B);
        assertEquals("{\"t\": [99.75, 22.0]}", reply(CLIENT_B));
        // finish() closes the channel: the handler releases what it kept (the paranoid leak detector checks)
    }

    @Test
    void oversizeThenRecovery() {
        pull(16, List.of("t"));
        send("x".repeat(17), CLIENT_A);
        assertEquals("ERROR#The request is larger than the maximum datagram size of 16 bytes", reply(CLIENT_A));
        send("x".repeat(16), CLIENT_A);
        assertEquals("UNKNOWN_COMMMAND", reply(CLIENT_A));
        send("t#json", CLIENT_A);
        assertEquals("[99.5, 21.5]", reply(CLIENT_A));
        assertEquals(1.0, meters.get(UdpSocketMeters.ERRORS.meterName()).tag("reason", "oversize").counter().count(), 0);
    }

    @Test
    void invalidUtf8ThenRecovery() {
        pull(65_507, List.of("t"));
        send(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, CLIENT_A); // a UTF-16 surrogate: invalid UTF-8
        assertEquals("UNKNOWN_COMMMAND", reply(CLIENT_A));
        send("name", CLIENT_A);
        assertEquals("emb", reply(CLIENT_A));
    }

    @Test
    void invalidUtf8IsFoundOnBothSidesOfTheKeptCopysBound() {
        push();
        int kept = UdpRequestHandler.REQUEST_BYTES_KEPT;
        for (int size : new int[] {kept - 1, kept, kept + 1, kept + 100}) {
            byte[] last = ("json_wn#{\"k\": \"" + "x".repeat(size - 17) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertEquals(size, last.length);
            byte[] broken = last.clone();
            broken[size - 3] = (byte) 0xc0; // a lead byte before the closing quote: no sequence
            send(broken, CLIENT_A);
            assertEquals("ERROR#The request is not valid UTF-8", reply(CLIENT_A), "size " + size);
            broken[size - 3] = (byte) 0xc3; // ... and now the start of a two-byte 'Ã' that the quote ends
            send(broken, CLIENT_A);
            assertEquals("ERROR#The request is not valid UTF-8", reply(CLIENT_A), "size " + size);
            send(last, CLIENT_B);
            assertEquals("ACK#{'k': '" + "x".repeat(size - 17) + "'}", reply(CLIENT_B), "size " + size);
        }
        send("json_wn#{\"k\": \"\u00e9\"}", CLIENT_A); // well-formed non-ASCII after the largest copy
        assertEquals("ACK#{'k': '\u00e9'}", reply(CLIENT_A));
        assertEquals(8.0, meters.get(UdpSocketMeters.ERRORS.meterName()).tag("reason", "invalid_utf8").counter().count(), 0);
    }

    @Test
    void pullDecodesNonAsciiRequestsOnBothSidesOfTheKeptCopysBound() {
        DateDataPullSocket s = DateDataPullSocket.builder("emb", List.of("\u00b5bar")).meterRegistry(meters)
                .registry(registry).clock(new ManualClock(100)).build();
        s.setPoint("\u00b5bar", 99.5, 1.5);
        socket = s;
        channel = new EmbeddedChannel(s.newHandler());
        send("\u00b5bar#raw", CLIENT_A); // a non-ASCII codename, decoded from the copy
        assertEquals("99.5,1.5", reply(CLIENT_A));
        int kept = UdpRequestHandler.REQUEST_BYTES_KEPT;
        for (int size : new int[] {kept, kept + 1}) {
            byte[] unknown = ("x".repeat(size - 2) + "\u00e9").getBytes(StandardCharsets.UTF_8);
            assertEquals(size, unknown.length);
            send(unknown, CLIENT_A); // well-formed: an unknown command, not an encoding error
            assertEquals("UNKNOWN_COMMMAND", reply(CLIENT_A), "size " + size);
            unknown[size - 1] = 'A'; // 0xc3 then 'A': not UTF-8
            send(unknown, CLIENT_A);
            assertEquals("UNKNOWN_COMMMAND", reply(CLIENT_A), "size " + size);
        }
        send("\u00b5bar#json", CLIENT_B);
        assertEquals("[99.5, 1.5]", reply(CLIENT_B));
        assertEquals(2.0, meters.get(UdpSocketMeters.ERRORS.meterName()).tag("reason", "invalid_utf8").counter().count(), 0,
                "only the two broken requests count as invalid UTF-8");
    }

    @Test
    void emptyReplyIsStillADatagram() {
        pull(65_507, List.of());
        send("codenames_raw", CLIENT_A);
        assertEquals("", reply(CLIENT_A));
    }

    @Test
    void backpressurePausesReadingAndResumes() {
        pull(65_507, List.of("t"));
        // Hold flushes at the head of the pipeline, so replies stay in the outbound buffer as they would
        // on a socket whose send buffer is full.
        HoldFlushes hold = new HoldFlushes();
        channel.pipeline().addFirst(hold);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        send("json_wn", CLIENT_A);
        assertFalse(channel.isWritable(), "the reply is still buffered");
        assertFalse(channel.config().isAutoRead(), "reading pauses while replies cannot be written");
        hold.release(channel);
        assertTrue(channel.isWritable());
        assertTrue(channel.config().isAutoRead(), "reading resumes once the replies are written");
        send("json_wn", CLIENT_B);
        assertEquals("{\"t\": [99.5, 21.5]}", reply(CLIENT_A));
        assertEquals("{\"t\": [99.5, 21.5]}", reply(CLIENT_B));
    }

    /** Swallows flushes until released: what a full socket send buffer looks like to the handler. */
    private static final class HoldFlushes extends io.netty.channel.ChannelOutboundHandlerAdapter {
        private boolean holding = true;

        @Override
        public void flush(io.netty.channel.ChannelHandlerContext ctx) {
            if (!holding) {
                ctx.flush();
            }
        }

        void release(EmbeddedChannel channel) {
            holding = false;
            channel.flush();
            channel.runPendingTasks();
        }
    }

    @Test
    void pushHandlerAcksAndRefuses() {
        push();
        send("json_wn#{\"t\": 21.5}", CLIENT_A);
        send("json_wn#{", CLIENT_B);
        send(new byte[] {'r', 'a', 'w', '_', 'w', 'n', '#', (byte) 0x80}, CLIENT_A);
        assertEquals("ACK#{'t': 21.5}", reply(CLIENT_A));
        assertEquals("ERROR#The string '{' could not be decoded as JSON", reply(CLIENT_B));
        assertEquals("ERROR#The request is not valid UTF-8", reply(CLIENT_A));
        assertFalse(channel.outboundMessages().iterator().hasNext());
    }

    /** The ACK is encoded from a reused builder into the datagram: multi-byte text, reuse, and a too-long ACK. */
    @Test
    void pushAcksAreEncodedStraightIntoTheDatagram() {
        push();
        send("json_wn#{\"\u00e9\": \"\u00b5m \u00fc \ud83d\ude00\"}", CLIENT_A);
        send("json_wn#{\"t\": 1}", CLIENT_B);
        StringBuilder items = new StringBuilder("json_wn#{\"a\": [1e5");
        while (items.length() < 64_000) {
            items.append(",1e5"); // 4 bytes each, "100000.0, " in the ACK: too long for a datagram
        }
        String big = items.append("]}").toString();
        send(big, CLIENT_A);
        send("json_wn#{\"t\": 2.25}", CLIENT_B);
        DatagramPacket first = channel.readOutbound();
        try {
            byte[] expected = "ACK#{'\u00e9': '\u00b5m \u00fc \ud83d\ude00'}".getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, first.content().readableBytes());
            byte[] got = new byte[expected.length];
            first.content().getBytes(first.content().readerIndex(), got);
            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(got, StandardCharsets.UTF_8));
            assertTrue(java.util.Arrays.equals(expected, got));
        } finally {
            first.release();
        }
        assertEquals("ACK#{'t': 1}", reply(CLIENT_B));
        int ackLength = org.labbridge.codec.pyexplabsys.PushReplies.ack(
                org.labbridge.codec.pyexplabsys.PushRequest.parse(big).data()).length();
        assertTrue(ackLength > 65_507);
        assertEquals("ERROR#The reply of " + ackLength + " bytes exceeds the UDP maximum of 65507 bytes",
                reply(CLIENT_A));
        assertEquals("ACK#{'t': 2.25}", reply(CLIENT_B));
        assertFalse(channel.outboundMessages().iterator().hasNext());
    }

    /** Requests read from the kept array: a long one then a short one, at the bound and past it. */
    @Test
    void pushRequestsReadFromTheKeptArrayDoNotMix() {
        push();
        String prefix = "json_wn#{\"k\": \"";
        String atBound = prefix + "x".repeat(UdpRequestHandler.REQUEST_BYTES_KEPT - prefix.length() - 2) + "\"}";
        assertEquals(UdpRequestHandler.REQUEST_BYTES_KEPT, atBound.length());
        String pastBound = prefix + "y".repeat(UdpRequestHandler.REQUEST_BYTES_KEPT - prefix.length() - 1) + "\"}";
        send(atBound, CLIENT_A);
        send("json_wn#{\"t\": 2}", CLIENT_B);
        send(pastBound, CLIENT_A);
        send("json_wn#{\"t\": 3", CLIENT_B);
        assertEquals("ACK#{'k': '" + "x".repeat(UdpRequestHandler.REQUEST_BYTES_KEPT - prefix.length() - 2) + "'}",
                reply(CLIENT_A));
        assertEquals("ACK#{'t': 2}", reply(CLIENT_B));
        assertEquals("ACK#{'k': '" + "y".repeat(UdpRequestHandler.REQUEST_BYTES_KEPT - prefix.length() - 1) + "'}",
                reply(CLIENT_A));
        assertEquals("ERROR#The string '{\"t\": 3' could not be decoded as JSON", reply(CLIENT_B));
    }
}
