package org.labbridge.sockets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.python.PyTuple;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** §7: the live socket publishes to a live server and serves its points on its internal pull socket. */
class LiveSocketTest {

    private static String receive(DatagramSocket server) throws Exception {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void publishesBatchesAndServesThemForPulling() throws Exception {
        TestClock clock = new TestClock(1700000000.25);
        try (DatagramSocket liveServer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            liveServer.setSoTimeout(5000);
            LiveSocket live = LiveSocket.builder("live", List.of("sine", "state"), "127.0.0.1", liveServer.getLocalPort())
                    .hostname("rig1")
                    .pull(p -> p.port(0).clock(clock).meterRegistry(new SimpleMeterRegistry())
                            .registry(new SocketRegistry(new SystemStatus())))
                    .build();
            try (live) {
                live.start();
                assertEquals(8000, LiveSocket.builder("x", List.of(), "127.0.0.1", 1).pull.port);
                live.setPoint("sine", PyTuple.of(1.5, 0.25));
                assertEquals("{\"host\": \"rig1\", \"data\": {\"sine\": [1.5, 0.25]}}", receive(liveServer));
                live.setPointNow("state", "running");
                assertEquals("{\"host\": \"rig1\", \"data\": {\"state\": [1700000000.25, \"running\"]}}",
                        receive(liveServer));
                Map<String, Object> batch = new LinkedHashMap<>();
                batch.put("sine", 2.0);
                batch.put("state", true);
                live.setBatchNow(batch);
                assertEquals("{\"host\": \"rig1\", \"data\": {\"sine\": [1700000000.25, 2.0], \"state\": "
                        + "[1700000000.25, true]}}", receive(liveServer));
                try (Udp udp = new Udp(live.internalPullSocket().port())) {
                    assertEquals("sine:1700000000.25,2.0;state:1700000000.25,True", udp.ask("raw_wn"));
                    assertEquals("live", udp.ask("name"));
                    live.reset(List.of("sine"));
                    assertEquals("{\"host\": \"rig1\", \"data\": {\"sine\": \"RESET\"}}", receive(liveServer));
                    // Python stores tuple('RESET') on its internal pull socket
                    assertEquals("R,E", udp.ask("sine#raw"));
                }
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> live.setPoint("cosine", PyTuple.of(1.0, 2.0)));
                assertEquals("The codename: 'cosine' is not registered", e.getMessage());
            }
        }
    }

    @Test
    void withoutInternalPullSocket() throws Exception {
        try (DatagramSocket liveServer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            liveServer.setSoTimeout(5000);
            try (LiveSocket live = LiveSocket.builder("live", List.of("a"), "localhost", liveServer.getLocalPort())
                    .noInternalDataPullSocket(true).build()) {
                live.start();
                assertNull(live.internalPullSocket());
                live.setPoint("a", PyTuple.of(1.0, 2.0));
                assertEquals("{\"host\": \"" + live.hostname() + "\", \"data\": {\"a\": [1.0, 2.0]}}",
                        receive(liveServer));
            }
        }
    }
}
