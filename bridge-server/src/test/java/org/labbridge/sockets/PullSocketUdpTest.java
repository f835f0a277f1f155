package org.labbridge.sockets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labbridge.codec.python.PyTuple;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pull sockets over real UDP on 127.0.0.1: every row of the §3 table and the §8 deviations that apply. */
class PullSocketUdpTest {

    private final ManualClock clock = new ManualClock(1414154340.0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SocketRegistry registry = new SocketRegistry(new SystemStatus());
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    private DateDataPullSocket.Builder date(List<String> codenames) {
        return DateDataPullSocket.builder("my socket", codenames).port(0).clock(clock).meterRegistry(meters)
                .registry(registry);
    }

    /** The spec example: temperature=(1414154338.172345, 21.5), pressure stale. */
    private Udp specExample() {
        DateDataPullSocket s = closing(date(List.of("temperature", "pressure")).timeouts(10.0, 1.0).build());
        s.start();
        s.setPoint("temperature", 1414154338.172345, 21.5);
        return closing(new Udp(s.port()));
    }

    @Test
    void everyRowOfTheSpecTable() {
        Udp udp = specExample();
        assertEquals("my socket", udp.ask("name"));
        assertEquals("temperature,pressure", udp.ask("codenames_raw"));
        assertEquals("[\"temperature\", \"pressure\"]", udp.ask("codenames_json"));
        assertEquals("1414154338.172345,21.5;OLD_DATA", udp.ask("raw"));
        assertEquals("[[1414154338.172345, 21.5], \"OLD_DATA\"]", udp.ask("json"));
        assertEquals("temperature:1414154338.172345,21.5;pressure:OLD_DATA", udp.ask("raw_wn"));
        assertEquals("{\"temperature\": [1414154338.172345, 21.5], \"pressure\": \"OLD_DATA\"}", udp.ask("json_wn"));
        assertEquals("1414154338.172345,21.5", udp.ask("temperature#raw"));
        assertEquals("[1414154338.172345, 21.5]", udp.ask("temperature#json"));
        assertEquals("OLD_DATA", udp.ask("pressure#raw"));
        assertEquals("\"OLD_DATA\"", udp.ask("pressure#json"));
        assertTrue(udp.ask("status").startsWith("{\"system_status\": {"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anything", "nosuch#raw", "temperature#JSON", "#raw", "temperature#", "data", "codenames",
            "raw\n", "raw ", "RAW", "temperature#raw#json", "a#b#c", ""})
    void unknownCommands(String request) {
        Udp udp = specExample();
        assertEquals("UNKNOWN_COMMMAND", udp.ask(request));
    }

    @Test
    void stalenessIsStrictAndFutureXIsNeverStale() {
        DateDataPullSocket s = closing(date(List.of("a", "b")).timeout(5.0).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        s.setPoint("a", clock.instant().getEpochSecond() - 5.0, 1.0); // exactly the timeout: not stale
        s.setPoint("b", clock.instant().getEpochSecond() + 100.0, 2.0); // future x
        assertEquals("1414154335.0,1.0;1414154440.0,2.0", udp.ask("raw"));
        clock.advance(0.001);
        assertEquals("OLD_DATA;1414154440.0,2.0", udp.ask("raw"));
        s.setPointNow("a", 3.5);
        assertEquals("1414154340.001,3.5", udp.ask("a#raw"));
    }

    @Test
    void dateSocketWithoutTimeoutsIsNeverStale() {
        DateDataPullSocket s = closing(date(List.of("a")).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        assertEquals("0.0,0.0", udp.ask("a#raw")); // Python's default point
        assertEquals("{\"a\": [0.0, 0.0]}", udp.ask("json_wn"));
    }

    @Test
    void dataSocketStalenessUsesTheSetTimestamp() {
        DataPullSocket s = closing(DataPullSocket.builder("d", List.of("x", "y")).port(0).clock(clock)
                .meterRegistry(meters).registry(registry).timeouts(2.0, null).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        // never set: timestamp 0.0, so with a timeout it is stale; without one it is not
        assertEquals("OLD_DATA;0.0,0.0", udp.ask("raw"));
        s.setPoint("x", 100.0, 7.0); // x is NOT a time for a DataPullSocket
        assertEquals("x:100.0,7.0;y:0.0,0.0", udp.ask("raw_wn"));
        clock.advance(2.0);
        assertEquals("100.0,7.0", udp.ask("x#raw"));
        clock.advance(0.5);
        assertEquals("OLD_DATA", udp.ask("x#raw"));
        s.setPoint("x", PyTuple.of(1.0, 2.0), clock.instant().getEpochSecond() - 10.0); // explicit old timestamp
        assertEquals("\"OLD_DATA\"", udp.ask("x#json"));
    }

    @Test
    void unregisteredCodenamesAreAppendedToJsonWnOnly() {
        DateDataPullSocket s = closing(date(List.of("a")).timeout(1.0).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        s.setPoint("zeta", PyTuple.of(1.0, 2.0));
        s.setPoint("alpha", PyTuple.of(3.0, 4.0));
        s.setPoint("zeta", PyTuple.of(5.0, 6.0)); // keeps its first position
        assertEquals("{\"a\": \"OLD_DATA\", \"zeta\": [5.0, 6.0], \"alpha\": [3.0, 4.0]}", udp.ask("json_wn"));
        assertEquals("5.0,6.0", udp.ask("zeta#raw")); // never stale, although x=5.0 is ancient
        assertEquals("[3.0, 4.0]", udp.ask("alpha#json"));
        assertEquals("a", udp.ask("codenames_raw"));
        assertEquals("[\"a\"]", udp.ask("codenames_json"));
        assertEquals("OLD_DATA", udp.ask("raw"));
        assertEquals("[\"OLD_DATA\"]", udp.ask("json"));
        assertEquals("a:OLD_DATA", udp.ask("raw_wn"));
        assertEquals(List.of("a"), s.codenames());
    }

    @Test
    void autoCodenamesRegisterInArrivalOrder() {
        DataPullSocket s = closing(DataPullSocket.builder("auto", List.of()).port(0).clock(clock).meterRegistry(meters)
                .registry(registry).autoCodenames(true).autoCodenameTimeout(5.0).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        assertEquals("", udp.ask("codenames_raw"));
        s.setPoint("b", 1.0, 2.0);
        s.setPoint("a", 3.0, 4.0);
        assertEquals("b,a", udp.ask("codenames_raw"));
        assertEquals("1.0,2.0;3.0,4.0", udp.ask("raw"));
        assertEquals("[[1.0, 2.0], [3.0, 4.0]]", udp.ask("json"));
        clock.advance(6);
        assertEquals("b:OLD_DATA;a:OLD_DATA", udp.ask("raw_wn"));
        assertEquals("The character ',' is not allowed in the codenames",
                assertThrows(IllegalArgumentException.class, () -> s.setPoint("x,y", 1.0, 2.0)).getMessage());
    }

    @Test
    void rawUsesXAndYOnlyJsonTheWholeTuple() {
        DateDataPullSocket s = closing(date(List.of("p")).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        s.setPoint("p", PyTuple.of(1.0, 2.0, 3.0));
        assertEquals("1.0,2.0", udp.ask("p#raw"));
        assertEquals("[1.0, 2.0, 3.0]", udp.ask("p#json"));
        s.setPoint("p", PyTuple.of(1.0, "a,b;c"));
        assertEquals("1.0,a,b;c", udp.ask("raw"));
    }

    @Test
    void pointWithFewerThanTwoElementsIsRejectedWhenSet() {
        DateDataPullSocket s = closing(date(List.of("p")).build());
        assertThrows(IllegalArgumentException.class, () -> s.setPoint("p", PyTuple.of(1.0)));
        assertEquals(PyTuple.of(0.0, 0.0), s.point("p"));
    }

    @Test
    void constructionErrorsUseTheSpecTexts() {
        assertEquals("Codenames must be unique; 'a' is present more than once",
                assertThrows(IllegalArgumentException.class, () -> date(List.of("a", "a")).build()).getMessage());
        assertEquals("The character ':' is not allowed in the codenames",
                assertThrows(IllegalArgumentException.class, () -> date(List.of("a:b")).build()).getMessage());
        assertEquals("If a list of timeouts is supplied, it must have as many items as there are in codenames",
                assertThrows(IllegalArgumentException.class, () -> date(List.of("a", "b")).timeouts(1.0).build())
                        .getMessage());
    }

    @Test
    void pythonDefaults() {
        assertEquals(9000, new DateDataPullSocket("n", List.of("a")).port());
        assertEquals(9010, new DataPullSocket("n", List.of("a")).port());
        assertEquals(8500, new DataPushSocket("n").port());
        assertEquals(PyTuple.of(0.0, 0.0), new DataPullSocket("n", List.of("a")).point("a"));
    }

    @Test
    void nonAsciiIsSentAsUtf8() {
        DateDataPullSocket s = closing(DateDataPullSocket.builder("k\u00f8kken", List.of("t")).port(0).clock(clock)
                .meterRegistry(meters).registry(registry).build());
        s.start();
        s.setPoint("t", 1.0, "20 \u00b0C");
        Udp udp = closing(new Udp(s.port()));
        assertArrayEquals("k\u00f8kken".getBytes(StandardCharsets.UTF_8), udp.ask("name".getBytes(StandardCharsets.UTF_8)));
        assertEquals("1.0,20 \u00b0C", udp.ask("t#raw"));
        assertEquals("[1.0, \"20 \\u00b0C\"]", udp.ask("t#json"));
        // a non-ASCII codename in a request is decoded as UTF-8
        s.setPoint("\u00e6", 1.0, 2.0);
        assertEquals("1.0,2.0", udp.ask("\u00e6#raw"));
    }

    @Test
    void invalidUtf8IsAnUnknownCommand() {
        Udp udp = specExample();
        assertEquals("UNKNOWN_COMMMAND", new String(udp.ask(new byte[] {'r', 'a', (byte) 0xff}), StandardCharsets.UTF_8));
        assertEquals("UNKNOWN_COMMMAND", new String(udp.ask(new byte[] {(byte) 0xc3}), StandardCharsets.UTF_8));
        assertEquals(2.0, meters.get(UdpSocketMeters.ERRORS.meterName()).tag("reason", "invalid_utf8").counter().count(),
                0.0);
        assertEquals("my socket", udp.ask("name")); // and the socket goes on
    }

    @Test
    void fullSizeDatagramIsReadWholeLargerThanMaximumIsRefused() {
        // codenames up to 10,000 chars (the default bound is 255)
        DateDataPullSocket s = closing(date(List.of("a"))
                .limits(new StateLimits(Integer.MAX_VALUE, 10_000, 65_507, Double.NaN)).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        // 65,507 bytes: the largest IPv4 payload, read whole (Python truncates at 8192 and parses the rest)
        byte[] huge = new byte[65_507];
        Arrays.fill(huge, (byte) 'x');
        assertEquals("UNKNOWN_COMMMAND", new String(udp.ask(huge), StandardCharsets.US_ASCII));
        // a codename of 9000 chars: beyond Python's 8192-byte read, served whole by labbridge
        String longName = "c".repeat(9000);
        s.setPoint(longName, 1.0, 2.0);
        assertEquals("1.0,2.0", udp.ask(longName + "#raw"));

        DateDataPullSocket small = closing(date(List.of("a")).maxDatagramSize(100).build());
        small.start();
        Udp udp2 = closing(new Udp(small.port()));
        byte[] tooBig = new byte[101];
        Arrays.fill(tooBig, (byte) 'a');
        assertEquals("ERROR#The request is larger than the maximum datagram size of 100 bytes",
                new String(udp2.ask(tooBig), StandardCharsets.US_ASCII));
        assertEquals(1.0, meters.get(UdpSocketMeters.ERRORS.meterName()).tag("port", Integer.toString(small.port()))
                .tag("reason", "oversize").counter().count(), 0.0);
        byte[] fits = new byte[100];
        Arrays.fill(fits, (byte) 'a');
        assertEquals("UNKNOWN_COMMMAND", new String(udp2.ask(fits), StandardCharsets.US_ASCII));
        assertEquals("0.0,0.0", udp2.ask("a#raw"));
    }

    @Test
    void aPointTooLargeForADatagramIsRefusedWhenSetSoEveryReplyFits() {
        DateDataPullSocket s = closing(date(List.of("a")).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        s.setPoint("a", 1.0, "v");
        List<Refusal> refused = s.setBatch(java.util.Map.of("a", PyTuple.of(1.0, "v".repeat(70_000))));
        assertEquals(Refusal.Reason.STATE_FULL, refused.get(0).reason());
        assertEquals("1.0,v", udp.ask("a#raw"), "the old point stays");
        assertEquals("a:1.0,v", udp.ask("raw_wn"));
        assertEquals("my socket", udp.ask("name"));
    }

    @Test
    void bindsLoopbackByDefaultAndReleasesThePortOnStop() throws Exception {
        DateDataPullSocket s = date(List.of("a")).build();
        s.start();
        int port = s.port();
        assertEquals(InetAddress.getByName("127.0.0.1"), s.localAddress().getAddress());
        assertTrue(s.isRunning());
        s.stop();
        assertFalse(s.isRunning());
        // the port is free at once: bind it ourselves
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertEquals(port, d.getLocalPort());
        }
        s.stop(); // idempotent
        // and a new socket may take it again
        DateDataPullSocket again = closing(date(List.of("a")).port(port).build());
        again.start();
        assertEquals(port, again.port());
    }

    @Test
    void startOnABusyPortFailsClearly() {
        DateDataPullSocket s = closing(date(List.of("a")).build());
        s.start();
        DateDataPullSocket other = date(List.of("a")).port(s.port()).build();
        Exception e = assertThrows(java.io.UncheckedIOException.class, other::start);
        assertTrue(e.getMessage().contains("cannot bind UDP socket 'my socket'"), e.getMessage());
        assertThrows(IllegalStateException.class, s::start);
    }

    @Test
    void replyIsAConsistentSnapshotUnderConcurrentSets() throws Exception {
        List<String> names = List.of("a", "b", "c", "d");
        DateDataPullSocket s = closing(date(names).build());
        s.start();
        Udp udp = closing(new Udp(s.port()));
        Thread writer = new Thread(() -> {
            for (int i = 1; !Thread.currentThread().isInterrupted(); i++) {
                Map<String, PyTuple> batch = new LinkedHashMap<>();
                for (String n : names) {
                    batch.put(n, PyTuple.of((double) i, (double) i));
                }
                s.setBatch(batch);
            }
        });
        writer.start();
        try {
            for (int r = 0; r < 300; r++) {
                String[] points = udp.ask("raw").split(";");
                assertEquals(4, points.length);
                for (String p : points) {
                    assertEquals(points[0], p, "torn read: " + String.join(";", points));
                }
            }
        } finally {
            writer.interrupt();
            writer.join();
        }
    }

    @Test
    void countsRequestsByKindAndStaleReplies() {
        Udp udp = specExample();
        udp.ask("json_wn");
        udp.ask("json_wn");
        udp.ask("nope");
        udp.ask("pressure#raw");
        assertEquals(2.0, meters.get(UdpSocketMeters.REQUESTS.meterName()).tag("command", "json_wn").counter().count(), 0);
        assertEquals(1.0, meters.get(UdpSocketMeters.REQUESTS.meterName()).tag("command", "unknown").counter().count(), 0);
        assertEquals(1.0, meters.get(UdpSocketMeters.ERRORS.meterName()).tag("reason", "unknown_command").counter()
                .count(), 0);
        assertEquals(3.0, meters.get(UdpSocketMeters.STALE_REPLIES.meterName()).counter().count(), 0);
        assertEquals(4.0, meters.get(UdpSocketMeters.REPLIES.meterName()).counter().count(), 0);
    }
}
