package org.labbridge.client.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PullClientTest {

    @Test
    void nameAndRawCommands() throws Exception {
        try (FakeUdpServer server = new FakeUdpServer(req -> switch (req) {
            case "name" -> "Lab ünit";
            case "raw" -> "1.0,2.0";
            default -> "UNKNOWN_COMMMAND";
        }); PullClient c = new PullClient(server.address(), Duration.ofSeconds(2))) {
            assertEquals("Lab ünit", c.name());
            assertEquals("1.0,2.0", c.request("raw"));
            IOException e = assertThrows(IOException.class, c::jsonWn);
            assertTrue(e.getMessage().contains("UNKNOWN_COMMMAND"), e.getMessage());
        }
    }

    @Test
    void jsonRepliesAreParsedInThePythonValueModel() throws Exception {
        try (FakeUdpServer server = new FakeUdpServer(req -> switch (req) {
            case "codenames_json" -> "[\"temperature\", \"pressure\"]";
            case "json_wn" -> "{\"temperature\": [1414154338.172345, 21.5], \"pressure\": \"OLD_DATA\", "
                    + "\"n\": [1.0, 47], \"bad\": [1.0, NaN]}";
            default -> "UNKNOWN_COMMMAND";
        }); PullClient c = new PullClient(server.address(), Duration.ofSeconds(2))) {
            assertEquals(java.util.List.of("temperature", "pressure"), c.codenamesJson());
            java.util.Map<String, Object> wn = c.jsonWn();
            assertEquals(java.util.List.of("temperature", "pressure", "n", "bad"), java.util.List.copyOf(wn.keySet()));
            assertEquals(java.util.List.of(1414154338.172345, 21.5), wn.get("temperature"));
            assertEquals(PullClient.OLD_DATA, wn.get("pressure"));
            assertEquals(47, ((Number) ((java.util.List<?>) wn.get("n")).get(1)).intValue());
            assertTrue(((java.util.List<?>) wn.get("n")).get(1) instanceof Integer
                    || ((java.util.List<?>) wn.get("n")).get(1) instanceof Long, "ints stay ints");
            assertTrue(Double.isNaN((Double) ((java.util.List<?>) wn.get("bad")).get(1)));
        }
    }

    @Test
    void asciiAndNonAsciiRepliesReadAlike() throws Exception {
        // ASCII replies are parsed from the datagram's bytes, others from the decoded text: same values
        String ascii = "{\"a\": [1.5, -2], \"b\": \"caf\\u00e9\", \"c\": [1, 123456789012, 1e400, 1.7e9]}";
        String utf8 = ascii.replace("caf\\u00e9", "caf\u00e9");
        try (FakeUdpServer server = new FakeUdpServer(req -> req.equals("json_wn") ? ascii : utf8);
             PullClient c = new PullClient(server.address(), Duration.ofSeconds(2))) {
            java.util.Map<String, Object> fromBytes = c.jsonWn();
            assertEquals(fromBytes, PyJsonLoads.map(c.request("other")));
            assertEquals("café", fromBytes.get("b"));
            assertEquals(java.util.List.of(1, 123456789012L, Double.POSITIVE_INFINITY, 1.7e9), fromBytes.get("c"));
        }
    }

    @Test
    void aMalformedReplyIsDescribedAsTheTextParserDescribesIt() throws Exception {
        String bad = "{\"a\": [1.5, -2], \"b\": tru}";
        try (FakeUdpServer server = new FakeUdpServer(req -> bad);
             PullClient c = new PullClient(server.address(), Duration.ofSeconds(2))) {
            IOException e = assertThrows(IOException.class, c::jsonWn);
            org.labbridge.codec.python.PyJsonException text = assertThrows(
                    org.labbridge.codec.python.PyJsonException.class, () -> org.labbridge.codec.python.PyJson.loads(bad));
            assertTrue(e.getMessage().endsWith("is not JSON: " + text.getMessage()), e.getMessage());
        }
    }

    /** The reply text read as {@link PullClient#jsonWn} reads it, the way it did before the byte path. */
    private static final class PyJsonLoads {
        @SuppressWarnings("unchecked")
        static java.util.Map<String, Object> map(String text) throws Exception {
            return (java.util.Map<String, Object>) org.labbridge.codec.python.PyJson.loads(text);
        }
    }

    @Test
    void jsonWnLazyTimesAnswersWhatJsonWnAnswers() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> reply = new java.util.concurrent.atomic.AtomicReference<>();
        try (FakeUdpServer server = new FakeUdpServer(req -> reply.get());
             PullClient c = new PullClient(server.address(), Duration.ofSeconds(2))) {
            for (String r : java.util.List.of(
                    "{\"t\": [1733461234.1234567, 21.5], \"o\": \"OLD_DATA\", \"n\": [1, NaN], \"i\": [1, 47]}",
                    "{\"caf\\u00e9\": [1.5, 2]}", "{\"café\": [1.5, 2]}", "{\"a\": [1, {\"b\": 2}]}", "{}",
                    "{\"a\": [1, 123456789012345678901]}")) {
                reply.set(r);
                java.util.Map<String, Object> lazy = c.jsonWnLazyTimes();
                assertEquals(c.jsonWn(), lazy, r);
                assertEquals(java.util.List.copyOf(c.jsonWn().keySet()), java.util.List.copyOf(lazy.keySet()), r);
                assertThrows(UnsupportedOperationException.class, () -> lazy.put("x", 1));
            }
            for (String r : java.util.List.of("{\"a\": [1, 2], \"b\": tru}", "[1, 2]", "UNKNOWN_COMMMAND", "{\"a\": 1",
                    "{\"é\": tru}")) {
                reply.set(r);
                IOException expected = assertThrows(IOException.class, c::jsonWn);
                IOException lazy = assertThrows(IOException.class, c::jsonWnLazyTimes);
                assertEquals(expected.getMessage(), lazy.getMessage(), r);
            }
        }
    }

    @Test
    void nonJsonRepliesAreClearErrors() throws Exception {
        try (FakeUdpServer server = new FakeUdpServer(req -> req.equals("json_wn") ? "[1, 2]" : "{not json");
             PullClient c = new PullClient(server.address(), Duration.ofSeconds(2))) {
            IOException e = assertThrows(IOException.class, c::codenamesJson);
            assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
            e = assertThrows(IOException.class, c::jsonWn);
            assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
        }
    }

    @Test
    void silenceIsAClearTimeout() throws Exception {
        try (FakeUdpServer server = new FakeUdpServer(req -> null);
             PullClient c = new PullClient(server.address(), Duration.ofMillis(150))) {
            long t0 = System.nanoTime();
            UdpTimeoutException e = assertThrows(UdpTimeoutException.class, c::name);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 140, "returned after " + ms + " ms");
            assertTrue(e.getMessage().contains("within 150 ms") && e.getMessage().contains("'name'"), e.getMessage());
        }
    }

    @Test
    void closedPortFailsWithoutWaitingForever() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (PullClient c = new PullClient(new InetSocketAddress("127.0.0.1", port), Duration.ofMillis(300))) {
            // Linux reports ICMP port unreachable on a connected socket; elsewhere it is a timeout.
            assertThrows(IOException.class, c::name);
            assertThrows(IOException.class, c::name);
        }
    }

    @Test
    void aLateReplyIsNotTakenForTheNextOne() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeUdpServer server = new FakeUdpServer(req -> n.getAndIncrement() == 0 ? null : "fresh " + req);
             PullClient c = new PullClient(server.address(), Duration.ofMillis(200))) {
            assertThrows(UdpTimeoutException.class, () -> c.request("first"));
            assertEquals("first", server.received.poll(2, TimeUnit.SECONDS));
            server.sendTo(server.lastSender, "late reply to first"); // on loopback it is queued at once
            assertEquals("fresh second", c.request("second"));
        }
    }

    @Test
    void rejectsBadTimeouts() {
        assertThrows(IllegalArgumentException.class,
                () -> new PullClient(new InetSocketAddress("127.0.0.1", 9), Duration.ZERO));
    }
}
